import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { i18n, loadNamespaces, useT } from '../i18n/i18n.ts';
import { match, navigate, onLinkClick, setLeaveGuard, useLocation, type RouteDef, type RouteProps } from '../router.ts';
import { FIRST_RUN_PATH, NOT_FOUND, ROUTES } from '../routes.ts';
import { BottomNav } from './BottomNav.tsx';
import { Header } from './Header.tsx';
import { BlockedBanner } from './BlockedBanner.tsx';
import { InsecureBanner } from './InsecureBanner.tsx';
import { getLockState, onLockChange } from '../phone/lock.ts';
import { useExternal } from '../ui/useExternal.ts';
import { Toasts } from './Toasts.tsx';
import { UpdateBanner } from './UpdateBanner.tsx';
import { usePlace } from './useMember.ts';

type View = { route: RouteDef; Comp: ComponentType<RouteProps>; props: RouteProps; key: string };

export const resolve = (path: string): { route: RouteDef; params: Record<string, string> } => {
  for (const route of ROUTES) {
    const params = match(route.path, path);
    if (params) return { route, params };
  }
  return { route: NOT_FOUND, params: {} };
};

export const App = () => {
  const t = useT();
  const loc = useLocation();
  const place = usePlace();
  const member = place === undefined ? undefined : place === null ? null : place.member;
  const lock = useExternal(onLockChange, getLockState);
  // The lock screen and the revoked panel load on first need (they are off the first load's budget); until the
  // lock screen is there, the locked app shows nothing at all.
  const [Lock, setLock] = useState<ComponentType>();
  const [RevokedPanel, setRevoked] = useState<ComponentType>();
  useEffect(() => {
    if (lock.locked && !Lock) void import('./LockScreen.tsx').then((m) => setLock(() => m.LockScreen));
  }, [lock.locked]);
  useEffect(() => {
    if (place?.revoked && !RevokedPanel) void import('./Revoked.tsx').then((m) => setRevoked(() => m.Revoked));
  }, [place?.revoked]);
  const [view, setView] = useState<View | undefined>();
  const [failed, setFailed] = useState<string | undefined>();
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => setLeaveGuard(() => window.confirm(i18n.t('common:leaveUnsaved'))), []);

  const { route, params } = resolve(loc.path);
  const gated = route.needsMember !== false && member === null;

  useEffect(() => {
    if (gated) navigate(`${FIRST_RUN_PATH}?next=${encodeURIComponent(loc.path + (loc.query.toString() ? `?${loc.query}` : ''))}`, { replace: true, force: true });
  }, [gated, loc.path]);

  useEffect(() => {
    if (member === undefined || gated) return;
    let live = true;
    const key = loc.path + '?' + loc.query.toString();
    setFailed(undefined);
    Promise.all([route.load(), loadNamespaces(route.ns)])
      .then(([Comp]) => {
        if (!live) return;
        setView({ route, Comp, props: { params, query: loc.query }, key });
      })
      .catch((e) => {
        console.error(e);
        if (live) setFailed(key);
      });
    return () => {
      live = false;
    };
  }, [loc, member === undefined, gated]);

  // A new screen: its title in the tab, and focus on its heading for screen readers and keyboards.
  useEffect(() => {
    if (!view) return;
    document.title = `${i18n.t(view.route.title)} — Từng Nhà`;
    const h = mainRef.current?.querySelector<HTMLElement>('h1');
    if (h && document.activeElement !== h && view.key !== undefined) {
      h.tabIndex = -1;
      h.focus({ preventScroll: true });
    }
  }, [view?.key]);

  const bare = view?.route.shell === 'bare';
  const Comp = view?.Comp;
  // A revoked phone keeps its outbox (sync, settings and export still open) but shows no household.
  const hidden = !!place?.revoked && !!view && !REVOKED_OPEN.some((p) => view.route.path === p);
  return (
    <>
    {lock.locked && Lock && <Lock />}
    <div class={bare ? 'app bare' : 'app'} onClick={onLinkClick} hidden={lock.locked} inert={lock.locked}>
      <a class="skip" href="#main">
        {t('skip')}
      </a>
      {!bare && <Header />}
      <InsecureBanner />
      <BlockedBanner />
      <UpdateBanner />
      <main id="main" ref={mainRef} aria-busy={!view || view.key !== loc.path + '?' + loc.query.toString()}>
        {failed ? (
          <div class="panel">
            <h1>{t('loadFailed.title')}</h1>
            <p>{t('loadFailed.body')}</p>
            <button type="button" class="btn" onClick={() => location.reload()}>
              {t('loadFailed.retry')}
            </button>
          </div>
        ) : hidden ? (
          RevokedPanel ? <RevokedPanel /> : <p class="loading">{t('loading')}</p>
        ) : Comp && view ? (
          <Comp key={view.key} {...view.props} />
        ) : (
          <p class="loading">{t('loading')}</p>
        )}
      </main>
      {!bare && member && <BottomNav active={view?.route.tab} />}
      <Toasts />
    </div>
    </>
  );
};

const REVOKED_OPEN = ['/sync', '/settings', '/more', '/join', '/members'];
