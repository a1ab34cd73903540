import { setLanguage, type Lang } from '../../i18n/i18n.ts';
import { navigate } from '../../router.ts';
import { getDb } from '../../store/active-db.ts';
import { presenterKey, type PresenterKey } from '../keys.ts';

// What the stage may ask of the phone in its frame (same origin, so it calls these directly), and the presenter's
// keys pressed while the phone has focus, passed up to the stage.
export type PhoneBridge = {
  // force: leave even a form with unsaved input (the trainer's own shortcut, not the walkthrough's suggestion);
  // replace: no new history entry (the stage's Back button is not the phone's)
  navigate(path: string, opts?: { force?: boolean; replace?: boolean }): boolean;
  path(): string;
  setLanguage(lang: Lang): Promise<void>;
  stopSync(): Promise<void>;
  syncNow(): Promise<unknown>;
  // rootPx: the phone's root type size, so that it reaches the room at the stage's minimum once scaled
  setProjector(on: boolean, rootPx?: number): void;
  // the rest of a team's day of visits, logged by the phone's member (the walkthrough's batch)
  logDay(): Promise<number>;
  document(): Document;
};
export type StageBridge = { onKey(k: PresenterKey): boolean; onPhonePath(path: string): void; projector(): { on: boolean; rootPx?: number } };

type BridgeWindow = Window & { __tungNhaDemoPhone?: PhoneBridge; __tungNhaDemoStage?: StageBridge };

export const installFrameBridge = (): void => {
  const w = window as BridgeWindow;
  w.__tungNhaDemoPhone = {
    navigate: (path, opts = {}) => navigate(path, opts),
    path: () => location.pathname + location.search,
    setLanguage: (lang) => setLanguage(lang),
    stopSync: async () => (await import('../../sync/app-sync.ts')).stopSync(),
    syncNow: async () => (await import('../../sync/app-sync.ts')).syncNow(),
    setProjector: (on, rootPx) => void import('./projector-type.ts').then((m) => m.setProjectorType(on, rootPx)),
    logDay: async () => (await import('./day.ts')).logDayOfVisits(getDb()),
    document: () => document,
  };
  // The stage follows what the phone shows (for the walkthrough) without asking over and over: told on every move.
  const stage = (): StageBridge | undefined => {
    try {
      return (window.parent as BridgeWindow).__tungNhaDemoStage;
    } catch {
      return undefined;
    }
  };
  const tell = () => stage()?.onPhonePath(location.pathname + location.search);
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = history[name].bind(history);
    history[name] = (...args: Parameters<History['pushState']>) => {
      original(...args);
      tell();
    };
  }
  window.addEventListener('popstate', tell);
  tell();
  // The frame may finish starting after the stage last said what projector mode is: ask once.
  const p = stage()?.projector();
  if (p?.on) void import('./projector-type.ts').then((m) => m.setProjectorType(true, p.rootPx));
  document.addEventListener(
    'keydown',
    (e) => {
      const k = presenterKey(e, document.activeElement);
      if (k && stage()?.onKey(k)) e.preventDefault();
    },
    true,
  );
};

export const phoneBridge = (frame: HTMLIFrameElement | null): PhoneBridge | undefined => {
  try {
    return (frame?.contentWindow as BridgeWindow | null)?.__tungNhaDemoPhone;
  } catch {
    return undefined;
  }
};

export const setStageBridge = (b: StageBridge | undefined): void => {
  (window as BridgeWindow).__tungNhaDemoStage = b;
};
