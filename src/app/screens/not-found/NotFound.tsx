import { useT } from '../../i18n/i18n.ts';

export const NotFound = () => {
  const t = useT();
  return (
    <div class="screen">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <a class="btn primary" href="/">
        {t('notFound.home')}
      </a>
    </div>
  );
};
