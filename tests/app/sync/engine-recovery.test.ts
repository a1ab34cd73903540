import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Member } from '../../../src/core/model/people.ts';
import { parseHlc, formatHlc } from '../../../src/core/sync/hlc.ts';
import type { AppDb } from '../../../src/app/store/db.ts';
import { createHousehold, updateHousehold } from '../../../src/app/store/households-repo.ts';
import { getMember } from '../../../src/app/store/member.ts';
import { deviceNow } from '../../../src/app/store/outbox.ts';
import { gunzipText } from '../../../src/app/sync/gzip.ts';
import { SYNC_KEYS } from '../../../src/app/sync/local-state.ts';
import type { FetchLike } from '../../../src/app/sync/transport.ts';
import { createMemoryServer, V1, V2 } from './memory-server.ts';
import { closePhones, joinedPhone } from './phone.ts';

afterEach(closePhones);

const YEAR = new Date().getFullYear();
const addHousehold = (db: AppDb, headName = 'Lò Văn Páo', villageId = V1) =>
  createHousehold(db, villageId, { headName, houseLabel: 'Số 1', phone: '', flags: [], notes: '' }, [{ label: headName, birthYear: YEAR - 45, sex: 'm' }]);

const bodyOf = async (init: RequestInit) => {
  const raw = init.body as string | ArrayBuffer;
  return JSON.parse(new Headers(init.headers).get('Content-Encoding') === 'gzip' ? await gunzipText(raw as ArrayBuffer) : (raw as string));
};
const plain = (init: RequestInit, body: unknown): RequestInit => {
  const headers = new Headers(init.headers);
  headers.delete('Content-Encoding');
  return { ...init, headers, body: JSON.stringify(body) };
};

describe('sync engine: network and server failures', () => {
  it('resends from the seq the server expects after a gap', async () => {
    const server = createMemoryServer();
    let cut = true;
    const fetch: FetchLike = async (url, init) => {
      if (cut && url.endsWith('/push')) {
        cut = false; // a broken proxy loses the first mutation of the first push
        const body = await bodyOf(init);
        return server.fetch(url, plain(init, { ...body, mutations: body.mutations.slice(1) }));
      }
      return server.fetch(url, init);
    };
    const a = await joinedPhone(server, {}, { fetch });
    const h = await addHousehold(a.db);
    expect(await a.sync.syncNow()).toMatchObject({ kind: 'synced', pushed: 2 });
    const answers = server.log.filter((x) => x.path === '/api/sync/push').map((x) => x.answer);
    expect(answers[0]).toMatchObject({ error: 'seq-gap', expectedSeq: 1 });
    expect(answers[1]).toMatchObject({ lastSeq: 2 });
    expect(server.port.rows('households')).toMatchObject([{ id: h.id }]);
    expect(await a.db.outbox.count()).toBe(0);
  });

  it('renumbers the outbox when the server has forgotten this device (restored database)', async () => {
    const server = createMemoryServer();
    const a = await joinedPhone(server);
    await addHousehold(a.db);
    await a.sync.syncNow();
    server.port.state.devices[a.id].lastSeq = 0; // the server lost the device's sequence
    const h2 = await addHousehold(a.db, 'Hộ thứ hai');
    expect((await a.db.outbox.orderBy('seq').first())?.seq).toBe(3);
    expect(await a.sync.syncNow()).toMatchObject({ kind: 'synced', pushed: 2 });
    expect(server.port.state.devices[a.id].lastSeq).toBe(2);
    expect((await a.db.meta.get('nextSeq'))?.value).toBe(3);
    expect(server.port.rows('households').map((h) => h.id)).toContain(h2.id);
  });

  it('backs off after a 5xx or a lost answer, does not pull meanwhile, and sends exactly once', async () => {
    const server = createMemoryServer();
    let loseAnswer = false;
    const fetch: FetchLike = async (url, init) => {
      const res = await server.fetch(url, init);
      if (loseAnswer && url.endsWith('/push')) {
        loseAnswer = false;
        throw new TypeError('Failed to fetch');
      }
      return res;
    };
    const a = await joinedPhone(server, {}, { fetch });
    await addHousehold(a.db);
    server.faults.push({ path: '/api/sync/push', status: 503, times: 1 });
    expect(await a.sync.syncNow()).toMatchObject({ kind: 'failed', code: 'unavailable' });
    expect(a.sync.getState()).toMatchObject({ failures: 1, lastError: { code: 'unavailable' } });
    loseAnswer = true;
    expect(await a.sync.syncNow()).toMatchObject({ kind: 'failed', code: 'network' });
    expect(a.sync.getState().failures).toBe(2);
    expect(server.log.filter((x) => x.path === '/api/sync/pull')).toHaveLength(0);
    expect(await a.db.outbox.count()).toBe(2); // applied on the server, but unanswered: kept
    expect(await a.sync.syncNow()).toMatchObject({ kind: 'synced' });
    expect(server.log.filter((x) => x.path === '/api/sync/push').at(-1)!.answer).toMatchObject({ results: [{ status: 'duplicate' }, { status: 'duplicate' }] });
    expect(await a.db.outbox.count()).toBe(0);
    expect(server.port.rows('households')).toHaveLength(1);
    expect(a.sync.getState()).toMatchObject({ failures: 0, lastError: undefined });
  });

  it('still pulls after a push the server refused outright (4xx: nothing applied) and reports it', async () => {
    const server = createMemoryServer();
    const a = await joinedPhone(server);
    const b = await joinedPhone(server);
    const h = await addHousehold(b.db);
    await b.sync.syncNow();
    await addHousehold(a.db);
    server.faults.push({ path: '/api/sync/push', status: 400, code: 'bad-request', times: 1 });
    expect(await a.sync.syncNow()).toMatchObject({ kind: 'failed', code: 'bad-request' });
    expect(await a.db.households.get(h.id)).toBeDefined();
    expect(await a.db.outbox.count()).toBe(2);
  });

  it('never fetches inside a Dexie transaction', async () => {
    const server = createMemoryServer();
    const a = await joinedPhone(server);
    const { createHttpTransport } = await import('../../../src/app/sync/transport.ts');
    const t = createHttpTransport({ fetch: server.fetch, token: async () => a.token });
    await expect(a.db.transaction('rw', a.db.meta, () => t.pull({ protocol: 1, schema: 1, deviceId: a.id, cursor: 0 }))).rejects.toThrow(/inside a Dexie transaction/);
  });
});

