import * as v from 'valibot';
import { CodedError } from '../../core/errors.ts';
import { id } from '../../core/model/fields.ts';
import type { Member as WireMember } from '../../core/model/people.ts';
import { validate } from '../../core/model/validate.ts';
import type { Scope } from '../../core/sync/protocol.ts';
import type { ServerContext } from '../context.ts';
import { writeAudit } from '../store/commune-write.ts';
import { OFFICE_ROLES, scopeOf, toWireMember } from './members.ts';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './password.ts';
import { hashToken, newToken } from './tokens.ts';

export const LoginSchema = v.object({
  username: v.pipe(v.string('required'), v.trim(), v.minLength(1, 'required'), v.maxLength(130, 'too-long')),
  password: v.pipe(v.string('required'), v.minLength(1, 'required'), v.maxLength(200, 'too-long')),
  // Optional: the browser's device id, so this sign-in can also pull the commune (officer workspace offline).
  deviceId: v.optional(id()),
});

export type LoginResult = { token: string; member: WireMember; scope: Scope | null; expiresAt: number; serverTime: number };

export const normalizeUsername = (u: string): string => u.trim().toLowerCase();

// Officer, province admin and trainer sign-in. A wrong username costs the same time as a wrong password.
export const login = async (ctx: ServerContext, body: unknown): Promise<LoginResult> => {
  const checked = validate(LoginSchema, body);
  if (!checked.ok) throw new CodedError('invalid', undefined, checked.issues);
  const { username, password, deviceId } = checked.value;
  const { db } = ctx.store;
  const member = await db.selectFrom('members').selectAll().where('username', '=', normalizeUsername(username)).executeTakeFirst();
  const cost = ctx.policy.passwordCost;
  const ok = await verifyPassword(password, member?.password_hash ?? (await dummyHash(cost)));
  if (!member || !ok || member.disabled_at !== null || !OFFICE_ROLES.includes(member.role as never))
    throw new CodedError('login-failed', 'wrong username or password');
  // A hash from an older, cheaper cost is made again now that the password is known.
  if (member.password_hash && needsRehash(member.password_hash, cost)) {
    const rehashed = await hashPassword(password, cost);
    await db.updateTable('members').set({ password_hash: rehashed }).where('id', '=', member.id).where('password_hash', '=', member.password_hash).execute();
  }
  const now = ctx.now();
  const token = newToken();
  const expiresAt = now + ctx.policy.loginTokenTtlMs;
  await db.transaction().execute(async (trx) => {
    if (deviceId) {
      const existing = await trx.selectFrom('devices').select(['member_id']).where('id', '=', deviceId).executeTakeFirst();
      if (existing && existing.member_id !== member.id) throw new CodedError('forbidden', 'this device belongs to someone else');
      if (!existing)
        await trx
          .insertInto('devices')
          .values({
            id: deviceId,
            member_id: member.id,
            commune_id: member.commune_id,
            token_hash: null,
            label: member.display_name,
            last_seq: 0,
            last_sync_at: null,
            app_build: null,
            created_at: now,
            expires_at: now + ctx.policy.deviceTokenTtlMs,
            revoked_at: null,
          })
          .execute();
    }
    await trx
      .insertInto('login_tokens')
      .values({ token_hash: hashToken(token), member_id: member.id, device_id: deviceId ?? null, created_at: now, expires_at: expiresAt, revoked_at: null })
      .execute();
    await writeAudit(trx, { communeId: member.commune_id, actorId: member.id, action: 'auth.login', subject: `member:${member.id}`, details: deviceId ? { deviceId } : {}, now });
  });
  return { token, member: toWireMember(member), scope: scopeOf(member) ?? null, expiresAt, serverTime: now };
};

export const logout = async (ctx: ServerContext, tokenHash: string): Promise<void> => {
  await ctx.store.db.updateTable('login_tokens').set({ revoked_at: ctx.now() }).where('token_hash', '=', tokenHash).execute();
};
