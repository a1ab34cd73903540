import { CodedError } from '../../core/errors.ts';
import type { Role } from '../../core/model/enums.ts';
import type { DeviceAuth } from '../../core/sync/port.ts';
import { DAY_MS, type ServerContext } from '../context.ts';
import type { Selectable } from 'kysely';
import { communeWritesCommitted } from '../store/write-count.ts';
import { kyselyExec, prepare, type Prepared } from '../store/prepared.ts';
import type { Device, LoginTokenTable, Member } from '../store/schema.ts';

type LoginToken = Selectable<LoginTokenTable>;
import { scopeOf } from './members.ts';
import { bearer, hashToken } from './tokens.ts';

// Who is calling, from the Authorization header. A device token (from joining) or a login token (an officer's
// sign-in, optionally tied to a browser's device id so the officer can pull the commune too).
export type Caller =
  | { kind: 'device'; member: Member; device: Device }
  | { kind: 'login'; member: Member; device: Device | undefined; tokenHash: string };

// Sign-in lookups run on every sync request: prepared once per server, on the read connection.
type AuthStatements = {
  device: Prepared<Device>;
  login: Prepared<LoginToken>;
  deviceById: Prepared<Device>;
  member: Prepared<Member>;
  drains: Prepared<Drain>;
};
const statements = new WeakMap<ServerContext, AuthStatements>();
const authStatements = (ctx: ServerContext): AuthStatements => {
  let s = statements.get(ctx);
  if (!s) {
    const db = ctx.store.read;
    s = {
      device: prepare((p) => db.selectFrom('devices').selectAll().where('token_hash', '=', p('hash'))),
      login: prepare((p) => db.selectFrom('login_tokens').selectAll().where('token_hash', '=', p('hash'))),
      deviceById: prepare((p) => db.selectFrom('devices').selectAll().where('id', '=', p('id'))),
      member: prepare((p) => db.selectFrom('members').selectAll().where('id', '=', p('id'))),
      // By commune and device: move_drains is keyed by commune (store/distribution.ts).
      drains: prepare((p) =>
        db.selectFrom('move_drains').select(['village_id', 'moved_at', 'drain_until']).where('commune_id', '=', p('commune')).where('device_id', '=', p('id')),
      ),
    };
    statements.set(ctx, s);
  }
  return s;
};

// A phone's sign-in is read on every sync call: 500 phones syncing at once are 1,000 lookups (and, for pushes,
// the villages their members left) in a second on the server's one event loop. What was read is kept for a few
// seconds. Revoking a device and disabling or moving a member are commune writes (store/commune-write.ts); any
// commune write that ends after a lookup began makes its entry stale, so such a change holds from the very next call.
// Expiry is still checked against the clock on every call. Login tokens (officers' browsers) are not kept.
type Drain = { village_id: string; moved_at: number; drain_until: number | null };
type Kept = { device: Device; member: Member; drains?: Drain[]; writes: number; until: number };
const KEEP_MS = 5_000;
const KEEP_MAX = 10_000;
const kept = new WeakMap<ServerContext, Map<string, Kept>>();
const keptFor = (ctx: ServerContext): Map<string, Kept> => {
  let m = kept.get(ctx);
  if (!m) kept.set(ctx, (m = new Map()));
  return m;
};
const readExec = (ctx: ServerContext) => ctx.store.exec?.read ?? kyselyExec(ctx.store.read);
const fresh = (k: Kept | undefined): k is Kept => k !== undefined && k.writes === communeWritesCommitted() && k.until > performance.now();

// Kept by the token itself, so a call that finds its entry does not hash the token again (about 25 µs of the event
// loop's time per sync call here); the database only ever sees and stores the hash.
const lookUpDevice = async (ctx: ServerContext, token: string): Promise<Kept | undefined> => {
  const cache = keptFor(ctx);
  const hit = cache.get(token);
  if (fresh(hit)) return hit;
  const writes = communeWritesCommitted();
  const q = authStatements(ctx);
  const db = readExec(ctx);
  const device = (await q.device.run(db, { hash: hashToken(token) })).rows[0];
  if (!device) return undefined;
  const member = (await q.member.run(db, { id: device.member_id })).rows[0];
  if (!member) throw new CodedError('unauthorized');
  if (cache.size >= KEEP_MAX) cache.clear();
  const entry: Kept = { device, member, writes, until: performance.now() + KEEP_MS };
  cache.set(token, entry);
  return entry;
};

const deviceCallers = new WeakMap<Caller, Kept>();

