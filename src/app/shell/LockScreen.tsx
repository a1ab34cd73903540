import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { loadNamespaces, useT } from '../i18n/i18n.ts';
import { getLockState, onLockChange, unlock } from '../phone/lock.ts';
import { switchMember } from '../phone/members.ts';
import { usePhoneMembers } from '../phone/usePhoneMembers.ts';
import type { RouteProps } from '../router.ts';
import { TextField } from '../ui/TextField.tsx';
import { useExternal } from '../ui/useExternal.ts';

// The lock screen: who the phone is locked for, their PIN, the phone's other members, and a forgotten PIN's way
// out (re-join with a new invite code: the same database, so no unsent change is lost). Nothing of any member's
// records is on it.
export const LockScreen = () => {
  const t = useT();
  const lock = useExternal(onLockChange, getLockState);
  const members = usePhoneMembers();
  const me = members?.find((m) => m.dbName === lock.dbName);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [Reset, setReset] = useState<ComponentType<RouteProps>>();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    setPin('');
    setError(undefined);
    setReset(undefined);
    heading.current?.focus();
  }, [lock.dbName]);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const r = await unlock(pin);
      if (!r.ok) {
        setPin('');
        setError(r.waitMs > 0 ? t('lock.wait', { seconds: Math.ceil(r.waitMs / 1000) }) : t('lock.wrong'));
      }
    } finally {
      setBusy(false);
    }
  };

  const forgot = async () => {
    const [{ JoinScreen }] = await Promise.all([import('../screens/join/JoinScreen.tsx'), loadNamespaces(['sync', 'errors'])]);
    setReset(() => JoinScreen);
  };

  const others = (members ?? []).filter((m) => m.dbName !== lock.dbName);
  return (
    <div class="app lock-screen">
      <main id="main">
        <div class="screen">
          <h1 ref={heading} tabIndex={-1}>
            {t('lock.title')}
          </h1>
          {Reset ? (
            <>
              <Reset params={{}} query={new URLSearchParams('mode=reset')} />
              <button type="button" class="btn" onClick={() => setReset(undefined)}>
                {t('lock.backToPin')}
              </button>
            </>
          ) : (
            <>
              <p>{me ? t('lock.for', { name: me.displayName }) : t('lock.body')}</p>
              <form onSubmit={submit} noValidate>
                <TextField name="pin" label={t('lock.pin')} type="password" inputMode="numeric" value={pin} onValue={setPin} maxLength={6} autoComplete="off" error={error} />
                <button type="submit" class="btn primary big" disabled={busy}>
                  {t('lock.unlock')}
                </button>
              </form>
              {others.length > 0 && (
                <section aria-labelledby="lock-others">
                  <h2 id="lock-others">{t('lock.others')}</h2>
                  <ul class="plain">
                    {others.map((m) => (
                      <li key={m.dbName}>
                        <button type="button" class="btn" onClick={() => void switchMember(m.dbName)}>
                          {m.displayName}
                        </button>
                      </li>
                    ))}
                  </ul>
                </section>
              )}
              <p>
                <button type="button" class="btn link" onClick={() => void forgot()}>
                  {t('lock.forgot')}
                </button>
              </p>
              <p class="hint">{t('lock.forgotHint')}</p>
            </>
          )}
        </div>
      </main>
    </div>
  );
};
