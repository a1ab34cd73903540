import { useEffect, useState } from 'preact/hooks';
import { loadNamespaces, useT } from '../../i18n/i18n.ts';
import { ROUTES } from '../../routes.ts';
import { Icon } from '../../ui/Icon.tsx';
import '../../ui/lists.css';

// "More": every route that asks to be listed (sessions, settings, and what other areas register).
export const More = () => {
  const t = useT();
  const items = ROUTES.filter((r) => r.menu).sort((a, b) => a.menu!.order - b.menu!.order);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const ns = [...new Set(items.flatMap((r) => [r.menu!.label, r.menu!.hint ?? ''].filter((k) => k.includes(':')).map((k) => k.split(':')[0])))];
    void loadNamespaces(ns).finally(() => setReady(true));
  }, []);
  return (
    <div class="screen">
      <h1>{t('nav.more')}</h1>
      {ready && (
        <ul class="menu">
          {items.map((r) => (
            <li key={r.path}>
              <a class="card-link" href={r.path}>
                <Icon name={r.menu!.icon} />
                <span>
                  <strong>{t(r.menu!.label)}</strong>
                  {r.menu!.hint && <small class="muted">{t(r.menu!.hint)}</small>}
                </span>
                <Icon name="next" />
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
};
