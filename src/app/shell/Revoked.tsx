import { useT } from '../i18n/i18n.ts';

// A phone the officer removed from the team: no household is shown any more, but what it has not sent stays on
// the phone until it is sent (after re-joining) or exported to a file.
export const Revoked = () => {
  const t = useT();
  return (
    <div class="panel" role="alert">
      <h1>{t('revoked.title')}</h1>
      <p>{t('revoked.body')}</p>
      <p>
        <a class="btn primary" href="/join">
          {t('revoked.rejoin')}
        </a>
      </p>
      <p>
        <a class="btn" href="/settings">
          {t('revoked.export')}
        </a>
      </p>
    </div>
  );
};
