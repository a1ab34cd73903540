import { navigate } from '../router.ts';
import { setDb } from '../store/active-db.ts';
import type { AppDb } from '../store/db.ts';
import { getMember } from '../store/member.ts';
import { leaseLock, webLock } from '../sync/sync-lock.ts';
import { DemoDb } from './demo-db.ts';
import { getHost } from './host.ts';
import { DEMO_FLAG, type DemoRole } from './mode.ts';
import { blockNetwork } from './network-guard.ts';
import { installSignal } from './signal.ts';
import { demoJoinFetch, demoTransport } from './transport.ts';

// Demo mode, set up before the app's first render (src/app/main.tsx). Every page of the demo opens the demo
// database and cannot reach the network; then by role:
// - 'stage' (/demo): the trainer's screen — the demo server lives here, the phone runs in a frame beside the
//   commune dashboard; no sync engine of its own.
// - 'frame': the field app inside the stage's phone frame; it syncs with the stage's server.
// - 'phone': the field app opened on its own in demo mode (a phone, or a second tab); it runs its own server.
export const PHONE_FRAME_NAME = 'tungnha-demo-phone';

export const demoRole = (): DemoRole =>
  window.name === PHONE_FRAME_NAME ? 'frame' : /^\/demo(\/|$)/.test(location.pathname) ? 'stage' : 'phone';

export const bootDemo = async (): Promise<DemoRole> => {
  try {
    localStorage.setItem(DEMO_FLAG, '1');
  } catch {
    // storage blocked: demo mode lasts for this page
  }
  const role = demoRole();
  blockNetwork();
  installSignal();
  const db = new DemoDb();
  setDb(db);
  const [{ configureSync }, { setJoinFetch }] = await Promise.all([import('../sync/app-sync.ts'), import('../sync/join.ts')]);
  // Its own lock name: a real-mode tab syncing the real phone never makes the demo phone wait.
  const locks = (navigator as Navigator & { locks?: Parameters<typeof webLock>[0] }).locks;
  const lock = locks && typeof locks.request === 'function' ? webLock(locks, 'tungnha-demo-sync') : leaseLock(db, `demo-${Math.random().toString(36).slice(2)}`);
  configureSync(role === 'stage' ? () => null : (d) => (d === db ? { transport: demoTransport(getHost), lock } : null));
  setJoinFetch(demoJoinFetch(getHost));
  document.documentElement.classList.add('demo', `demo-${role}`);
  if (role !== 'stage') {
    const [{ mountStrip }, { installFrameBridge }] = await Promise.all([import('./strip/mount.tsx'), import('./strip/bridge.ts')]);
    await mountStrip(role);
    if (role === 'frame') installFrameBridge();
    else await toJoinScreen(db);
  }
  return role;
};

// The demo phone opened on its own, not joined yet: straight to joining, the code filled in as from an invite's QR
// (the stage shows the codes; a phone on its own has nowhere else to read one).
const toJoinScreen = async (db: AppDb) => {
  if (await getMember(db)) return;
  if (location.pathname === '/join' && new URLSearchParams(location.search).get('code')) return;
  const { world } = await (await getHost()).server();
  const invite = world.invites[1] ?? world.invites[0];
  navigate(`/join?code=${invite.code}`, { replace: true, force: true });
};
