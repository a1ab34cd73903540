import type { RouteProps } from '../../router.ts';
import { useT } from '../../i18n/i18n.ts';
import { href } from '../links.ts';
import { OfficerLayout } from '../OfficerLayout.tsx';

// What the commune manages, one page each. Every change is written to the audit log.
const PAGES = ['villages', 'teams', 'invites', 'devices', 'targets', 'catalogue', 'audit'] as const;

export const AdminHome = (_: RouteProps) => {
  const t = useT('officer');
  return (
    <OfficerLayout area="admin">
      {() => (
        <>
          <h1>{t('admin.title')}</h1>
          <p class="lead">{t('admin.lead')}</p>
          <ul class="o-cards">
            {PAGES.map((p) => (
              <li key={p}>
                <a class="card-link" href={href(`/officer/admin/${p}`)}>
                  <span>
                    <strong>{t(`admin.${p}.title`)}</strong>
                    <small>{t(`admin.${p}.hint`)}</small>
                  </span>
                  <span aria-hidden="true">›</span>
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </OfficerLayout>
  );
};

export const AdminBack = () => {
  const t = useT('officer');
  return (
    <p class="backlink">
      <a href={href('/officer/admin')}>‹ {t('admin.title')}</a>
    </p>
  );
};
