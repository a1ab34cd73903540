import { useT } from '../../i18n/i18n.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import type { PhoneState } from './usePhoneState.ts';

// Reset asks first: a class's progress is one press away, so the trainer confirms, told what goes. The safe choice
// has the focus, so a stray Enter keeps everything.
type Props = { open: boolean; phone: PhoneState | undefined; added: number; onCancel: () => void; onConfirm: () => void };

export const ResetDialog = ({ open, phone, added, onCancel, onConfirm }: Props) => {
  const t = useT('demo');
  return (
    <Dialog open={open} title={t('reset.title')} onClose={onCancel}>
      <p>{t('reset.body')}</p>
      {phone?.joined && (
        <ul class="ds-reset-lost">
          {added > 0 && <li>{t('reset.households', { count: added })}</li>}
          {phone.waiting > 0 && <li>{t('reset.waiting', { count: phone.waiting })}</li>}
          <li>{t('reset.member', { name: phone.member?.displayName ?? '' })}</li>
        </ul>
      )}
      <div class="btn-row">
        <button type="button" class="btn ghost" onClick={onCancel} autoFocus>
          {t('reset.cancel')}
        </button>
        <button type="button" class="btn danger" id="demo-reset-confirm" onClick={onConfirm}>
          {t('reset.confirm')}
        </button>
      </div>
    </Dialog>
  );
};
