import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUSEHOLD_DEFAULTS } from '../../../src/core/model/household.ts';
import type { DeviceAuth } from '../../../src/core/sync/port.ts';
import { handlePush } from '../../../src/core/sync/push.ts';
import { PROTOCOL, SCHEMA } from '../../../src/core/sync/protocol.ts';
import { connectSqlite, type SqliteConnection } from '../../../src/server/store/open.ts';
import { SqlSyncPort } from '../../../src/server/store/sync-port.ts';
import { household, wirePhone, type WirePhone } from '../helpers/phone.ts';
import { createTestServer, type TestServer } from '../helpers/test-server.ts';

// SQLite's writer keeps the merged rows it read or wrote from one group commit to the next (KnownRows in
// store/sync-port.ts). What it keeps must never outlive a change made through another connection, nor a push
// that was rolled back: a merge against a stale row would let an older edit win over a newer one.
describe('the rows the SQLite writer keeps between pushes', () => {
  let s: TestServer;
  let conn: SqliteConnection;
  let port: SqlSyncPort;
  let phone: WirePhone;
  let auth: DeviceAuth;
  let seq = 0;
  beforeAll(async () => {
    s = await createTestServer({ db: 'sqlite' });
    const file = s.ctx.store.sqlite?.file as string;
    // A port as the writer thread has it: its own connection, keeping rows.
    conn = connectSqlite({ file, busyTimeoutMs: 2000 }, 'writer');
    port = new SqlSyncPort({ db: conn.kysely, read: conn.kysely, kind: 'sqlite', exec: { read: conn.exec, write: conn.exec }, where: file, close: async () => undefined }, { keepRows: true });
    const joined = await s.join(s.villageIds[0]);
    auth = { deviceId: joined.deviceId, memberId: joined.member.id, scope: joined.scope };
    phone = wirePhone(s, await s.join(s.villageIds[0]));
  });
  afterAll(async () => {
    conn?.raw.close();
    await s?.close();
  });

  const stamp = (ms: number) => `${String(ms).padStart(15, '0')}-0000-${auth.deviceId}`;
  const pushHere = (name: string, args: Record<string, unknown>, at: number) =>
    handlePush(port, auth, { protocol: PROTOCOL, schema: SCHEMA, deviceId: auth.deviceId, mutations: [{ seq: ++seq, id: String(args.id), name, args, hlc: stamp(at) }] }, s.clock.now());
  const headName = async (id: string) => (await s.ctx.store.db.selectFrom('households').select('head_name').where('id', '=', id).executeTakeFirstOrThrow()).head_name;

  it('merges against what another connection wrote since, so an older edit does not win over a newer one', async () => {
    const v = s.villageIds[0];
    const t = s.clock.now();
    expect(await pushHere('household.put', household('h-kept', v, { headName: 'Lò Văn A' }), t)).toMatchObject({ results: [{ status: 'applied' }] });
    // The newest edit arrives through the server (its writer thread: another connection to the file).
    const newer = await phone.push([phone.m('household.put', household('h-kept', v, { headName: 'Lò Văn B' }), t + 20_000)]);
    expect(newer.body.results[0].status).toBe('applied');
    // An edit made between the two reaches this writer last: it must lose to the newer one.
    expect(await pushHere('household.put', household('h-kept', v, { headName: 'Lò Văn C' }), t + 10_000)).toMatchObject({ results: [{ status: 'applied' }] });
    expect(await headName('h-kept')).toBe('Lò Văn B');
  });

  it('forgets a push that was rolled back to its savepoint', async () => {
    const v = s.villageIds[0];
    const now = s.clock.now();
    const row = (id: string) => ({ row: { ...HOUSEHOLD_DEFAULTS, ...household(id, v) }, clocks: { headName: stamp(now) } });
    const meta = { deviceId: auth.deviceId, memberId: auth.memberId, now };
    // Queued together, so they go in one group commit, each in its savepoint.
    const [kept, lost] = await Promise.allSettled([
      port.inPushTransaction(auth.scope.communeId, async (tx) => tx.putLww('households', row('h-group-ok'), await tx.nextVersion(), meta)),
      port.inPushTransaction(auth.scope.communeId, async (tx) => {
        await tx.putLww('households', row('h-group-lost'), await tx.nextVersion(), meta);
        // Read back inside the push: it is there until the push fails.
        expect(await tx.getLww('households', 'h-group-lost')).toBeDefined();
        throw new Error('a push that fails after writing');
      }),
    ]);
    if (kept.status === 'rejected') throw kept.reason;
    expect(lost.status).toBe('rejected');
    const after = await port.inPushTransaction(auth.scope.communeId, async (tx) => [await tx.getLww('households', 'h-group-ok'), await tx.getLww('households', 'h-group-lost')]);
    expect(after[0]?.row.id).toBe('h-group-ok');
    expect(after[1]).toBeUndefined();
  });
});
