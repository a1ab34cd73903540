import type { AnyT } from '../../i18n/i18n.ts';
import { useRef, useState } from 'preact/hooks';
import type { MutationName } from '../../../core/sync/protocol.ts';
import { useT } from '../../i18n/i18n.ts';
import { formatNumber } from '../../i18n/format.ts';
import { usePwa } from '../../pwa/pwa.ts';
import type { AppDb, AttentionEntry, OutboxEntry } from '../../store/db.ts';
import { useLive } from '../../store/useLive.ts';
import { whenText } from '../../sync/badge-text.ts';
import { SyncIcon } from '../../sync/SyncIcon.tsx';
import type { SyncView } from '../../sync/status.ts';
import { requestSync } from '../../sync/status-bus.ts';
import { useSyncStatus } from '../../sync/useSyncStatus.ts';
import { errorText, issueText } from '../../ui/issues.ts';
import { CodedError } from '../../../core/errors.ts';
import { attentionFile, attentionFileName, attentionTarget, dismissAttention } from '../../store/attention.ts';
import { useDb } from '../../store/useLive.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { downloadJson } from '../../ui/download-backup.ts';
import { toast } from '../../ui/toast.ts';
import { describe, loadNames, type Names } from './describe.ts';
import '../../sync/sync.css';

// The sync screen: where things stand, what is waiting (and that it is safe), what the commune refused and why, and
// "Gửi ngay". With hundreds waiting, a progress bar while they go out and a summary by kind instead of a long list.
const SHOWN = 10;
const SUMMARY_UP_TO = 3000; // beyond this the per-kind summary would cost a full scan on every change

type Data = {
  waiting: OutboxEntry[];
  waitingCount: number;
  kinds?: [MutationName, number][];
  attention: AttentionEntry[];
  names: Names;
};

// While a sync runs the outbox changes with every batch, and reading it each time would slow the sync down: the
// lists keep what they showed (the progress bar moves instead) and are read again when the run ends.
const load = async (db: AppDb, running: boolean): Promise<Data | null> => {
  if (running) return null;
  const [waitingCount, attention] = await Promise.all([db.outbox.count(), db.attention.orderBy('seq').reverse().limit(200).toArray()]);
  const waiting = await db.outbox.orderBy('seq').limit(SHOWN).toArray();
  let kinds: Data['kinds'];
  if (waitingCount > SHOWN && waitingCount <= SUMMARY_UP_TO) {
    const n = new Map<MutationName, number>();
    await db.outbox.each((e) => void n.set(e.name, (n.get(e.name) ?? 0) + 1));
    kinds = [...n].sort((a, b) => b[1] - a[1]);
  }
  return { waiting, waitingCount, kinds, attention, names: await loadNames(db, [...waiting, ...attention]) };
};

const EMPTY: Data = { waiting: [], waitingCount: 0, attention: [], names: { households: new Map(), items: new Map() } };

const statusText = (t: AnyT, v: SyncView): string =>
  v.kind === 'must-rejoin'
    ? t(`screen.status.must-rejoin-${v.problem && v.problem.code !== 'upgrade' ? v.problem.code : 'unauthorized'}`)
    : t(`screen.status.${v.kind}`);

