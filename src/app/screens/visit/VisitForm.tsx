import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { checklistCellId, type CatalogueItem } from '../../../core/model/checklist.ts';
import { LANGUAGES, OUTCOMES, PROCEDURE_FIELDS, type Language, type Outcome, type ProcedureField } from '../../../core/model/enums.ts';
import { FOLLOW_UP_DEFAULT_DAYS, needsFollowUpDate } from '../../../core/model/followup.ts';
import { itemsOf, outcomeOf, pickedFrom, type Picked } from './picked.ts';
import type { Visit, VisitItem } from '../../../core/model/visit.ts';
import { formatDate } from '../../i18n/format.ts';
import { currentLang, useT } from '../../i18n/i18n.ts';
import { back, navigate } from '../../router.ts';
import type { RouteProps } from '../../router.ts';
import { usePlace } from '../../shell/useMember.ts';
import { eligibleFor } from '../../store/checklist-repo.ts';
import { useDb } from '../../store/useLive.ts';
import { lastLanguage, logVisit } from '../../store/visits-repo.ts';
import { BackLink } from '../../ui/BackLink.tsx';
import { Chips } from '../../ui/Chips.tsx';
import { isoInDays, todayIso } from '../../ui/dates.ts';
import { useDirty } from '../../ui/dirty.ts';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { errorFor, toFormErrors, type FormErrors } from '../../ui/issues.ts';
import { Stepper } from '../../ui/Stepper.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { SaveBar } from '../../ui/SaveBar.tsx';
import { toast } from '../../ui/toast.ts';
import { useHousehold } from '../household/useHousehold.ts';
import './visit.css';

type Form = {
  picked: Record<string, Picked>; // by item id
  dossiers: Partial<Record<ProcedureField, number>>;
  language: Language;
  minutes: number | null;
  note: string;
  followUpOn: string;
  reason: string;
};

export const DEFAULT_MINUTES = 15;
const FOLLOW_UP_DAYS = [3, 7, 14] as const;

const fromVisit = (v: Visit): Form => ({
  picked: pickedFrom(v.items),
  dossiers: Object.fromEntries(v.dossiers.map((d) => [d.field, d.count])),
  language: v.language,
  minutes: v.minutes,
  note: v.note,
  followUpOn: v.followUpOn ?? '',
  reason: '',
});

