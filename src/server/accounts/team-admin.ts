import * as v from 'valibot';
import { CodedError } from '../../core/errors.ts';
import type { Role } from '../../core/model/enums.ts';
import { id } from '../../core/model/fields.ts';
import { validate } from '../../core/model/validate.ts';
import type { ServerContext } from '../context.ts';
import { inCommuneWrite } from '../store/commune-write.ts';
import type { Member } from '../store/schema.ts';
import { FIELD_ROLES, getMember, setMemberVillages, toWireMember, touchMember } from './members.ts';

// The officer's view of the commune's members and phones, and the changes an officer makes to them. Every change
// is audited in the same transaction.
export type DeviceView = {
  id: string;
  label: string;
  memberId: string;
  memberName: string;
  role: string;
  villageIds: string[];
  lastSeq: number;
  lastSyncAt: number | null;
  createdAt: number;
  expiresAt: number;
  status: 'active' | 'revoked' | 'expired';
  // Mutations from this phone the commune refused (invalid, out of scope): someone should look at them.
  rejected: number;
};

export const listDevices = async (ctx: ServerContext, communeId: string): Promise<DeviceView[]> => {
  await ctx.touches.flush(); // the latest sync times, not a second old
  const { db } = ctx.store;
  const now = ctx.now();
  const rows = await db
    .selectFrom('devices')
    .innerJoin('members', 'members.id', 'devices.member_id')
    .select([
      'devices.id', 'devices.label', 'devices.member_id', 'devices.last_seq', 'devices.last_sync_at', 'devices.created_at',
      'devices.expires_at', 'devices.revoked_at', 'members.display_name', 'members.role', 'members.village_ids', 'members.disabled_at',
    ])
    .where('devices.commune_id', '=', communeId)
    .orderBy('devices.last_sync_at', 'desc')
    .orderBy('devices.id')
    .execute();
  const rejected = await db
    .selectFrom('rejections')
    .select(['device_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('commune_id', '=', communeId)
    .groupBy('device_id')
    .execute();
  const rejectedBy = new Map(rejected.map((r) => [r.device_id, Number(r.n)]));
  return rows.map((r) => ({
    id: r.id,
    label: r.label,
    memberId: r.member_id,
    memberName: r.display_name,
    role: r.role,
    villageIds: JSON.parse(r.village_ids),
    lastSeq: Number(r.last_seq),
    lastSyncAt: r.last_sync_at,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    status: r.revoked_at !== null || r.disabled_at !== null ? 'revoked' : r.expires_at <= now ? 'expired' : 'active',
    rejected: rejectedBy.get(r.id) ?? 0,
  }));
};

// The phone's token stops working at once; the phone keeps its outbox and asks to join again.
export const revokeDevice = async (ctx: ServerContext, actor: Member, communeId: string, deviceId: string): Promise<DeviceView> => {
  const { db } = ctx.store;
  const now = ctx.now();
  const device = await db.selectFrom('devices').selectAll().where('id', '=', deviceId).where('commune_id', '=', communeId).executeTakeFirst();
  if (!device) throw new CodedError('not-found', 'no such device in this commune');
  await inCommuneWrite(db, ctx.store.kind, communeId, now, async (w) => {
    await w.trx.updateTable('devices').set({ revoked_at: device.revoked_at ?? now }).where('id', '=', deviceId).execute();
    await w.trx.updateTable('login_tokens').set({ revoked_at: now }).where('device_id', '=', deviceId).where('revoked_at', 'is', null).execute();
    await w.audit(actor.id, 'device.revoke', `device:${deviceId}`, { memberId: device.member_id, label: device.label });
  });
  const view = (await listDevices(ctx, communeId)).find((d) => d.id === deviceId);
  return view as DeviceView;
};

export type MemberView = ReturnType<typeof toWireMember> & {
  username: string | null;
  active: boolean;
  devices: number;
  lastSyncAt: number | null;
};

export const listMembers = async (ctx: ServerContext, communeId: string): Promise<MemberView[]> => {
  await ctx.touches.flush();
  const { db } = ctx.store;
  const members = await db.selectFrom('members').selectAll().where('commune_id', '=', communeId).orderBy('display_name').orderBy('id').execute();
  const devices = await db
    .selectFrom('devices')
    .select(['member_id', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max('last_sync_at').as('last')])
    .where('commune_id', '=', communeId)
    .where('revoked_at', 'is', null)
    .groupBy('member_id')
    .execute();
  const byMember = new Map(devices.map((d) => [d.member_id, d]));
  return members.map((m) => {
    const d = byMember.get(m.id);
    return {
      ...toWireMember(m),
      username: m.username,
      active: m.disabled_at === null,
      devices: Number(d?.n ?? 0),
      lastSyncAt: d?.last === null || d?.last === undefined ? null : Number(d.last),
    };
  });
};

export const MoveMemberSchema = v.object({
  villageIds: v.pipe(v.array(id(), 'bad-format'), v.minLength(1, 'empty-list'), v.maxLength(100, 'too-long')),
});

const fieldMemberOf = async (ctx: ServerContext, communeId: string, memberId: string): Promise<Member> => {
  const member = await getMember(ctx.store.db, memberId);
  if (!member || member.commune_id !== communeId) throw new CodedError('not-found', 'no such member in this commune');
  return member;
};

// Moves a team member to other villages. Their phones get `reset` on the next pull and, once their outbox has
// drained (edits made before the move are still accepted for the old village), drop the old village.
export const moveMember = async (ctx: ServerContext, actor: Member, communeId: string, memberId: string, body: unknown) => {
  const checked = validate(MoveMemberSchema, body);
  if (!checked.ok) throw new CodedError('invalid', undefined, checked.issues);
  const villageIds = [...new Set(checked.value.villageIds)];
  const member = await fieldMemberOf(ctx, communeId, memberId);
  if (!FIELD_ROLES.includes(member.role as Role)) throw new CodedError('invalid', 'officers see the whole commune', [{ field: 'role', rule: 'bad-choice' }]);
  if (member.disabled_at !== null) throw new CodedError('not-found', 'that member was removed');
  const { db } = ctx.store;
  const known = await db.selectFrom('villages').select(['id', 'retired']).where('commune_id', '=', communeId).where('id', 'in', villageIds).execute();
  const usable = new Set(known.filter((k) => !k.retired).map((k) => k.id));
  const bad = villageIds.findIndex((vId) => !usable.has(vId));
  if (bad >= 0) throw new CodedError('invalid', 'no such village in this commune', [{ field: `villageIds.${bad}`, rule: 'bad-choice' }]);
  const now = ctx.now();
  return inCommuneWrite(db, ctx.store.kind, communeId, now, async (w) => {
    const before = JSON.parse(member.village_ids) as string[];
    const moved = await setMemberVillages(w, member, villageIds);
    await w.audit(actor.id, 'member.move', `member:${member.id}`, { from: before, to: [...villageIds].sort() });
    return toWireMember(moved);
  });
};

// Removes a member: their phones stop syncing, other phones drop them from the team list (a tombstone).
export const removeMember = async (ctx: ServerContext, actor: Member, communeId: string, memberId: string) => {
  const member = await fieldMemberOf(ctx, communeId, memberId);
  if (member.id === actor.id) throw new CodedError('forbidden', 'you cannot remove yourself');
  if (member.disabled_at !== null) return toWireMember(member);
  const now = ctx.now();
  return inCommuneWrite(ctx.store.db, ctx.store.kind, communeId, now, async (w) => {
    const removed = await touchMember(w, member, { disabled_at: now });
    await w.trx.updateTable('devices').set({ revoked_at: now }).where('member_id', '=', member.id).where('revoked_at', 'is', null).execute();
    await w.trx.updateTable('login_tokens').set({ revoked_at: now }).where('member_id', '=', member.id).where('revoked_at', 'is', null).execute();
    await w.tombstone('members', member.id, null);
    await w.audit(actor.id, 'member.remove', `member:${member.id}`, { displayName: member.display_name });
    return toWireMember(removed);
  });
};