export const SyncScreen = () => {
  const t = useT('sync');
  const view = useSyncStatus();
  const running = view?.kind === 'syncing';
  const fresh = useLive((db) => load(db, running), [running]);
  // Keeps showing the last lists while the query restarts (a sync starting or ending), instead of a blank.
  const last = useRef<Data | undefined>(undefined);
  if (fresh) last.current = fresh;
  const data = fresh ?? last.current ?? (running ? EMPTY : undefined);
  const pwa = usePwa();
  const db = useDb();
  const [asked, setAsked] = useState(false);
  const [dismissing, setDismissing] = useState<AttentionEntry>();
  const exportAttention = async (seqs?: number[]) => {
    try {
      const file = await attentionFile(db, seqs);
      downloadJson(file, attentionFileName(file));
      toast(t('screen.exported', { count: file.entries.length }));
    } catch (e) {
      toast(errorText(t, e));
    }
  };
  const dismiss = async () => {
    if (!dismissing) return;
    try {
      await dismissAttention(db, [dismissing.seq]);
      toast(t('screen.dismissed'));
    } catch (e) {
      toast(errorText(t, e));
    }
    setDismissing(undefined);
  };
  if (!view || !data) return <p class="loading">{t('common:loading')}</p>;
  const waitingCount = running ? view.waiting : data.waitingCount;

  const sendNow = async () => {
    setAsked(true);
    try {
      await requestSync();
    } finally {
      setAsked(false);
    }
  };
  const progress = view.progress && view.progress.total >= 100 ? view.progress : undefined;

  return (
    <div class="screen sync-screen">
      <h1>{t('screen.title')}</h1>

      <section class={`card status-card is-${view.kind}`} aria-live="polite" aria-labelledby="sync-status">
        <SyncIcon kind={view.kind} size={28} />
        <div>
          <p id="sync-status">
            <strong>{statusText(t, view)}</strong>
          </p>
          {view.kind !== 'local' && (
            <p>
              {view.lastSentAt === undefined
                ? t('screen.neverSent')
                : view.kind === 'all-sent'
                  ? t('screen.lastSent', { time: whenText(view.lastSentAt) })
                  : t('screen.lastSync', { time: whenText(view.lastSentAt) })}
            </p>
          )}
          {view.error && view.kind !== 'must-rejoin' && view.kind !== 'must-update' && !running && (
            <p class="error-line">{t('screen.lastError', { reason: view.error === 'network' ? t('screen.networkError') : errorText(t, new CodedError(view.error)) })}</p>
          )}
          {view.nextAttemptAt !== undefined && view.error && !running && view.kind !== 'must-rejoin' && <p class="hint">{t('screen.nextTry', { time: whenText(view.nextAttemptAt) })}</p>}
          {progress && (
            <div>
              <label for="sync-progress">{t('screen.progress', { done: formatNumber(progress.done), total: formatNumber(progress.total) })}</label>
              <progress id="sync-progress" max={progress.total} value={progress.done} aria-label={t('screen.progressLabel')} />
            </div>
          )}
        </div>
      </section>

      {view.kind === 'local' || view.kind === 'must-rejoin' ? (
        <div class="actionbar">
          <a class="btn primary" href={`/join`}>
            {view.kind === 'local' ? t('screen.join') : t('screen.rejoin')}
          </a>
        </div>
      ) : view.kind === 'must-update' ? (
        <div class="actionbar">
          <button type="button" class="btn primary" onClick={() => (pwa.update ? void pwa.update() : location.reload())}>
            {t('screen.update')}
          </button>
        </div>
      ) : (
        <div class="actionbar">
          <button type="button" class="btn primary" onClick={sendNow} disabled={running || asked} aria-disabled={running || asked}>
            <SyncIcon kind="syncing" />
            {running || asked ? t('screen.sending') : waitingCount ? t('screen.sendNow') : t('screen.checkNow')}
          </button>
        </div>
      )}

      <section aria-labelledby="sync-attention">
        <h2 id="sync-attention">{t('screen.attentionTitle', { count: data.attention.length })}</h2>
        {data.attention.length ? (
          <>
            <p class="hint">{t('screen.attentionHint')}</p>
            <div class="btn-row">
              <button type="button" class="btn small ghost" onClick={() => exportAttention()}>
                {t('screen.exportAll')}
              </button>
            </div>
            <ul class="sync-list card" data-list="attention">
              {data.attention.map((e) => (
                <li key={e.seq}>
                  <div class="what">{describe(t, e, data.names)}</div>
                  <div class="reason">
                    {e.status === 'flagged' ? t('screen.flagged') : errorText(t, new CodedError(e.reason ?? 'internal'))}
                    {e.issues?.length ? (
                      <ul>
                        {e.issues.map((i) => (
                          <li key={i.field + i.rule}>{issueText(t, i)}</li>
                        ))}
                      </ul>
                    ) : null}
                  </div>
                  <div class="meta">{t('screen.refusedAt', { time: whenText(e.at) })}</div>
                  <div class="btn-row attention-actions">
                    {attentionTarget(e) && (!attentionTarget(e)!.startsWith('/households/') || data.names.households.has(String(e.name === 'household.put' ? e.args.id : e.args.householdId))) && (
                      <a class="btn small ghost" href={attentionTarget(e)}>
                        {attentionTarget(e) === '/sessions' ? t('screen.openSessions') : t('screen.open')}
                      </a>
                    )}
                    <button type="button" class="btn small ghost" onClick={() => exportAttention([e.seq])}>
                      {t('screen.exportOne')}
                    </button>
                    <button type="button" class="btn small ghost" onClick={() => setDismissing(e)}>
                      {t('screen.dismiss')}
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p class="empty">{t('screen.attentionEmpty')}</p>
        )}
        {dismissing && (
          <Dialog open title={t('screen.dismissTitle')} onClose={() => setDismissing(undefined)}>
            <p>
              <strong>{describe(t, dismissing, data.names)}</strong>
            </p>
            <p>{t('screen.dismissBody')}</p>
            <div class="btn-row">
              <button type="button" class="btn danger" onClick={dismiss}>
                {t('screen.dismissConfirm')}
              </button>
              <button type="button" class="btn ghost" onClick={() => setDismissing(undefined)}>
                {t('common:actions.cancel')}
              </button>
            </div>
          </Dialog>
        )}
      </section>

      <section aria-labelledby="sync-waiting">
        <h2 id="sync-waiting">{t('screen.waitingTitle', { count: waitingCount })}</h2>
        {waitingCount ? (
          <>
            <p class="hint">{t('screen.waitingHint')}</p>
            {data.kinds && <p>{t('screen.summary', { list: data.kinds.map(([k, n]) => t(`kinds.${k}`, { count: n })).join(', ') })}</p>}
            <ul class="sync-list card" data-list="waiting">
              {data.waiting.map((e) => (
                <li key={e.seq}>
                  <div class="what">{describe(t, e, data.names)}</div>
                  <div class="meta">{t('screen.savedAt', { time: whenText(e.at) })}</div>
                </li>
              ))}
            </ul>
            {waitingCount > data.waiting.length && <p class="hint">{t('screen.more', { count: waitingCount - data.waiting.length })}</p>}
          </>
        ) : (
          <p class="empty">{view.kind === 'local' ? t('screen.waitingEmptyLocal') : t('screen.waitingEmpty')}</p>
        )}
      </section>
    </div>
  );
};