// Log a visit. The routine case is five taps from the household: [Log a visit] → an item → a resident → another
// resident → [Save]; the outcome defaults to "done", the language to the last one used, the minutes to 15.
// With ?replaces=<visit id> the form corrects that visit (a new visit that voids and replaces it).
export const VisitForm = ({ params, query }: RouteProps) => {
  const t = useT('visit');
  const db = useDb();
  const place = usePlace();
  const data = useHousehold(params.id);
  const replacesId = query.get('replaces');
  const [form, setForm] = useState<Form | undefined>();
  const [initial, setInitial] = useState('');
  const [replaces, setReplaces] = useState<Visit>();
  const [errors, setErrors] = useState<FormErrors>();
  const [busy, setBusy] = useState(false);
  const saving = useRef(false);
  const lang = currentLang();
  const year = new Date().getFullYear();

  useEffect(() => {
    void (async () => {
      const old = replacesId ? await db.visits.get(replacesId) : undefined;
      const f: Form = old
        ? fromVisit(old)
        : { picked: {}, dossiers: {}, language: await lastLanguage(db), minutes: DEFAULT_MINUTES, note: '', followUpOn: '', reason: '' };
      setReplaces(old);
      setForm(f);
      setInitial(JSON.stringify(f));
    })();
  }, [replacesId]);
  useDirty('visit', !!form && JSON.stringify(form) !== initial);

  // Items that apply to someone in this household, with how many eligible people are not done yet.
  const offered = useMemo(() => {
    if (!data) return [];
    return data.catalogue.flatMap((item) => {
      const eligible = item.level === 'household' ? (eligibleFor(item, data.household, year) ? [null] : []) : data.residents.filter((r) => eligibleFor(item, r, year));
      if (!eligible.length && !form?.picked[item.id]) return [];
      const open = eligible.filter((r) => data.cells.get(checklistCellId(item.id, r?.id ?? data.household.id))?.state !== 'done').length;
      return [{ item, eligible, open }];
    });
  }, [data, form?.picked]);

  if (!data || !form || !place) return <p class="loading">{t('common:loading')}</p>;
  const set = (patch: Partial<Form>) => setForm((f) => (f ? { ...f, ...patch } : f));
  const chosen = offered.filter((o) => form.picked[o.item.id]);
  const togglePicked = (ids: string[]) => {
    const picked: Record<string, Picked> = {};
    for (const id of ids) picked[id] = form.picked[id] ?? { residentIds: [], outcome: 'done' };
    set({ picked });
  };
  // Choosing "cần hỗ trợ lại" for anyone fills in the follow-up date (in 7 days) when none is set; it stays editable.
  const setPicked = (itemId: string, patch: Partial<Picked>) =>
    setForm((f) => {
      if (!f) return f;
      const picked = { ...f.picked, [itemId]: { ...f.picked[itemId], ...patch } };
      const wants = Object.entries(picked).some(([, p]) => p.outcome === 'follow-up' || Object.values(p.by ?? {}).includes('follow-up'));
      return { ...f, picked, followUpOn: wants && !f.followUpOn ? isoInDays(FOLLOW_UP_DEFAULT_DAYS) : f.followUpOn };
    });
  const itemsNow = (): VisitItem[] => chosen.flatMap(({ item }) => itemsOf(item.id, item.level, form.picked[item.id]));
  const wantsDate = needsFollowUpDate(itemsNow());
  const needsFollowUp = wantsDate && !form.followUpOn;

  const save = async (e: Event) => {
    e.preventDefault();
    if (saving.current) return;
    saving.current = true;
    // The save takes a few milliseconds: re-rendering this long form to show "Saving…" would cost more than the
    // save itself, so the busy state shows only if the phone is slow.
    const slow = setTimeout(() => setBusy(true), 200);
    const items = itemsNow();
    const dossiers = PROCEDURE_FIELDS.flatMap((field) => (form.dossiers[field] ? [{ field, count: form.dossiers[field]! }] : []));
    try {
      await logVisit(db, data.household.id, { items, dossiers, language: form.language, minutes: form.minutes, note: form.note, followUpOn: form.followUpOn || null }, place.member, {
        replaces,
        reason: form.reason,
      });
      clearTimeout(slow);
      setInitial(JSON.stringify(form));
      toast(t(replaces ? 'corrected' : 'saved'));
      navigate(`/households/${data.household.id}`, { replace: true, force: true });
    } catch (err) {
      clearTimeout(slow);
      saving.current = false;
      setErrors(toFormErrors(t, err));
      setBusy(false);
    }
  };

  const itemIndex = (item: CatalogueItem) => chosen.findIndex((o) => o.item.id === item.id);
  const dossierTotal = Object.values(form.dossiers).reduce((a, b) => a + (b ?? 0), 0);
  return (
    <div class="screen visit-form">
      <BackLink href={`/households/${data.household.id}`} label={data.household.headName} />
      <h1>{replaces ? t('correctTitle') : t('title')}</h1>
      <p class="lead">{replaces ? t('correctLead', { date: formatDate(replaces.at) }) : data.household.headName}</p>
      <form onSubmit={save} noValidate>
        <ErrorSummary errors={errors} />
        <Chips
          multiple
          name="items"
          legend={t('items')}
          value={Object.keys(form.picked)}
          onChange={togglePicked}
          options={offered.map(({ item, eligible, open }) => ({
            value: item.id,
            label: item.short[lang],
            hint: item.level === 'household' ? t('householdItem') : open ? t('openCount', { count: open, n: open }) : t('allDone', { n: eligible.length }),
          }))}
          error={errorFor(t, errors, 'items')}
        />
        {offered.length === 0 && <p class="hint">{t('noItems')}</p>}
        {chosen.map(({ item, eligible }) => {
          const i = itemIndex(item);
          const p = form.picked[item.id];
          return (
            <fieldset key={item.id} class="card item-panel">
              <legend>{item.label[lang]}</legend>
              {item.level === 'resident' && (
                <Chips
                  multiple
                  name={`items.${i}.residentIds`}
                  legend={t('who')}
                  value={p.residentIds}
                  onChange={(ids) => setPicked(item.id, { residentIds: ids })}
                  options={eligible.map((r) => ({
                    value: r!.id,
                    label: r!.label,
                    hint: data.cells.get(checklistCellId(item.id, r!.id))?.state === 'done' ? t('alreadyDone') : t('domain:age', { n: year - r!.birthYear }),
                  }))}
                  error={errorFor(t, errors, `items.${i}.residentIds`)}
                />
              )}
              <Chips
                name={`items.${i}.outcome`}
                legend={item.level === 'resident' && p.residentIds.length > 1 ? t('outcomeAll') : t('outcome')}
                value={p.outcome}
                onChange={(o) => setPicked(item.id, { outcome: o, by: undefined })}
                options={OUTCOMES.map((o) => ({ value: o, label: t(`domain:outcome.${o}`) }))}
                error={errorFor(t, errors, `items.${i}.outcome`)}
              />
              {item.level === 'resident' && p.residentIds.length > 1 && (
                <fieldset class="per-resident">
                  <legend>{t('outcomeEach')}</legend>
                  {p.residentIds.map((rid) => {
                    const r = data.residents.find((x) => x.id === rid);
                    const sel = `oc-${item.id}-${rid}`;
                    return (
                      <div key={rid} class="per-resident-row">
                        <label for={sel}>{r?.label ?? rid}</label>
                        <select id={sel} value={outcomeOf(p, rid)} onChange={(e) => setPicked(item.id, { by: { ...p.by, [rid]: (e.target as HTMLSelectElement).value as Outcome } })}>
                          {OUTCOMES.map((o) => (
                            <option key={o} value={o}>
                              {t(`domain:outcome.${o}`)}
                            </option>
                          ))}
                        </select>
                      </div>
                    );
                  })}
                </fieldset>
              )}
            </fieldset>
          );
        })}
        <details class="card dossiers" open={dossierTotal > 0 || errors?.issues.some((x) => x.field.startsWith('dossiers'))}>
          <summary>
            {t('dossiers')}
            {dossierTotal > 0 && <span class="tag">{t('dossierTotal', { n: dossierTotal })}</span>}
          </summary>
          <p class="hint">{t('dossiersHint')}</p>
          {PROCEDURE_FIELDS.map((field) => (
            <Stepper
              key={field}
              name={`dossiers.${field}`}
              label={t(`domain:procedure.${field}`)}
              value={form.dossiers[field] ?? 0}
              max={1000}
              onValue={(n) => set({ dossiers: { ...form.dossiers, [field]: n ?? 0 } })}
            />
          ))}
        </details>
        <Chips name="language" legend={t('language')} value={form.language} onChange={(l) => set({ language: l })} options={LANGUAGES.map((l) => ({ value: l, label: t(`domain:language.${l}`) }))} error={errorFor(t, errors, 'language')} />
        <Stepper required name="minutes" label={t('minutes')} hint={t('minutesHint')} value={form.minutes} step={5} max={1440} onValue={(m) => set({ minutes: m })} error={errorFor(t, errors, 'minutes')} />
        <fieldset class={`followup-pick${errorFor(t, errors, 'followUpOn') ? ' has-error' : ''}`}>
          <legend>{t('followUp')}</legend>
          {needsFollowUp && <p class="hint warn-text">{t('followUpSuggested')}</p>}
          <div class="chip-row">
            {FOLLOW_UP_DAYS.map((d) => {
              const iso = isoInDays(d);
              return (
                <button key={d} type="button" class={`chip${form.followUpOn === iso ? ' on' : ''}`} aria-pressed={form.followUpOn === iso} onClick={() => set({ followUpOn: form.followUpOn === iso ? '' : iso })}>
                  <span class="chip-mark" aria-hidden="true" />
                  <span class="chip-text">{t('inDays', { count: d, n: d })}</span>
                </button>
              );
            })}
          </div>
          <TextField name="followUpOn" type="date" label={t('followUpDate')} hint={t(wantsDate ? 'followUpRequired' : 'followUpHint')} value={form.followUpOn} min={todayIso()} onValue={(v) => set({ followUpOn: v })} error={errorFor(t, errors, 'followUpOn')} class="short" />
        </fieldset>
        <TextField name="note" multiline label={t('note')} hint={t('noteHint')} value={form.note} onValue={(v) => set({ note: v })} maxLength={1000} error={errorFor(t, errors, 'note')} />
        {replaces && <TextField name="reason" label={t('reason')} value={form.reason} onValue={(v) => set({ reason: v })} maxLength={120} error={errorFor(t, errors, 'reason')} />}
        <SaveBar save={t('save')} busy={busy} onCancel={() => back(`/households/${data.household.id}`)} />
      </form>
    </div>
  );
};
