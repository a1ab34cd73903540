// Whether this browser can run the demo in a room without internet: the service worker controls the page, its
// precache holds the app (this very chunk of the demo, and the page itself), the browser will not evict the data,
// and whether the app was opened as installed. Read live, so the trainer's checklist says what is true now.
export type Readiness = { worker: boolean; cached: boolean; persisted: boolean | null; installed: boolean };

const inPrecache = async (urls: string[]): Promise<boolean> => {
  if (typeof caches === 'undefined') return false;
  const name = (await caches.keys()).find((k) => k.includes('precache'));
  if (!name) return false;
  const cache = await caches.open(name);
  for (const u of urls) if (!(await cache.match(u, { ignoreSearch: true }))) return false;
  return true;
};

export const readiness = async (): Promise<Readiness> => {
  const worker = !!navigator.serviceWorker?.controller;
  // Workbox installs a version only once every file of its precache is stored: an active worker whose cache holds
  // the demo's own code and the page has all of it.
  const cached = worker && (await inPrecache([new URL(import.meta.url).pathname, '/index.html']).catch(() => false));
  const persisted = navigator.storage?.persisted ? await navigator.storage.persisted().catch(() => null) : null;
  const installed = matchMedia('(display-mode: standalone)').matches || matchMedia('(display-mode: fullscreen)').matches;
  return { worker, cached, persisted, installed };
};

export const askToKeep = async (): Promise<boolean> => !!(await navigator.storage?.persist?.().catch(() => false));
