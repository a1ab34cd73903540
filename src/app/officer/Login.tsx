import { useState } from 'preact/hooks';
import { CodedError } from '../../core/errors.ts';
import type { RouteProps } from '../router.ts';
import { useT } from '../i18n/i18n.ts';
import { navigate } from '../router.ts';
import { api, setToken } from './api.ts';
import { errorText } from '../ui/issues.ts';
import { forgetSession } from './session.ts';
import '../ui/forms.css';
import './officer.css';

// Officer sign-in (online): username and password, optionally remembered on this computer.
export const Login = ({ query }: RouteProps) => {
  const t = useT('officer');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const next = query.get('next');
  const target = next && next.startsWith('/officer') && !next.startsWith('/officer/login') ? next : '/officer';
  return (
    <div class="officer o-login">
      <div class="panel o-login-card">
        <img src="/icons/mark.svg" alt="" width="48" height="48" />
        <h1>{t('login.title')}</h1>
        <p class="muted">{t('login.lead')}</p>
        {error && (
          <div class="summary" role="alert">
            <p class="summary-title">{error}</p>
          </div>
        )}
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            if (!username.trim() || !password) {
              setError(t('login.missing'));
              return;
            }
            setBusy(true);
            setError(undefined);
            try {
              const res = await api<{ token: string }>('POST', '/api/auth/login', { username: username.trim(), password });
              setToken(res.token, remember);
              forgetSession();
              navigate(target, { replace: true, force: true });
            } catch (err) {
              setError(err instanceof CodedError && err.code === 'login-failed' ? t('login.failed') : errorText(t, err, 'officer'));
            } finally {
              setBusy(false);
            }
          }}
        >
          <div class="field">
            <label for="login-username">{t('login.username')}</label>
            <input id="login-username" name="username" autoComplete="username" value={username} onInput={(e) => setUsername(e.currentTarget.value)} required />
          </div>
          <div class="field">
            <label for="login-password">{t('login.password')}</label>
            <input id="login-password" name="password" type="password" autoComplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} required />
          </div>
          <label class="check">
            <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.currentTarget.checked)} />
            <span>{t('login.remember')}</span>
          </label>
          <button type="submit" class="btn primary big" disabled={busy}>
            {busy ? t('login.busy') : t('login.submit')}
          </button>
        </form>
        <p class="hint">{t('login.help')}</p>
        <p>
          <a href="/">{t('login.fieldApp')}</a>
        </p>
      </div>
    </div>
  );
};
