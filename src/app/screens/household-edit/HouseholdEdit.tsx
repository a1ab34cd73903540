import { useEffect, useMemo, useState } from 'preact/hooks';
import { HOUSEHOLD_FLAGS, type HouseholdFlag } from '../../../core/model/enums.ts';
import { useT } from '../../i18n/i18n.ts';
import { back, navigate } from '../../router.ts';
import type { RouteProps } from '../../router.ts';
import { usePlace } from '../../shell/useMember.ts';
import { createHousehold, removeHousehold, residentsOf, updateHousehold, type HouseholdInput } from '../../store/households-repo.ts';
import { useDb } from '../../store/useLive.ts';
import { BackLink } from '../../ui/BackLink.tsx';
import { Chips } from '../../ui/Chips.tsx';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { useDirty } from '../../ui/dirty.ts';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { errorFor, errorText, toFormErrors, type FormErrors } from '../../ui/issues.ts';
import { TextField } from '../../ui/TextField.tsx';
import { SaveBar } from '../../ui/SaveBar.tsx';
import { toast } from '../../ui/toast.ts';
import { ResidentRows, type ResidentRow } from './ResidentRows.tsx';
import { SimilarWarning } from './SimilarWarning.tsx';
import './household-edit.css';

const EMPTY: HouseholdInput = { headName: '', houseLabel: '', phone: '', flags: [], notes: '' };
const newRow = (label = ''): ResidentRow => ({ key: `new-${Math.random().toString(36).slice(2)}`, label, birthYear: '', sex: null, removed: false });

// Add or edit a household and its residents in one form. A new household starts with one resident row that
// mirrors the head's name until it is edited.
export const HouseholdEdit = ({ params }: RouteProps) => {
  const t = useT('household');
  const db = useDb();
  const place = usePlace();
  const editing = params.id;
  const [form, setForm] = useState<HouseholdInput>(EMPTY);
  const [rows, setRows] = useState<ResidentRow[]>(() => (editing ? [] : [newRow()]));
  const [initial, setInitial] = useState<string>(() => JSON.stringify([EMPTY, editing ? [] : [{ ...newRow(), key: '' }]]));
  const [loaded, setLoaded] = useState(!editing);
  const [missing, setMissing] = useState(false);
  const [mirror, setMirror] = useState(!editing);
  const [errors, setErrors] = useState<FormErrors>();
  const [busy, setBusy] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);

  useEffect(() => {
    if (!editing) return;
    void (async () => {
      const h = await db.households.get(editing);
      if (!h) return setMissing(true);
      const people = await residentsOf(db, editing);
      const f = { headName: h.headName, houseLabel: h.houseLabel, phone: h.phone, flags: [...h.flags], notes: h.notes };
      const rs = people.map((r) => ({ key: r.id, id: r.id, label: r.label, birthYear: String(r.birthYear), sex: r.sex, removed: false }));
      setForm(f);
      setRows(rs);
      setInitial(JSON.stringify([f, rs]));
      setLoaded(true);
    })();
  }, [editing]);

  const snapshot = useMemo(() => JSON.stringify([form, rows.map((r) => ({ ...r, key: r.id ? r.key : '' }))]), [form, rows]);
  const dirty = loaded && snapshot !== initial;
  useDirty('household-edit', dirty);

  const set = (patch: Partial<HouseholdInput>) => {
    setForm((f) => ({ ...f, ...patch }));
    if (mirror && patch.headName !== undefined) setRows((rs) => rs.map((r, i) => (i === 0 ? { ...r, label: patch.headName! } : r)));
  };
  const setResidentRows = (next: ResidentRow[]) => {
    if (mirror && next[0]?.label !== rows[0]?.label) setMirror(false);
    setRows(next);
  };

  const save = async (e: Event) => {
    e.preventDefault();
    if (!place?.current) return;
    setBusy(true);
    const residents = rows.map((r) => ({ id: r.id, label: r.label, birthYear: r.birthYear === '' ? null : Number(r.birthYear), sex: r.sex, removed: r.removed }));
    try {
      let id = editing;
      if (editing) await updateHousehold(db, editing, form, residents);
      else id = (await createHousehold(db, place.current.id, form, residents.filter((r) => !r.removed))).id;
      setInitial(snapshot);
      toast(t(editing ? 'edit.saved' : 'edit.created', { name: form.headName.trim() }));
      navigate(`/households/${id}`, { replace: true, force: true });
    } catch (err) {
      setErrors(toFormErrors(t, err));
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!editing) return;
    try {
      await removeHousehold(db, editing);
      toast(t('edit.removed', { name: form.headName }));
      navigate('/households', { replace: true, force: true });
    } catch (err) {
      setConfirmRemove(false);
      setErrors({ issues: [], message: errorText(t, err) });
    }
  };

  if (missing)
    return (
      <div class="screen">
        <h1>{t('missing.title')}</h1>
        <p>{t('missing.body')}</p>
      </div>
    );
  if (!loaded || !place) return <p class="loading">{t('common:loading')}</p>;
  return (
    <div class="screen household-edit">
      <BackLink href={editing ? `/households/${editing}` : '/households'} label={editing ? t('backToHousehold') : t('backToRoster')} />
      <h1>{editing ? t('editTitle') : t('newTitle')}</h1>
      {!editing && place.current && <p class="lead">{t('edit.inVillage', { village: place.current.name })}</p>}
      <form onSubmit={save} noValidate>
        <ErrorSummary errors={errors} />
        <TextField name="headName" label={t('edit.headName')} value={form.headName} onValue={(v) => set({ headName: v })} required maxLength={120} error={errorFor(t, errors, 'headName')} />
        <TextField name="houseLabel" label={t('edit.houseLabel')} hint={t('edit.houseLabelHint')} value={form.houseLabel} onValue={(v) => set({ houseLabel: v })} maxLength={120} error={errorFor(t, errors, 'houseLabel')} />
        <TextField name="phone" type="tel" inputMode="tel" label={t('edit.phone')} hint={t('edit.phoneHint')} value={form.phone} onValue={(v) => set({ phone: v })} maxLength={20} error={errorFor(t, errors, 'phone')} />
        {!editing && place.current && <SimilarWarning villageId={place.current.id} headName={form.headName} houseLabel={form.houseLabel} phone={form.phone} />}
        <Chips
          multiple
          name="flags"
          legend={t('edit.flags')}
          value={form.flags}
          onChange={(v) => set({ flags: v as HouseholdFlag[] })}
          options={HOUSEHOLD_FLAGS.map((f) => ({ value: f, label: t(`domain:flag.${f}`) }))}
          error={errorFor(t, errors, 'flags')}
        />
        <ResidentRows rows={rows} onChange={setResidentRows} errors={errors} />
        <TextField name="notes" multiline label={t('edit.notes')} hint={t('edit.notesHint')} value={form.notes} onValue={(v) => set({ notes: v })} maxLength={1000} error={errorFor(t, errors, 'notes')} />
        {editing && (
          <div class="danger-zone">
            <button type="button" class="btn danger" onClick={() => setConfirmRemove(true)}>
              {t('edit.remove')}
            </button>
          </div>
        )}
        <SaveBar save={t('edit.save')} busy={busy} onCancel={() => back(editing ? `/households/${editing}` : '/households')} />
      </form>
      {confirmRemove && (
        <ConfirmDialog title={t('edit.removeTitle')} confirm={t('edit.removeConfirm')} onConfirm={remove} onClose={() => setConfirmRemove(false)}>
          <p>{t('edit.removeBody', { name: form.headName })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
};
