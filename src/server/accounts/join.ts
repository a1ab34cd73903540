import * as v from 'valibot';
import { CodedError } from '../../core/errors.ts';
import { freeText, id } from '../../core/model/fields.ts';
import type { Role } from '../../core/model/enums.ts';
import { DisplayNameSchema, type Member as WireMember } from '../../core/model/people.ts';
import { validate } from '../../core/model/validate.ts';
import { fold } from '../../core/text/fold.ts';
import type { Scope } from '../../core/sync/protocol.ts';
import type { ServerContext } from '../context.ts';
import { inCommuneWrite } from '../store/commune-write.ts';
import type { Invite } from '../store/schema.ts';
import { normalizeInviteCode } from './invite-code.ts';
import { createMember, FIELD_ROLES, getMember, scopeOf, setMemberVillages, toWireMember, touchMember } from './members.ts';
import { hashToken, newToken } from './tokens.ts';

export const JoinSchema = v.object({
  code: v.pipe(v.string('required'), v.maxLength(40, 'too-long')),
  deviceId: id(),
  displayName: DisplayNameSchema,
  // Optional: what the officer sees in the device list ("Điện thoại của chị Lan").
  label: v.optional(freeText(60)),
  // Optional: a phone re-joining while its old token still works proves it is the same phone with it.
  previousToken: v.optional(v.pipe(v.string(), v.maxLength(200))),
  // Optional: the member the phone re-joins as (its own record of who it is); with previousToken it keeps that
  // member even under a corrected name.
  memberId: v.optional(id()),
});

export type JoinResult = { token: string; member: WireMember; scope: Scope; device: { id: string; lastSeq: number }; serverTime: number };

// Joining with an invite code registers the phone and returns its device token (kept only as a hash here).
//
// A phone that joined before keeps its device row and, above all, its last sequence number: its outbox goes on
// from there, so nothing it queued is ever mistaken for a duplicate. A device id whose token is still valid can
// only be joined again by the phone holding that token, so nobody can take over another phone's sequence.
//
// A re-join keeps its member (same commune; the invite's village is added to their villages) only when it is the
// same person: the phone proves it holds the device's token (expired or revoked tokens still prove it) and says it
// is that member, or gives the member's own name. Anyone else gets a member of their own: phones are shared, and a
// second person joining must never rename or absorb the first (the field test's bug). Phones give each person their
// own device id, so this is the server's guard for phones that do not.
export const join = async (ctx: ServerContext, body: unknown): Promise<JoinResult> => {
  const checked = validate(JoinSchema, body);
  if (!checked.ok) throw new CodedError('invalid', undefined, checked.issues);
  const input = checked.value;
  const code = normalizeInviteCode(input.code);
  if (!code) throw new CodedError('invite-invalid');
  const { db } = ctx.store;
  const now = ctx.now();
  const found = await db.selectFrom('invites').selectAll().where('code', '=', code).executeTakeFirst();
  inviteUsable(found, now);
  const invite = found as Invite;
  const commune = await db.selectFrom('communes').select(['province_id']).where('id', '=', invite.commune_id).executeTakeFirstOrThrow();
  const token = newToken();

  return inCommuneWrite(db, ctx.store.kind, invite.commune_id, now, async (w) => {
    const existing = await w.trx.selectFrom('devices').selectAll().where('id', '=', input.deviceId).executeTakeFirst();
    const previous = existing && (await getMember(w.trx, existing.member_id));
    const proven = !!existing && input.previousToken !== undefined && existing.token_hash === hashToken(input.previousToken);
    if (existing && previous) {
      const active = existing.revoked_at === null && existing.expires_at > now && previous.disabled_at === null;
      if (active && !proven) throw new CodedError('forbidden', 'this phone is already in a team: ask the officer to remove it first');
    }
    // Take one use, only if the invite is still good at this instant (two phones racing for the last use).
    const took = await w.trx
      .updateTable('invites')
      .set((eb) => ({ used: eb('used', '+', 1) }))
      .where('code', '=', code)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .whereRef('used', '<', 'uses')
      .executeTakeFirst();
    if (Number(took.numUpdatedRows) !== 1) {
      inviteUsable(await w.trx.selectFrom('invites').selectAll().where('code', '=', code).executeTakeFirst(), now);
      throw new CodedError('invite-used-up');
    }

    const samePerson =
      !!previous && proven && (input.memberId !== undefined ? input.memberId === previous.id : fold(previous.display_name) === fold(input.displayName));
    let member;
    if (previous && samePerson && previous.commune_id === invite.commune_id && previous.disabled_at === null && FIELD_ROLES.includes(previous.role as Role)) {
      const villages = new Set<string>(JSON.parse(previous.village_ids));
      member = await touchMember(w, previous, { display_name: input.displayName });
      if (!villages.has(invite.village_id)) member = await setMemberVillages(w, member, [...villages, invite.village_id]);
    } else {
      member = await createMember(w, {
        provinceId: commune.province_id,
        role: invite.role as Role,
        displayName: input.displayName,
        teamId: invite.team_id,
        villageIds: [invite.village_id],
      });
    }
    const device = {
      member_id: member.id,
      commune_id: invite.commune_id,
      token_hash: hashToken(token),
      label: input.label || input.displayName,
      expires_at: now + ctx.policy.deviceTokenTtlMs,
      revoked_at: null,
    };
    if (existing) await w.trx.updateTable('devices').set(device).where('id', '=', existing.id).execute();
    else await w.trx.insertInto('devices').values({ ...device, id: input.deviceId, last_seq: 0, last_sync_at: null, app_build: null, created_at: now }).execute();
    await w.audit(member.id, existing && member.id === previous?.id ? 'device.rejoin' : 'device.join', `device:${input.deviceId}`, {
      invite: code,
      villageId: invite.village_id,
      memberId: member.id,
      displayName: input.displayName,
    });
    return {
      token,
      member: toWireMember(member),
      scope: scopeOf(member) as Scope,
      device: { id: input.deviceId, lastSeq: Number(existing?.last_seq ?? 0) },
      serverTime: now,
    };
  });
};

const inviteUsable = (invite: Invite | undefined, now: number): void => {
  if (!invite || invite.revoked_at !== null) throw new CodedError('invite-invalid');
  if (invite.expires_at <= now) throw new CodedError('invite-expired');
  if (invite.used >= invite.uses) throw new CodedError('invite-used-up');
};
