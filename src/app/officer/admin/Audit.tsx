import { useEffect, useState } from 'preact/hooks';
import type { CatalogueItem } from '../../../core/model/checklist.ts';
import type { RouteProps } from '../../router.ts';
import { checkedKey, currentLang, i18n, useT } from '../../i18n/i18n.ts';
import { get } from '../api.ts';
import { DataTable } from '../DataTable.tsx';
import { ErrorBox } from '../ErrorBox.tsx';
import { Field } from '../Field.tsx';
import { dateTime, parseDate } from '../fmt.ts';
import { OfficerLayout } from '../OfficerLayout.tsx';
import { useApi } from '../useApi.ts';
import { AdminBack } from './AdminHome.tsx';
import { detailWords, subjectWords, type Names } from './audit-words.ts';

// The audit log (nhật ký thay đổi): who changed what, and when, in words, newest first, 100 at a time; filtered by
// person, kind of change and dates (typed dd/mm/yyyy); sign-ins are listed apart from the changes.
type Entry = { id: string; at: number; actorId: string | null; actorName: string | null; action: string; subject: string; details: Record<string, unknown> };
type Answer = { entries: Entry[]; actors: { id: string; name: string }[] };
const KINDS = ['village', 'invite', 'device', 'member', 'team', 'account', 'target', 'catalogue', 'household', 'report'] as const;

export const Audit = (_: RouteProps) => <OfficerLayout area="admin">{() => <AuditBody />}</OfficerLayout>;

const AuditBody = () => {
  const t = useT('officer');
  const lang = currentLang();
  const villages = useApi<{ villages: { id: string; name: string }[] }>('/api/admin/villages');
  const catalogue = useApi<{ items: CatalogueItem[] }>('/api/admin/catalogue');
  const [view, setView] = useState<'changes' | 'signins'>('changes');
  const [actor, setActor] = useState('');
  const [kind, setKind] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [badDate, setBadDate] = useState(false);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [actors, setActors] = useState<Answer['actors']>([]);
  const [error, setError] = useState<unknown>();
  const [more, setMore] = useState(true);
  const [busy, setBusy] = useState(false);
  const query = () => {
    const q = new URLSearchParams({ limit: '100', signins: view === 'signins' ? 'only' : 'without' });
    if (actor) q.set('actor', actor);
    if (kind && view === 'changes') q.set('action', kind);
    const f = from.trim() ? parseDate(from) : null;
    const e = to.trim() ? parseDate(to) : null;
    if (f) q.set('from', f);
    if (e) q.set('to', e);
    return q;
  };
  const load = async (before?: number) => {
    const bad = (from.trim() !== '' && !parseDate(from)) || (to.trim() !== '' && !parseDate(to));
    setBadDate(bad);
    if (bad) return;
    setBusy(true);
    try {
      const q = query();
      if (before) q.set('before', String(before));
      const res = await get<Answer>(`/api/admin/audit?${q}`);
      setEntries((e) => (before ? [...e, ...res.entries] : res.entries));
      setActors(res.actors);
      setMore(res.entries.length === 100);
      setError(undefined);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => void load(), [view, actor, kind]);
  const names: Names = {
    village: (id) => villages.data?.villages.find((v) => v.id === id)?.name,
    item: (id) => catalogue.data?.items.find((i) => i.id === id)?.label[lang],
  };
  const exists = (k: string) => i18n.exists(k);
  const who = (e: Entry) => (e.actorId === null ? t('admin.audit.system') : (e.actorName ?? t('admin.audit.someone')));
  const action = (a: string) => (i18n.exists(`officer:admin.audit.actions.${a}`) ? t(checkedKey(`officer:admin.audit.actions.${a}`)) : a);
  return (
    <>
      <AdminBack />
      <h1>{t('admin.audit.title')}</h1>
      <p class="lead">{t('admin.audit.lead')}</p>
      <div class="btn-row" role="group" aria-label={t('admin.audit.viewLabel')}>
        <button type="button" class={`btn${view === 'changes' ? ' primary' : ''}`} aria-pressed={view === 'changes'} onClick={() => setView('changes')}>
          {t('admin.audit.changes')}
        </button>
        <button type="button" class={`btn${view === 'signins' ? ' primary' : ''}`} aria-pressed={view === 'signins'} onClick={() => setView('signins')}>
          {t('admin.audit.signins')}
        </button>
      </div>
      <form
        class="o-form-row"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <Field id="au-actor" label={t('admin.audit.who')}>
          <select id="au-actor" value={actor} onChange={(e) => setActor(e.currentTarget.value)}>
            <option value="">{t('admin.audit.everyone')}</option>
            {actors.map((a) => (
              <option value={a.id} key={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
        {view === 'changes' && (
          <Field id="au-kind" label={t('admin.audit.kind')}>
            <select id="au-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
              <option value="">{t('admin.audit.allKinds')}</option>
              {KINDS.map((k) => (
                <option value={k} key={k}>
                  {t(`admin.audit.kinds.${k}`)}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field id="au-from" label={t('admin.audit.from')} class="short">
          <input id="au-from" inputMode="numeric" placeholder="dd/mm/yyyy" value={from} onInput={(e) => setFrom(e.currentTarget.value)} aria-invalid={badDate || undefined} />
        </Field>
        <Field id="au-to" label={t('admin.audit.to')} class="short">
          <input id="au-to" inputMode="numeric" placeholder="dd/mm/yyyy" value={to} onInput={(e) => setTo(e.currentTarget.value)} aria-invalid={badDate || undefined} />
        </Field>
        <button type="submit" class="btn" disabled={busy}>
          {t('admin.audit.filter')}
        </button>
      </form>
      {badDate && (
        <p class="error" role="alert">
          {t('admin.audit.badDate')}
        </p>
      )}
      {error ? <ErrorBox error={error} onRetry={() => void load()} /> : null}
      {entries.length === 0 && !busy && !error ? (
        <p class="empty">{t('admin.audit.empty')}</p>
      ) : (
        <DataTable label={t('admin.audit.title')} class="audit wrap-names" cols={[t('admin.audit.when'), t('admin.audit.who'), t('admin.audit.what'), t('admin.audit.details')]}>
          {entries.map((e) => {
            const subject = subjectWords(t, e.subject, names);
            return (
              <tr key={e.id} data-action={e.action}>
                <td>{dateTime(e.at)}</td>
                <td>{who(e)}</td>
                <th scope="row">
                  {action(e.action)}
                  {subject && <small class="muted"> {subject}</small>}
                </th>
                <td class="details">{detailWords(t, e.details, names, exists)}</td>
              </tr>
            );
          })}
        </DataTable>
      )}
      {more && entries.length > 0 && (
        <button type="button" class="btn" disabled={busy} onClick={() => void load(entries[entries.length - 1].at)}>
          {busy ? t('loading') : t('admin.audit.older')}
        </button>
      )}
    </>
  );
};
