import { useEffect, useState } from 'preact/hooks';
import { useT } from '../../i18n/i18n.ts';
import { askToKeep, readiness, type Readiness } from './offline-ready.ts';

// On the demo's start screen, for the trainer preparing a room without internet: the three things to do, each with
// whether this browser has done it, checked live (and again on demand).
const Mark = ({ ok }: { ok: boolean | null }) => (
  <span class={`ds-ready-mark ${ok ? 'ok' : 'no'}`} aria-hidden="true">
    {ok ? '✓' : '!'}
  </span>
);

export const OfflineChecklist = () => {
  const t = useT('demo');
  const [r, setR] = useState<Readiness>();
  const check = () => void readiness().then(setR, () => undefined);
  useEffect(() => {
    check();
    navigator.serviceWorker?.addEventListener('controllerchange', check);
    const id = setInterval(check, 5000);
    return () => {
      navigator.serviceWorker?.removeEventListener('controllerchange', check);
      clearInterval(id);
    };
  }, []);
  const ready = !!r && r.worker && r.cached;
  return (
    <details class={`ds-panel ds-ready${ready ? ' is-ready' : ''}`} open={!!r && !ready} data-ready={r ? String(ready) : undefined}>
      <summary>
        <Mark ok={ready} /> <strong>{t('ready.title')}</strong> <span role="status">{!r ? t('ready.checking') : ready ? t('ready.yes') : t('ready.no')}</span>
      </summary>
      <ol class="ds-ready-list">
        <li>
          <Mark ok={!!r?.worker && !!r.cached} /> {t('ready.online')}{' '}
          <em>{r?.worker && r.cached ? t('ready.onlineYes') : r?.worker ? t('ready.onlinePartly') : t('ready.onlineNo')}</em>
        </li>
        <li>
          <Mark ok={!!r?.installed} /> {t('ready.install')} <em>{r?.installed ? t('ready.installYes') : t('ready.installNo')}</em>
        </li>
        <li>
          <Mark ok={!!r?.persisted} /> {t('ready.keep')} <em>{r?.persisted ? t('ready.keepYes') : t('ready.keepNo')}</em>{' '}
          {r && !r.persisted && (
            <button type="button" class="btn small" onClick={() => void askToKeep().then(check)}>
              {t('ready.keepAsk')}
            </button>
          )}
        </li>
        <li>
          <Mark ok={ready} /> {t('ready.then')}
        </li>
      </ol>
      <button type="button" class="btn small" onClick={check}>
        {t('ready.again')}
      </button>
    </details>
  );
};