export const authenticate = async (ctx: ServerContext, header: string | undefined): Promise<Caller> => {
  const token = bearer(header);
  if (!token) throw new CodedError('unauthorized', 'sign in or join a team first');
  const now = ctx.now();
  const found = await lookUpDevice(ctx, token);
  if (found) {
    const { device, member } = found;
    if (device.revoked_at !== null || member.disabled_at !== null) throw new CodedError('token-revoked', 'this phone was removed from the team');
    if (device.expires_at <= now) throw new CodedError('token-expired', 'this phone has not synced for too long: join again');
    // Sliding expiry, moved at most once a day per device.
    if (device.expires_at < now + ctx.policy.deviceTokenTtlMs - DAY_MS) {
      ctx.touches.touch(device.id, { expiresAt: now + ctx.policy.deviceTokenTtlMs });
      // The kept row moves with the write it asked for, as the next lookup would read it.
      device.expires_at = now + ctx.policy.deviceTokenTtlMs;
    }
    const caller: Caller = { kind: 'device', member, device };
    deviceCallers.set(caller, found);
    return caller;
  }
  const q = authStatements(ctx);
  const db = readExec(ctx);
  const hash = hashToken(token);
  const login = (await q.login.run(db, { hash })).rows[0];
  if (!login) throw new CodedError('unauthorized', 'unknown token');
  const member = (await q.member.run(db, { id: login.member_id })).rows[0];
  if (!member) throw new CodedError('unauthorized');
  if (login.revoked_at !== null || member.disabled_at !== null) throw new CodedError('token-revoked', 'signed out');
  if (login.expires_at <= now) throw new CodedError('token-expired', 'sign in again');
  if (login.expires_at < now + ctx.policy.loginTokenTtlMs - 5 * 60_000)
    await ctx.store.db.updateTable('login_tokens').set({ expires_at: now + ctx.policy.loginTokenTtlMs }).where('token_hash', '=', hash).execute();
  const linked = login.device_id ? (await q.deviceById.run(db, { id: login.device_id })).rows[0] : undefined;
  return { kind: 'login', member, device: linked, tokenHash: hash };
};

// The sync endpoints need a device: its id, its member and what it may see. A push (`write`) also needs the
// villages the member was moved out of whose drain window is open: edits stamped before the move are accepted
// there only while this phone drains its outbox. The window opens at the phone's first push after the move and
// lasts `policy.moveDrainMs` of server time, so a backdated stamp cannot write there later, whatever it says.
export const deviceAuth = async (ctx: ServerContext, caller: Caller, opts: { write?: boolean } = {}): Promise<DeviceAuth> => {
  const { device, member } = caller;
  if (!device) throw new CodedError('forbidden', 'sign in with this browser’s device id to sync');
  if (device.revoked_at !== null) throw new CodedError('token-revoked', 'this device was removed');
  const scope = scopeOf(member);
  if (!scope) throw new CodedError('forbidden', 'a province account has no commune to sync');
  const role = member.role as Role;
  if (!opts.write) return { deviceId: device.id, memberId: member.id, scope, role };
  if (scope.wholeCommune) {
    // Few and rarely: an officer's browser pushing. Its records must name a village of its own commune.
    const villages = await ctx.store.read.selectFrom('villages').select('id').where('commune_id', '=', scope.communeId).execute();
    return { deviceId: device.id, memberId: member.id, scope, role, communeVillageIds: villages.map((v) => v.id) };
  }
  const entry = deviceCallers.get(caller);
  let drains = entry?.drains;
  if (!drains) {
    drains = (await authStatements(ctx).drains.run(readExec(ctx), { commune: scope.communeId, id: device.id })).rows.map((r) => ({
      village_id: r.village_id,
      moved_at: Number(r.moved_at),
      drain_until: r.drain_until === null ? null : Number(r.drain_until),
    }));
    if (entry) entry.drains = drains;
  }
  const now = ctx.now();
  let opening: number | undefined;
  if (drains.some((d) => d.drain_until === null)) {
    opening = now + ctx.policy.moveDrainMs;
    try {
      await ctx.store.db
        .updateTable('move_drains')
        .set({ drain_until: opening })
        .where('commune_id', '=', scope.communeId)
        .where('device_id', '=', device.id)
        .where('drain_until', 'is', null)
        .execute();
      for (const d of drains) if (d.drain_until === null) d.drain_until = opening;
    } catch {
      // The database is busy with a commit: this push drains on the window it would have opened, and the next one
      // records it (the window can only start later, never earlier).
    }
  }
  const formerVillages: Record<string, number> = {};
  for (const d of drains)
    if (now <= (d.drain_until ?? opening ?? -Infinity) && !scope.villageIds.includes(d.village_id))
      formerVillages[d.village_id] = Math.max(formerVillages[d.village_id] ?? 0, d.moved_at);
  return { deviceId: device.id, memberId: member.id, scope, role, formerVillages };
};

// Admin calls: a commune officer for their own commune, a province admin for any commune of their province.
export const requireOffice = (caller: Caller, roles: readonly Role[] = ['officer', 'admin']): Member => {
  if (!roles.includes(caller.member.role as Role))
    throw new CodedError('forbidden', 'only a commune officer or a province admin can do this');
  return caller.member;
};

export const communeFor = async (ctx: ServerContext, member: Member, requested: string | undefined): Promise<string> => {
  if (member.role === 'admin') {
    const communeId = requested ?? member.commune_id ?? undefined;
    if (!communeId) throw new CodedError('bad-request', 'say which commune (?commune=)');
    const commune = await ctx.store.db.selectFrom('communes').select(['province_id']).where('id', '=', communeId).executeTakeFirst();
    if (!commune) throw new CodedError('not-found', 'no such commune');
    if (commune.province_id !== member.province_id) throw new CodedError('scope-forbidden', 'that commune is in another province');
    return communeId;
  }
  if (!member.commune_id) throw new CodedError('forbidden');
  if (requested !== undefined && requested !== member.commune_id) throw new CodedError('scope-forbidden', 'that commune is not yours');
  return member.commune_id;
};
