import * as v from 'valibot';
import { CodedError } from '../../core/errors.ts';
import { choice, id, int } from '../../core/model/fields.ts';
import { validate } from '../../core/model/validate.ts';
import { DAY_MS, type ServerContext } from '../context.ts';
import { inCommuneWrite, type CommuneWriter } from '../store/commune-write.ts';
import type { Invite, Member } from '../store/schema.ts';
import { formatInviteCode, newInviteCode, normalizeInviteCode } from './invite-code.ts';
import { parseInviteCsv } from '../../core/roster/invite-csv.ts';
import { localDate } from '../../core/report/period.ts';

export const CreateInviteSchema = v.object({
  villageId: id(),
  uses: v.optional(int(1, 1000), 10),
  expiresInDays: v.optional(int(1, 365), 14),
  role: v.optional(choice(['member', 'leader'] as const), 'member'),
});

export type InviteView = {
  code: string;
  villageId: string;
  role: string;
  uses: number;
  used: number;
  expiresAt: number;
  createdAt: number;
  status: 'active' | 'expired' | 'used-up' | 'revoked';
};

export const inviteView = (i: Invite, now: number): InviteView => ({
  code: formatInviteCode(i.code),
  villageId: i.village_id,
  role: i.role,
  uses: i.uses,
  used: i.used,
  expiresAt: i.expires_at,
  createdAt: i.created_at,
  status: i.revoked_at !== null ? 'revoked' : i.expires_at <= now ? 'expired' : i.used >= i.uses ? 'used-up' : 'active',
});

// An invite lets `uses` phones join the village's team within `expiresInDays`.
export const createInvite = async (ctx: ServerContext, actor: Member | null, communeId: string, body: unknown): Promise<InviteView> => {
  const checked = validate(CreateInviteSchema, body);
  if (!checked.ok) throw new CodedError('invalid', undefined, checked.issues);
  const { villageId, uses, expiresInDays, role } = checked.value;
  const { db } = ctx.store;
  const now = ctx.now();
  const village = await db.selectFrom('villages').select(['id', 'retired']).where('commune_id', '=', communeId).where('id', '=', villageId).executeTakeFirst();
  if (!village) throw new CodedError('invalid', 'no such village in this commune', [{ field: 'villageId', rule: 'bad-choice' }]);
  if (village.retired) throw new CodedError('invalid', 'that village is retired', [{ field: 'villageId', rule: 'bad-choice' }]);
  const teams = await db.selectFrom('teams').select(['id', 'village_ids']).where('commune_id', '=', communeId).orderBy('id').execute();
  const team = teams.find((t) => (JSON.parse(t.village_ids) as string[]).includes(villageId));
  return inCommuneWrite(db, ctx.store.kind, communeId, now, (w) =>
    insertInvite(w, { villageId, uses, expiresInDays, role, teamId: team?.id ?? null, createdBy: actor?.id ?? null }),
  );
};

// Writes a new invite with a fresh code (inside the caller's commune write, which audits it).
export const insertInvite = async (
  w: CommuneWriter,
  i: { villageId: string; uses: number; expiresInDays: number; role: string; teamId: string | null; createdBy: string | null },
): Promise<InviteView> => {
  for (let attempt = 0; ; attempt++) {
    const code = newInviteCode();
    const clash = await w.trx.selectFrom('invites').select('code').where('code', '=', code).executeTakeFirst();
    if (clash) {
      if (attempt > 5) throw new CodedError('unavailable');
      continue;
    }
    const row: Invite = {
      code,
      commune_id: w.communeId,
      village_id: i.villageId,
      team_id: i.teamId,
      role: i.role,
      uses: i.uses,
      used: 0,
      expires_at: w.now + i.expiresInDays * DAY_MS,
      created_by: i.createdBy,
      created_at: w.now,
      revoked_at: null,
    };
    await w.trx.insertInto('invites').values(row).execute();
    await w.audit(i.createdBy, 'invite.create', `invite:${code}`, { villageId: i.villageId, uses: i.uses, expiresInDays: i.expiresInDays, role: i.role });
    return inviteView(row, w.now);
  }
};

export const listInvites = async (ctx: ServerContext, communeId: string): Promise<InviteView[]> => {
  const rows = await ctx.store.db.selectFrom('invites').selectAll().where('commune_id', '=', communeId).orderBy('created_at', 'desc').execute();
  const now = ctx.now();
  return rows.map((r) => inviteView(r, now));
};

export const revokeInvite = async (ctx: ServerContext, actor: Member, communeId: string, input: string): Promise<InviteView> => {
  const code = normalizeInviteCode(input);
  const { db } = ctx.store;
  const now = ctx.now();
  const invite = code && (await db.selectFrom('invites').selectAll().where('code', '=', code).where('commune_id', '=', communeId).executeTakeFirst());
  if (!invite) throw new CodedError('not-found', 'no such invite in this commune');
  return inCommuneWrite(db, ctx.store.kind, communeId, now, async (w) => {
    await w.trx.updateTable('invites').set({ revoked_at: invite.revoked_at ?? now }).where('code', '=', invite.code).execute();
    await w.audit(actor.id, 'invite.revoke', `invite:${invite.code}`, {});
    return inviteView({ ...invite, revoked_at: invite.revoked_at ?? now }, now);
  });
};

// Invites in bulk from the officer's CSV (src/core/roster/invite-csv.ts): all rows or none, in one commune write
// (each invite audited); a refused file answers `invalid` with one issue per bad cell, named by its line.
export const createInvitesFromCsv = async (ctx: ServerContext, actor: Member, communeId: string, body: unknown): Promise<InviteView[]> => {
  const checked = validate(v.object({ csv: v.pipe(v.string('required'), v.maxLength(256 * 1024, 'too-long')) }), body);
  if (!checked.ok) throw new CodedError('invalid', undefined, checked.issues);
  const { db } = ctx.store;
  const now = ctx.now();
  const villages = await db.selectFrom('villages').select(['id', 'name']).where('commune_id', '=', communeId).where('retired', '=', 0).execute();
  const parsed = parseInviteCsv(checked.value.csv, villages, localDate(now));
  if (!parsed.ok) throw new CodedError('invalid', 'the file has problems', parsed.issues);
  const teams = await db.selectFrom('teams').select(['id', 'village_ids']).where('commune_id', '=', communeId).orderBy('id').execute();
  const teamOf = (villageId: string) => teams.find((t) => (JSON.parse(t.village_ids) as string[]).includes(villageId))?.id ?? null;
  return inCommuneWrite(db, ctx.store.kind, communeId, now, async (w) => {
    const out: InviteView[] = [];
    for (const r of parsed.rows) out.push(await insertInvite(w, { villageId: r.villageId, uses: r.uses, expiresInDays: r.expiresInDays, role: r.role, teamId: teamOf(r.villageId), createdBy: actor.id }));
    return out;
  });
};
