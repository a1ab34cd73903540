import { useState } from 'preact/hooks';
import { formatDate } from '../i18n/format.ts';
import { useT } from '../i18n/i18n.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { toast } from './toast.ts';

// A visit's or a session's note with a way to erase its text (visit.redact / session.redact): after a
// confirmation the text is gone from this phone at once, and from the server and every phone once synced. An
// erased note says so, with the day.
export const ErasableNote = ({ note, redactedAt, onErase }: { note: string; redactedAt?: number; onErase: () => Promise<void> }) => {
  const t = useT('common');
  const [asking, setAsking] = useState(false);
  if (redactedAt !== undefined) return <p class="muted note-erased">{t('note.erasedOn', { date: formatDate(redactedAt) })}</p>;
  if (!note) return null;
  const erase = async () => {
    await onErase();
    toast(t('note.erased'));
    setAsking(false);
  };
  return (
    <>
      <p class="note">{note}</p>
      <button type="button" class="btn small ghost" onClick={() => setAsking(true)}>
        {t('note.erase')}
      </button>
      {asking && (
        <ConfirmDialog title={t('note.eraseTitle')} confirm={t('note.eraseConfirm')} onConfirm={erase} onClose={() => setAsking(false)}>
          <p>{t('note.eraseBody')}</p>
        </ConfirmDialog>
      )}
    </>
  );
};
