import { render } from 'preact';
import { initI18n } from './i18n/i18n.ts';
import { App } from './shell/App.tsx';
import { demoWanted } from './demo/mode.ts';
import { getDb } from './store/active-db.ts';
import { bootPhone } from './phone/members.ts';
import './ui/app.css';

// Boot: the Vietnamese (or chosen) common strings, then the shell. Everything else loads with its screen. After
// the first paint: the service worker (its own chunk), persistent storage, and the roster's yearly refresh.
const boot = async () => {
  await initI18n();
  // The trainer demo (src/app/demo): its own database and no network, set up before anything renders.
  if (demoWanted()) await (await import('./demo/boot.ts')).bootDemo();
  // A shared phone: the member who used it last, locked behind their PIN (src/app/phone).
  else await bootPhone().catch((e) => console.error('members of this phone not read', e));
  render(<App />, document.getElementById('app')!);
  const later = () => {
    void import('./pwa/pwa.ts').then((m) => m.startPwa()).catch((e) => console.warn('service worker not registered', e));
    void import('./store/storage.ts').then((m) => m.askPersistence()).catch(() => undefined);
    void import('./store/roster.ts').then((m) => m.ensureRosterYear(getDb())).catch((e) => console.warn('roster refresh failed', e));
    void import('./sync/app-sync.ts').then((m) => m.startSync()).catch((e) => console.warn('sync not started', e));
  };
  if ('requestIdleCallback' in window) requestIdleCallback(later, { timeout: 2000 });
  else setTimeout(later, 500);
};

void boot();