describe('sync engine: pulled rows and local edits', () => {
  it('lays a pending edit back over a pulled row only where it is sure to win, so the phone ends equal to the server', async () => {
    const server = createMemoryServer();
    const a = await joinedPhone(server);
    const b = await joinedPhone(server);
    const h = await addHousehold(a.db);
    await a.sync.syncNow();
    await b.sync.syncNow();
    // A changes the phone number and the head's name.
    await updateHousehold(a.db, h.id, { phone: '0912345678', headName: 'Lò Văn Páo (A)' });
    await a.sync.syncNow();
    // B edits while its sync is between push and pull: a fresh note (newer than A's stamps) and the head's name with
    // a clock an hour slow (older than A's stamp, so it will lose on the server).
    let edited = false;
    const bFetch: FetchLike = async (url, init) => {
      if (!edited && url.endsWith('/pull')) {
        edited = true;
        await updateHousehold(b.db, h.id, { notes: 'Nhà có người cao tuổi' });
        await b.db.meta.put({ key: 'clockOffset', value: -3_600_000 });
        await b.db.meta.put({ key: 'hlc', value: formatHlc({ ms: Date.now() - 3_600_000, counter: 0, node: b.id }) });
        await updateHousehold(b.db, h.id, { headName: 'Lò Văn Páo (B, cũ hơn)' });
      }
      return server.fetch(url, init);
    };
    b.sync['transport' as never] = (await import('../../../src/app/sync/transport.ts')).createHttpTransport({ fetch: bFetch, token: async () => b.token }) as never;
    await b.sync.syncNow();
    // After the pull: A's fields, B's newer note laid back on top, B's older name left out.
    expect(await b.db.households.get(h.id)).toMatchObject({ phone: '0912345678', notes: 'Nhà có người cao tuổi', headName: 'Lò Văn Páo (A)' });
    expect(await b.db.outbox.count()).toBe(2);
    await b.sync.syncNow();
    await a.sync.syncNow();
    const server_ = server.port.rows('households')[0];
    expect(server_).toMatchObject({ phone: '0912345678', notes: 'Nhà có người cao tuổi', headName: 'Lò Văn Páo (A)' });
    expect(await b.db.households.get(h.id)).toEqual(server_);
    expect(await a.db.households.get(h.id)).toEqual(server_);
  });

  it('moves the clock past pulled stamps and keeps the offset from serverTime', async () => {
    const hours3 = 3 * 3_600_000;
    const server = createMemoryServer({ now: () => Date.now() + hours3 });
    const a = await joinedPhone(server);
    const b = await joinedPhone(server);
    await addHousehold(a.db);
    await a.sync.syncNow();
    await b.sync.syncNow();
    const offset = (await b.db.meta.get('clockOffset'))?.value as number;
    expect(Math.abs(offset - hours3)).toBeLessThan(2000);
    expect(Math.abs((await deviceNow(b.db)) - (Date.now() + hours3))).toBeLessThan(2000);
    const newest = server.port.state.entries.filter((e) => e.clocks).flatMap((e) => Object.values(e.clocks!)).sort().at(-1)!;
    const clock = (await b.db.meta.get('hlc'))?.value as string;
    expect(clock > newest).toBe(true);
  });

  it('brings a clock that ran a year ahead back once its outbox is empty', async () => {
    const server = createMemoryServer({ now: () => Date.now() });
    const a = await joinedPhone(server);
    const year = 365 * 86_400_000;
    await a.db.meta.put({ key: 'hlc', value: formatHlc({ ms: Date.now() + year, counter: 3, node: a.id }) });
    const h = await addHousehold(a.db);
    await a.sync.syncNow();
    const after = parseHlc((await a.db.meta.get('hlc'))!.value as string)!;
    expect(after.ms).toBeLessThan(Date.now() + 6 * 60_000 + 2000);
    // The next edit still wins over the clamped stamps the server gave the earlier ones.
    await updateHousehold(a.db, h.id, { headName: 'Tên mới' });
    await a.sync.syncNow();
    expect(server.port.rows('households')[0]).toMatchObject({ headName: 'Tên mới' });
  });
});

