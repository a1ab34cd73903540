import type { ComponentChildren } from 'preact';
import type { CommuneRef } from '../../core/report/shapes.ts';
import { currentLang, setLanguage, useT } from '../i18n/i18n.ts';
import { navigate } from '../router.ts';
import { ErrorBox } from './ErrorBox.tsx';
import { href } from './links.ts';
import { ProvinceHome } from './province/ProvinceHome.tsx';
import { currentCommune, signOut, useSession, type Session } from './session.ts';
import '../ui/forms.css';
import './officer.css';

// The frame of every officer screen: who is signed in, which commune, the four areas, sign out. A province
// admin with no commune chosen sees the province (ProvinceHome) on the dashboard. Desktop-first;
// on a phone the areas wrap under the title. Nothing of it is printed.
export type Area = 'dashboard' | 'activity' | 'report' | 'admin';
const AREAS: { id: Area; path: string }[] = [
  { id: 'dashboard', path: '/officer' },
  { id: 'activity', path: '/officer/activity' },
  { id: 'report', path: '/officer/report' },
  { id: 'admin', path: '/officer/admin' },
];

// `province`: a province-wide screen (a province admin's, no commune chosen) drawn instead of `children`.
export const OfficerLayout = ({
  area,
  children,
  province,
}: {
  area: Area;
  children: (s: Session, commune: CommuneRef) => ComponentChildren;
  province?: (s: Session) => ComponentChildren;
}) => {
  const t = useT('officer');
  const { session, error } = useSession();
  const commune = session && currentCommune(session);
  return (
    <div class="officer">
      <header class="o-top no-print">
        <div class="o-brand">
          <a href={href('/officer')} class="o-logo">
            <img src="/icons/mark.svg" alt="" width="28" height="28" />
            <span>{t('appTitle')}</span>
          </a>
          {commune && (
            <span class="o-place">
              {commune.name} · {commune.provinceName}
            </span>
          )}
        </div>
        <div class="o-user">
          {session && session.communes.length > 1 && (
            <label class="o-commune">
              <span>{t('layout.commune')}</span>
              <select value={commune?.id ?? ''} onChange={(e) => navigate(href(location.pathname, { commune: e.currentTarget.value }))}>
                {!commune && <option value="">{t('layout.pickCommune')}</option>}
                {session.communes.map((c) => (
                  <option value={c.id} key={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          {session && <span class="o-name">{session.member.displayName}</span>}
          <button type="button" class="btn ghost small" lang={currentLang() === 'vi' ? 'en' : 'vi'} onClick={() => void setLanguage(currentLang() === 'vi' ? 'en' : 'vi')}>
            {t('layout.otherLanguage')}
          </button>
          {session && (
            <button type="button" class="btn ghost small" onClick={() => void signOut()}>
              {t('layout.signOut')}
            </button>
          )}
        </div>
        <nav class="o-nav" aria-label={t('layout.nav')}>
          <ul>
            {AREAS.map((a) => (
              <li key={a.id}>
                <a href={href(a.path)} aria-current={a.id === area ? 'page' : undefined}>
                  {t(`layout.area.${a.id}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <div class="o-body">
        {error ? (
          <ErrorBox error={error} />
        ) : !session ? (
          <p class="loading">{t('loading')}</p>
        ) : province && session.member.role === 'admin' ? (
          province(session)
        ) : !commune && session.member.role === 'admin' && area === 'dashboard' ? (
          <ProvinceHome session={session} />
        ) : !commune ? (
          <div class="panel">
            <h1>{t('layout.pickCommune')}</h1>
            <ul class="o-links">
              {session.communes.map((c) => (
                <li key={c.id}>
                  <a href={href(location.pathname, { commune: c.id })}>{c.name}</a>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          children(session, commune)
        )}
      </div>
    </div>
  );
};
