import { CodedError } from '../../core/errors.ts';
import type { Role } from '../../core/model/enums.ts';
import type { DeviceAuth } from '../../core/sync/port.ts';
import { DAY_MS, type ServerContext } from '../context.ts';
import type { Selectable } from 'kysely';
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
  former: Prepared<{ village_id: string; until: number }>;
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
      former: prepare((p) => db.selectFrom('member_villages').select(['village_id', 'until']).where('member_id', '=', p('id')).where('until', 'is not', null)),
    };
    statements.set(ctx, s);
  }
  return s;
};

export const authenticate = async (ctx: ServerContext, header: string | undefined): Promise<Caller> => {
  const token = bearer(header);
  if (!token) throw new CodedError('unauthorized', 'sign in or join a team first');
  const hash = hashToken(token);
  const q = authStatements(ctx);
  const db = ctx.store.exec?.read ?? kyselyExec(ctx.store.read);
  const now = ctx.now();
  const device = (await q.device.run(db, { hash })).rows[0];
  if (device) {
    const member = (await q.member.run(db, { id: device.member_id })).rows[0];
    if (!member) throw new CodedError('unauthorized');
    if (device.revoked_at !== null || member.disabled_at !== null) throw new CodedError('token-revoked', 'this phone was removed from the team');
    if (device.expires_at <= now) throw new CodedError('token-expired', 'this phone has not synced for too long: join again');
    // Sliding expiry, moved at most once a day per device.
    if (device.expires_at < now + ctx.policy.deviceTokenTtlMs - DAY_MS) ctx.touches.touch(device.id, { expiresAt: now + ctx.policy.deviceTokenTtlMs });
    return { kind: 'device', member, device };
  }
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
// villages the member has left, whose edits made before the move are still accepted.
export const deviceAuth = async (ctx: ServerContext, caller: Caller, opts: { write?: boolean } = {}): Promise<DeviceAuth> => {
  const { device, member } = caller;
  if (!device) throw new CodedError('forbidden', 'sign in with this browser’s device id to sync');
  if (device.revoked_at !== null) throw new CodedError('token-revoked', 'this device was removed');
  const scope = scopeOf(member);
  if (!scope) throw new CodedError('forbidden', 'a province account has no commune to sync');
  if (!opts.write) return { deviceId: device.id, memberId: member.id, scope };
  const rows = (await authStatements(ctx).former.run(ctx.store.exec?.read ?? kyselyExec(ctx.store.read), { id: member.id })).rows;
  const formerVillages: Record<string, number> = {};
  for (const r of rows) formerVillages[r.village_id] = Math.max(formerVillages[r.village_id] ?? 0, Number(r.until));
  return { deviceId: device.id, memberId: member.id, scope, formerVillages };
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