describe('sync engine: reset and a member moved to another village', () => {
  it('drains the outbox, then purges the old village and pulls the new one from zero', async () => {
    const server = createMemoryServer();
    const a = await joinedPhone(server, { villageIds: [V1] });
    const b = await joinedPhone(server, { villageIds: [V2] });
    const inV2 = await addHousehold(b.db, 'Hộ ở Huổi Lạ', V2);
    await b.sync.syncNow();
    const old = await addHousehold(a.db);
    await a.sync.syncNow();
    const late = await addHousehold(a.db, 'Hộ ghi cuối cùng'); // written before the phone learns of the move
    server.move(a.id, [V2]);
    expect(await a.sync.syncNow()).toMatchObject({ kind: 'synced' });
    // The late entry went out first (refused now: the village is no longer the member's) and stays visible.
    expect(await a.db.attention.where('id').equals(late.id).count()).toBe(1);
    expect(await a.db.outbox.count()).toBe(0);
    expect(await a.db.households.get(old.id)).toBeUndefined();
    expect(await a.db.households.get(late.id)).toBeUndefined();
    expect(await a.db.households.get(inV2.id)).toEqual(inV2);
    expect(await a.db.roster.toArray()).toMatchObject([{ id: inV2.id, villageId: V2 }]);
    expect(((await getMember(a.db)) as Member).villageIds).toEqual([V2]);
    expect((await a.db.meta.get(SYNC_KEYS.scopeKey))?.value).toBe(V2);
  });

  it('clears nothing while the outbox cannot drain', async () => {
    const server = createMemoryServer();
    const a = await joinedPhone(server, { villageIds: [V1] });
    const h = await addHousehold(a.db);
    await a.sync.syncNow();
    server.move(a.id, [V2]);
    await updateHousehold(a.db, h.id, { notes: 'ghi chú' });
    // The first push goes through; the drain push after the reset answer fails.
    let pushes = 0;
    const fetch: FetchLike = async (url, init) => {
      if (url.endsWith('/push') && ++pushes === 1) {
        await updateHousehold(a.db, h.id, { notes: 'ghi chú sau' }); // a write lands while the sync runs
        return server.fetch(url, init);
      }
      if (url.endsWith('/push')) throw new TypeError('Failed to fetch');
      return server.fetch(url, init);
    };
    a.sync['transport' as never] = (await import('../../../src/app/sync/transport.ts')).createHttpTransport({ fetch, token: async () => a.token }) as never;
    expect(await a.sync.syncNow()).toMatchObject({ kind: 'failed', code: 'network' });
    expect(await a.db.households.get(h.id)).toMatchObject({ notes: 'ghi chú sau' });
    expect(await a.db.outbox.count()).toBe(1);
    expect((await a.db.meta.get(SYNC_KEYS.scopeKey))?.value).toBe(V1);
  });
});
