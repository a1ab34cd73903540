import { useEffect, useState } from 'preact/hooks';
import { loadNamespaces, useT } from '../i18n/i18n.ts';

// First run's third path, for trainers: the demo commune, no account, nothing sent anywhere. A plain link that the
// app's router leaves alone (target), so the demo starts on a fresh page with its own database.
export const DemoCard = () => {
  const [ready, setReady] = useState(false);
  const t = useT('demo');
  useEffect(() => {
    void loadNamespaces(['demo']).then(() => setReady(true), () => undefined);
  }, []);
  // Inside the demo already (its phone), there is no demo to open.
  if (!ready || document.documentElement.classList.contains('demo')) return null;
  return (
    <section class="card" aria-labelledby="demo-card-title">
      <h2 id="demo-card-title">{t('card.title')}</h2>
      <p>{t('card.body')}</p>
      <p class="hint">{t('card.prepare')}</p>
      <a class="btn big" href="/demo" target="_self">
        {t('card.action')}
      </a>
    </section>
  );
};
