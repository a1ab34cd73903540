import { useT } from '../i18n/i18n.ts';

// The foot of a form: Cancel (goes back without saving) and the form's submit, which reads "Saving…" and is
// disabled while the save runs.
export const SaveBar = ({ save, busy, onCancel }: { save: string; busy: boolean; onCancel: () => void }) => {
  const t = useT('common');
  return (
    <div class="actionbar">
      <button type="button" class="btn ghost" onClick={onCancel}>
        {t('actions.cancel')}
      </button>
      <button type="submit" class="btn primary" disabled={busy}>
        {busy ? t('actions.saving') : save}
      </button>
    </div>
  );
};
