import { useState } from 'preact/hooks';
import { useT } from '../../i18n/i18n.ts';
import { getLockState, lockNow, onLockChange } from '../../phone/lock.ts';
import { memberDb, setFirstPin, signOut, switchMember, unsentNotExported, type SetPinProblem } from '../../phone/members.ts';
import { getLockMinutes, setLockMinutes } from '../../phone/registry.ts';
import { usePhoneMembers } from '../../phone/usePhoneMembers.ts';
import { useDb, useLive } from '../../store/useLive.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { downloadBackup } from '../../ui/download-backup.ts';
import { Empty } from '../../ui/Empty.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { errorText } from '../../ui/issues.ts';
import { toast } from '../../ui/toast.ts';
import { useExternal } from '../../ui/useExternal.ts';
import './members.css';

const LOCK_CHOICES = [1, 2, 5, 10, 15, 30];

// Who uses this phone: switch to another member (their PIN first), add another member with their own invite
// code, lock now, how soon the phone locks itself, and sign out (refused while unsent changes are not in a file).
export const Members = () => {
  const t = useT('members');
  const db = useDb();
  const members = usePhoneMembers();
  const lock = useExternal(onLockChange, getLockState);
  const minutes = useLive(() => getLockMinutes(), []);
  const unsent = useLive((d) => unsentNotExported(d), []);
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const me = members?.find((m) => m.dbName === db.name);
  const [pin, setPin] = useState('');
  const [pinAgain, setPinAgain] = useState('');
  const [pinIssue, setPinIssue] = useState<SetPinProblem>();
  const savePin = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const problem = await setFirstPin(db.name, pin, pinAgain);
      setPinIssue(problem);
      if (!problem) {
        setPin('');
        setPinAgain('');
        toast(t('pinSet'));
      }
    } catch (err) {
      toast(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  const doSignOut = async () => {
    setBusy(true);
    try {
      const r = await signOut(db.name);
      if (!r.ok) toast(t('signOutRefused', { count: r.unsent }));
    } catch (e) {
      toast(errorText(t, e));
    } finally {
      setBusy(false);
      setConfirm(false);
    }
  };
  const doExport = async () => {
    setBusy(true);
    try {
      toast(t('exported', { file: await downloadBackup(memberDb(db.name)) }));
    } catch (e) {
      toast(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  if (!members) return <p class="loading">{t('common:loading')}</p>;
  return (
    <div class="screen">
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      {members.length === 0 ? (
        <Empty title={t('none')}>
          <p>{t('noneHint')}</p>
        </Empty>
      ) : (
        <ul class="members-list">
          {members.map((m) => (
            <li key={m.dbName}>
              <span>
                <strong>{m.displayName}</strong>
                {m.dbName === db.name && <span class="tag">{t('current')}</span>}
                {!m.pin && <small class="hint"> {t('noPin')}</small>}
              </span>
              {m.dbName !== db.name && (
                <button type="button" class="btn small" onClick={() => void switchMember(m.dbName)}>
                  {t('switch')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a class="btn primary" href="/join?mode=add">
          {t('add')}
        </a>
      </p>
      {me && !me.pin && (
        <section aria-labelledby="m-pin" class="card">
          <h2 id="m-pin">{t('setPinTitle')}</h2>
          <p>{t('setPinBody')}</p>
          <form onSubmit={savePin} noValidate>
            <TextField name="pin" type="password" inputMode="numeric" label={t('pin')} hint={t('pinHint')} value={pin} onValue={setPin} required maxLength={6} autoComplete="new-password" error={pinIssue?.field === 'pin' ? t(`pinError.${pinIssue.rule}`) : undefined} />
            <TextField name="pinAgain" type="password" inputMode="numeric" label={t('pinAgain')} value={pinAgain} onValue={setPinAgain} required maxLength={6} autoComplete="new-password" error={pinIssue?.field === 'pinAgain' ? t(`pinError.${pinIssue.rule}`) : undefined} />
            <button type="submit" class="btn primary" disabled={busy}>
              {t('setPin')}
            </button>
          </form>
        </section>
      )}
      {me?.pin && (
        <section aria-labelledby="m-lock">
          <h2 id="m-lock">{t('lockTitle')}</h2>
          <p>
            <button type="button" class="btn" onClick={() => void lockNow()} disabled={lock.locked}>
              {t('common:lock.lockNow')}
            </button>
          </p>
          <div class="field">
            <label for="f-lockMinutes">{t('lockAfter')}</label>
            <select id="f-lockMinutes" value={String(minutes ?? 5)} onChange={(e) => void setLockMinutes(Number(e.currentTarget.value))}>
              {LOCK_CHOICES.map((n) => (
                <option key={n} value={String(n)}>
                  {t('minutes', { count: n })}
                </option>
              ))}
            </select>
          </div>
        </section>
      )}
      <section aria-labelledby="m-out">
        <h2 id="m-out">{t('signOutTitle')}</h2>
        <p>{t('signOutBody')}</p>
        {!!unsent && (
          <p class="card warn" role="status">
            {t('unsent', { count: unsent })}
          </p>
        )}
        <p class="actions">
          <button type="button" class="btn" onClick={() => void doExport()} disabled={busy}>
            {t('export')}
          </button>
          <button type="button" class="btn danger" onClick={() => setConfirm(true)} disabled={busy}>
            {t('signOut')}
          </button>
        </p>
      </section>
      {confirm &&
        (unsent ? (
          // Unsent changes not in a file: sign-out is refused; the way on is to save them first.
          <ConfirmDialog title={t('signOutConfirmTitle')} tone="primary" confirm={t('export')} cancel={t('common:actions.close')} busy={busy} onConfirm={doExport} onClose={() => setConfirm(false)}>
            <p role="alert">{t('signOutRefused', { count: unsent })}</p>
          </ConfirmDialog>
        ) : (
          <ConfirmDialog title={t('signOutConfirmTitle')} confirm={t('signOutYes')} busy={busy} onConfirm={doSignOut} onClose={() => setConfirm(false)}>
            <p>{t('signOutConfirm', { name: me?.displayName ?? '' })}</p>
          </ConfirmDialog>
        ))}
    </div>
  );
};
