import { useState } from 'preact/hooks';
import { formatDate, formatNumber } from '../../i18n/format.ts';
import { currentLang, useT } from '../../i18n/i18n.ts';
import { usePlace } from '../../shell/useMember.ts';
import { activeCatalogue } from '../../store/checklist-repo.ts';
import { redactSession, sessionsOf, voidSession, type SessionRow } from '../../store/sessions-repo.ts';
import { useDb, useLive } from '../../store/useLive.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { Empty } from '../../ui/Empty.tsx';
import { ErasableNote } from '../../ui/ErasableNote.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { toast } from '../../ui/toast.ts';
import '../../ui/lists.css';
import './sessions.css';

// Group sessions of my villages, newest first; a mistaken one is voided (kept, marked).
export const Sessions = () => {
  const t = useT('session');
  const db = useDb();
  const place = usePlace();
  const lang = currentLang();
  const ids = place?.member.villageIds ?? [];
  const data = useLive(async (d) => ({ sessions: await sessionsOf(d, ids), catalogue: await activeCatalogue(d), villages: await d.villages.bulkGet(ids) }), [ids.join(',')]);
  const [voiding, setVoiding] = useState<SessionRow>();
  if (!data || !place) return <p class="loading">{t('common:loading')}</p>;
  const item = new Map(data.catalogue.map((i) => [i.id, i.short[lang]]));
  const village = new Map(data.villages.flatMap((v) => (v ? [[v.id, v.name]] : [])));
  return (
    <div class="screen sessions">
      <h1>{t('listTitle')}</h1>
      {data.sessions.length === 0 ? (
        <Empty title={t('empty.title')}>
          <p>{t('empty.body')}</p>
        </Empty>
      ) : (
        <ol class="visits">
          {data.sessions.map((s) => (
            <li key={s.id} class={`card visit${s.voided ? ' voided' : ''}`}>
              <p class="visit-head">
                <strong>{formatDate(s.date)}</strong> · {t(`domain:sessionKind.${s.kind}`)}
                {s.voided && <span class="tag danger">{t('voidedTag')}</span>}
              </p>
              <p>{s.topics.map((x) => item.get(x) ?? x).join(', ')}</p>
              <p class="muted">
                {t('attendeesN', { count: s.attendees, n: formatNumber(s.attendees) })}
                {s.place && ` · ${s.place}`}
                {ids.length > 1 && ` · ${village.get(s.villageId) ?? ''}`} · {s.memberName}
              </p>
              <ErasableNote note={s.note} redactedAt={s.redactedAt} onErase={() => redactSession(db, s, place.member)} />
              {!s.voided && (
                <button type="button" class="btn small danger" onClick={() => setVoiding(s)}>
                  {t('void')}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      <div class="actionbar">
        <a class="btn primary" href="/sessions/new">
          <Icon name="plus" />
          <span>{t('newTitle')}</span>
        </a>
      </div>
      {voiding && (
        <ConfirmDialog
          title={t('voidTitle')}
          reason={t('voidReason')}
          confirm={t('void')}
          onConfirm={async (reason) => {
            await voidSession(db, voiding, reason, place.member);
            toast(t('voided'));
            setVoiding(undefined);
          }}
          onClose={() => setVoiding(undefined)}
        >
          <p>{t('voidBody', { date: formatDate(voiding.date) })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
};
