import { spawn, type ChildProcess } from 'node:child_process';
import { expect, type Page } from '@playwright/test';

// Steps the sync browser tests (and the sync bench) share: the officer's API, joining a phone through the join
// screen, filling a phone's outbox the way the app's repositories do, and a server process of our own.
const json = async (res: Response) => {
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
};

export const officer = async (base: string, password: string) => {
  const { token } = await json(
    await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) }),
  );
  const call = (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') =>
    fetch(base + path, { method, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }).then(json);
  return {
    invite: async (villageId: string, uses = 10): Promise<string> => (await call('/api/admin/invites', { villageId, uses, expiresInDays: 7 })).code,
    call,
  };
};

export const PIN = '2468';
export const joinInUi = async (page: Page, base: string, code: string, name: string, pin = PIN, query = '') => {
  await page.goto(`${base}/join?code=${encodeURIComponent(code)}${query}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Tham gia tổ' })).toBeVisible();
  await expect(page.getByLabel('Mã mời')).toHaveValue(code);
  await page.getByLabel('Tên của bạn').fill(name);
  await page.getByLabel('Mã PIN của bạn').fill(pin);
  await page.getByLabel('Nhập lại mã PIN').fill(pin);
  await page.getByRole('button', { name: 'Tham gia tổ' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Chào ${name}` })).toBeVisible({ timeout: 30_000 });
};

export const badge = (page: Page) => page.locator('.sync-badge');

// Reads a table of the phone's database with plain IndexedDB (the app's Dexie is not reachable from outside).
export const idbCount = (page: Page, table: string) =>
  page.evaluate(
    (t) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('tungnha');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction(t).objectStore(t).count();
          req.onsuccess = () => (db.close(), resolve(req.result));
          req.onerror = () => reject(req.error);
        };
      }),
    table,
  );

