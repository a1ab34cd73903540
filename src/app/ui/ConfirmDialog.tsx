import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useT } from '../i18n/i18n.ts';
import { Dialog } from './Dialog.tsx';
import { errorFor, toFormErrors, type FormErrors } from './issues.ts';
import { TextField } from './TextField.tsx';

// The one confirmation for an action that is hard to take back (void a visit or a session with a reason, erase a
// note, remove a household, sign out): what it does, a reason when the action takes one, the action in its own
// words, and Cancel. While the action runs its button is disabled; if it fails the dialog stays open and says why
// (a problem with the reason shows at the field). Closing it on success is the caller's (with its own toast).
type Props = {
  title: string;
  children: ComponentChildren;
  confirm: string;
  onConfirm: (reason: string) => Promise<unknown> | void;
  onClose: () => void;
  // The action records a reason (voids): its label; 120 characters at most, as the record's check says.
  reason?: string;
  tone?: 'danger' | 'primary';
  // The other button's words (default: Cancel).
  cancel?: string;
  busy?: boolean;
};

export const ConfirmDialog = ({ title, children, confirm, onConfirm, onClose, reason: reasonLabel, tone = 'danger', cancel, busy }: Props) => {
  const t = useT('common');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormErrors>();
  const [running, setRunning] = useState(false);
  const run = async () => {
    setRunning(true);
    try {
      await onConfirm(reason);
      setErrors(undefined);
    } catch (e) {
      setErrors(toFormErrors(t, e));
    } finally {
      setRunning(false);
    }
  };
  return (
    <Dialog open title={title} onClose={onClose}>
      {children}
      {errors?.message && (!errors.issues.length || reasonLabel === undefined) && (
        <p class="error" role="alert">
          {errors.message}
        </p>
      )}
      {reasonLabel !== undefined && <TextField name="reason" label={reasonLabel} value={reason} onValue={setReason} maxLength={120} error={errorFor(t, errors, 'reason')} />}
      <div class="btn-row">
        <button type="button" class={`btn ${tone}`} onClick={run} disabled={running || busy}>
          {confirm}
        </button>
        <button type="button" class="btn ghost" onClick={onClose}>
          {cancel ?? t('actions.cancel')}
        </button>
      </div>
    </Dialog>
  );
};
