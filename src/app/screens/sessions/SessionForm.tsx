import { useEffect, useMemo, useState } from 'preact/hooks';
import { SESSION_KINDS, type SessionKind } from '../../../core/model/enums.ts';
import { fold, matchesFolded } from '../../../core/text/fold.ts';
import { currentLang, useT } from '../../i18n/i18n.ts';
import { back, navigate } from '../../router.ts';
import { usePlace } from '../../shell/useMember.ts';
import { activeCatalogue } from '../../store/checklist-repo.ts';
import { addSession } from '../../store/sessions-repo.ts';
import { useDb, useLive } from '../../store/useLive.ts';
import { BackLink } from '../../ui/BackLink.tsx';
import { Chips } from '../../ui/Chips.tsx';
import { todayIso } from '../../ui/dates.ts';
import { useDirty } from '../../ui/dirty.ts';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { errorFor, toFormErrors, type FormErrors } from '../../ui/issues.ts';
import { Stepper } from '../../ui/Stepper.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { SaveBar } from '../../ui/SaveBar.tsx';
import { toast } from '../../ui/toast.ts';
import './sessions.css';

type Form = { villageId: string; kind: SessionKind | null; topics: string[]; attendees: number | null; residentIds: string[]; date: string; place: string; note: string };

// Log a group session: kind, topics (checklist items), attendees (a count, and optionally who from the roster),
// date and place.
export const SessionForm = () => {
  const t = useT('session');
  const db = useDb();
  const place = usePlace();
  const lang = currentLang();
  const [form, setForm] = useState<Form | undefined>();
  const [errors, setErrors] = useState<FormErrors>();
  const [busy, setBusy] = useState(false);
  const [q, setQ] = useState('');
  useEffect(() => {
    if (place && !form) setForm({ villageId: place.current?.id ?? place.member.villageIds[0], kind: null, topics: [], attendees: null, residentIds: [], date: todayIso(), place: '', note: '' });
  }, [place]);
  const data = useLive(
    async (d) => {
      if (!form) return undefined;
      const [catalogue, residents, roster] = await Promise.all([activeCatalogue(d), d.residents.where('villageId').equals(form.villageId).toArray(), d.roster.where('[villageId+sort]').between([form.villageId, ''], [form.villageId, '\uffff']).toArray()]);
      const head = new Map(roster.map((r) => [r.id, r]));
      const live = residents.filter((r) => !r.removed && head.has(r.householdId) && !head.get(r.householdId)!.removed);
      return { catalogue, people: live.map((r) => ({ id: r.id, label: r.label, household: head.get(r.householdId)!.headName, search: fold(`${r.label} ${head.get(r.householdId)!.headName}`) })) };
    },
    [form?.villageId],
  );
  useDirty('session', !!form && (form.kind !== null || form.topics.length > 0 || form.attendees !== null || form.place !== '' || form.note !== '' || form.residentIds.length > 0));
  const matches = useMemo(() => {
    const fq = fold(q);
    return data && fq.length >= 2 ? data.people.filter((p) => !form?.residentIds.includes(p.id) && matchesFolded(p.search, fq)).slice(0, 8) : [];
  }, [data, q, form?.residentIds]);
  if (!form || !place || !data) return <p class="loading">{t('common:loading')}</p>;
  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch });
  const person = new Map(data.people.map((p) => [p.id, p]));

  const save = async (e: Event) => {
    e.preventDefault();
    if (!form.kind) {
      setErrors({ issues: [{ field: 'kind', rule: 'required' }], message: t('errors:codes.invalid') });
      return;
    }
    setBusy(true);
    try {
      await addSession(db, form.villageId, { ...form, kind: form.kind }, place.member, todayIso());
      toast(t('saved'));
      navigate('/sessions', { replace: true, force: true });
    } catch (err) {
      setErrors(toFormErrors(t, err));
      setBusy(false);
    }
  };
  return (
    <div class="screen session-form">
      <BackLink href="/sessions" label={t('listTitle')} />
      <h1>{t('newTitle')}</h1>
      <form onSubmit={save} noValidate>
        <ErrorSummary errors={errors} />
        {place.villages.length > 1 && (
          <Chips name="villageId" legend={t('village')} value={form.villageId} onChange={(v) => set({ villageId: v, residentIds: [] })} options={place.villages.map((v) => ({ value: v.id, label: v.name }))} />
        )}
        <Chips name="kind" legend={t('kind')} value={form.kind} onChange={(k) => set({ kind: k })} options={SESSION_KINDS.map((k) => ({ value: k, label: t(`domain:sessionKind.${k}`) }))} error={errorFor(t, errors, 'kind')} />
        <Chips multiple name="topics" legend={t('topics')} value={form.topics} onChange={(v) => set({ topics: v })} options={data.catalogue.map((i) => ({ value: i.id, label: i.short[lang] }))} error={errorFor(t, errors, 'topics')} />
        <Stepper required name="attendees" label={t('attendees')} hint={t('attendeesHint')} value={form.attendees} max={10000} onValue={(n) => set({ attendees: n })} error={errorFor(t, errors, 'attendees')} />
        <fieldset class="people-pick">
          <legend>{t('people')}</legend>
          <p class="hint">{t('peopleHint')}</p>
          {form.residentIds.length > 0 && (
            <ul class="picked">
              {form.residentIds.map((id) => (
                <li key={id}>
                  <span>
                    {person.get(id)?.label} <small class="muted">({person.get(id)?.household})</small>
                  </span>
                  <button type="button" class="btn small ghost" aria-label={t('unpick', { name: person.get(id)?.label })} onClick={() => set({ residentIds: form.residentIds.filter((x) => x !== id) })}>
                    ✕
                  </button>
                </li>
              ))}
            </ul>
          )}
          <TextField name="peopleSearch" type="search" label={t('peopleSearch')} value={q} onValue={setQ} />
          {matches.length > 0 && (
            <ul class="matches">
              {matches.map((p) => (
                <li key={p.id}>
                  <button
                    type="button"
                    class="btn ghost big"
                    onClick={() => {
                      const ids = [...form.residentIds, p.id];
                      set({ residentIds: ids, attendees: Math.max(form.attendees ?? 0, ids.length) });
                    }}
                  >
                    + {p.label} <small class="muted">({p.household})</small>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        <TextField name="date" type="date" label={t('date')} value={form.date} max={todayIso()} onValue={(v) => set({ date: v })} error={errorFor(t, errors, 'date')} class="short" required />
        <TextField name="place" label={t('place')} hint={t('placeHint')} value={form.place} onValue={(v) => set({ place: v })} maxLength={120} error={errorFor(t, errors, 'place')} />
        <TextField name="note" multiline label={t('note')} value={form.note} onValue={(v) => set({ note: v })} maxLength={1000} error={errorFor(t, errors, 'note')} />
        <SaveBar save={t('save')} busy={busy} onCancel={() => back('/sessions')} />
      </form>
    </div>
  );
};