// Writes `households` households of 4 residents, or `visits` assistance visits spread over the households already
// there, straight into the phone's IndexedDB in one transaction — records and their outbox entries together, with
// the device's next seq numbers and HLC stamps, exactly as the app's repositories would. Returns the time the
// transaction took (the bench's IndexedDB baseline).
export type QueueSpec = { households?: number; visits?: number };
// tsx (esbuild with keepNames) wraps named functions in __name(); functions sent to the page need it defined there.
export const defineNameHelper = (page: Page) => page.evaluate('globalThis.__name = globalThis.__name || ((f) => f)');
export const queueInPage = async (page: Page, spec: QueueSpec) => {
  await defineNameHelper(page);
  return page.evaluate(async ({ households = 0, visits = 0 }) => {
    const open = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('tungnha');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const req = <T,>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
    const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
    const rand = (w: number) => Array.from(crypto.getRandomValues(new Uint8Array(w / 2)), (b) => hex(b, 2)).join('');
    const uuid7 = (ms: number) => {
      const t = hex(ms, 12);
      return `${t.slice(0, 8)}-${t.slice(8)}-7${rand(4).slice(1)}-${(8 + Math.floor(Math.random() * 4)).toString(16)}${rand(4).slice(1)}-${rand(12)}`;
    };
    // Read what the write needs first (like the repositories), then one write transaction.
    const ro = open.transaction(['meta', 'households', 'residents'], 'readonly');
    const meta = ro.objectStore('meta');
    const [dev, next, last, member] = await Promise.all(['deviceId', 'nextSeq', 'hlc', 'member'].map((k) => req(meta.get(k))));
    const known = (await req(ro.objectStore('households').getAll())) as { id: string; villageId: string }[];
    const people = (await req(ro.objectStore('residents').getAll())) as { id: string; householdId: string }[];
    const node = dev.value as string;
    const m = member.value as { id: string; displayName: string; villageIds: string[] };
    let seq = (next?.value as number | undefined) ?? 1;
    const lastMs = last ? Number(String(last.value).slice(0, 15)) : 0;
    let ms = Math.max(Date.now(), lastMs);
    let counter = 0;
    const stamp = () => `${String(ms).padStart(15, '0')}-${hex(counter++, 4)}-${node}`;
    const villageId = m.villageIds[0];
    const rows: { store: string; value: Record<string, unknown> }[] = [];
    const out: Record<string, unknown>[] = [];
    const now = Date.now();
    for (let i = 0; i < households; i++) {
      if (counter > 0xfff0) (ms++, (counter = 0));
      const h = { id: uuid7(now), villageId, headName: `Hộ đo ${i + 1}`, houseLabel: `Xóm ${1 + (i % 9)}`, phone: '', flags: [], notes: '', removed: false };
      rows.push({ store: 'households', value: h });
      out.push({ seq: seq++, id: h.id, name: 'household.put', args: h, hlc: stamp(), at: now });
      for (let k = 0; k < 4; k++) {
        const r = { id: uuid7(now), householdId: h.id, villageId, label: `Người ${k + 1}`, birthYear: 1960 + k * 12, sex: k % 2 ? 'f' : 'm', removed: false };
        rows.push({ store: 'residents', value: r });
        out.push({ seq: seq++, id: r.id, name: 'resident.put', args: r, hlc: stamp(), at: now });
      }
    }
    const byHousehold = new Map<string, string[]>();
    for (const p of people) byHousehold.set(p.householdId, [...(byHousehold.get(p.householdId) ?? []), p.id]);
    const targets = known.filter((h) => byHousehold.has(h.id));
    for (let i = 0; i < visits; i++) {
      if (counter > 0xfff0) (ms++, (counter = 0));
      const h = targets[i % targets.length];
      const rs = byHousehold.get(h.id)!;
      const v = {
        id: uuid7(now + i),
        villageId: h.villageId,
        householdId: h.id,
        memberId: m.id,
        memberName: m.displayName,
        at: now - (visits - i) * 60_000,
        items: [
          { itemId: 'vneid-l2', residentIds: [rs[i % rs.length]], outcome: 'done' },
          { itemId: 'fibre', residentIds: [], outcome: 'partial' },
        ],
        dossiers: i % 5 === 0 ? [{ field: 'residence', count: 1 }] : [],
        language: i % 3 === 0 ? 'thai' : 'vi',
        minutes: 10 + (i % 30),
        note: '',
        followUpOn: null,
        replaces: null,
      };
      rows.push({ store: 'visits', value: v });
      out.push({ seq: seq++, id: v.id, name: 'visit.add', args: v, hlc: stamp(), at: now });
    }
    const started = performance.now();
    const tx = open.transaction(['households', 'residents', 'visits', 'outbox', 'meta'], 'readwrite');
    for (const r of rows) tx.objectStore(r.store).add(r.value);
    for (const o of out) tx.objectStore('outbox').add(o);
    tx.objectStore('meta').put({ key: 'nextSeq', value: seq });
    tx.objectStore('meta').put({ key: 'hlc', value: `${String(ms).padStart(15, '0')}-${hex(counter, 4)}-${node}` });
    await new Promise<void>((resolve, reject) => ((tx.oncomplete = () => resolve()), (tx.onerror = () => reject(tx.error)), (tx.onabort = () => reject(tx.error))));
    const took = performance.now() - started;
    open.close();
    return { took, mutations: out.length, visitIds: rows.filter((r) => r.store === 'visits').map((r) => r.value.id as string) };
  }, spec);
};

// The real server (`node src/server/main.ts`) on a port and data folder of our own, serving the built app.
export type OwnServer = { base: string; proc: ChildProcess; stop: (signal?: NodeJS.Signals) => Promise<void> };
export const startServer = async (port: number, dataDir: string, password: string, distDir?: string): Promise<OwnServer> => {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_PASSWORD: password, ...(distDir ? { DIST_DIR: distDir } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  proc.stdout?.on('data', (d) => (log += d));
  proc.stderr?.on('data', (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited: ${log}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`server did not start: ${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = (signal: NodeJS.Signals = 'SIGTERM') =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill(signal);
    });
  return { base, proc, stop };
};
