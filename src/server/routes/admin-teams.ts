import { Hono } from 'hono';
import * as v from 'valibot';
import { v7 as uuidv7 } from 'uuid';
import { CodedError } from '../../core/errors.ts';
import { id, requiredText } from '../../core/model/fields.ts';
import { DisplayNameSchema } from '../../core/model/people.ts';
import { validate } from '../../core/model/validate.ts';
import { getMember, touchMember, createMember, toWireMember } from '../accounts/members.ts';
import { normalizeUsername } from '../accounts/login.ts';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../../core/model/password.ts';
import { hashPassword } from '../accounts/password.ts';
import type { ServerContext } from '../context.ts';
import { readJson } from '../http/body.ts';
import { sendJson } from '../http/respond.ts';
import { inCommuneWrite } from '../store/commune-write.ts';
import { invalid, officeOf } from './admin-common.ts';

// /api/admin/teams: the commune's teams (Tổ CNSCĐ, one village or several), who is in which team and with what
// role, and sign-in accounts for other officers and trainers. Team changes reach phones with the member records
// (a member's team and role travel with them).
const TeamInput = v.object({ name: requiredText(), villageIds: v.pipe(v.array(id(), 'bad-format'), v.minLength(1, 'empty-list'), v.maxLength(100, 'too-long')) });
const TeamPatch = v.object({ name: v.optional(requiredText()), villageIds: v.optional(TeamInput.entries.villageIds) });
const MemberPatch = v.object({
  teamId: v.optional(v.nullable(id())),
  role: v.optional(v.picklist(['member', 'leader'] as const, 'bad-choice')),
  displayName: v.optional(DisplayNameSchema),
});
const AccountInput = v.object({
  displayName: DisplayNameSchema,
  username: v.pipe(v.string('required'), v.trim(), v.minLength(3, 'too-short'), v.maxLength(60, 'too-long'), v.regex(/^[a-zA-Z0-9._-]+$/, 'bad-format')),
  password: v.pipe(v.string('required'), v.minLength(MIN_PASSWORD_LENGTH, 'too-short'), v.maxLength(200, 'too-long')),
  role: v.picklist(['officer', 'trainer'] as const, 'bad-choice'),
});

// The sign-in name of an account a commune creates: what the officer typed, then @ and the commune's id.
export const communeUsername = (typed: string, communeId: string): string => `${normalizeUsername(typed)}@${communeId.toLowerCase()}`;

export type TeamView = { id: string; name: string; villageIds: string[]; members: number };

export const adminTeamRoutes = (ctx: ServerContext): Hono => {
  const app = new Hono();
  const { db, kind } = ctx.store;

  const villagesOk = async (communeId: string, ids: readonly string[]) => {
    const known = new Set((await db.selectFrom('villages').select('id').where('commune_id', '=', communeId).execute()).map((r) => r.id));
    const bad = ids.findIndex((x) => !known.has(x));
    if (bad >= 0) invalid([{ field: `villageIds.${bad}`, rule: 'bad-choice' }]);
  };
  const teamOf = async (communeId: string, teamId: string) => {
    const t = await db.selectFrom('teams').selectAll().where('commune_id', '=', communeId).where('id', '=', teamId).executeTakeFirst();
    if (!t) throw new CodedError('not-found', 'no such team in this commune');
    return t;
  };
  const memberOf = async (communeId: string, memberId: string) => {
    const m = await getMember(db, memberId);
    if (!m || m.commune_id !== communeId || m.disabled_at !== null) throw new CodedError('not-found', 'no such member in this commune');
    return m;
  };

  // GET /api/admin/teams → {teams:[{id, name, villageIds, members}]}
  app.get('/', async (c) => {
    const { communeId } = await officeOf(ctx, c);
    const [teams, counts] = await Promise.all([
      db.selectFrom('teams').selectAll().where('commune_id', '=', communeId).orderBy('name').execute(),
      db
        .selectFrom('members')
        .select((eb) => ['team_id', eb.fn.countAll<number>().as('n')])
        .where('commune_id', '=', communeId)
        .where('disabled_at', 'is', null)
        .groupBy('team_id')
        .execute(),
    ]);
    const n = new Map(counts.map((r) => [r.team_id, Number(r.n)]));
    return sendJson(c, { teams: teams.map((t): TeamView => ({ id: t.id, name: t.name, villageIds: JSON.parse(t.village_ids), members: n.get(t.id) ?? 0 })) });
  });

  // POST /api/admin/teams {name, villageIds} → the team (201)
  app.post('/', async (c) => {
    const { actor, communeId } = await officeOf(ctx, c);
    const checked = validate(TeamInput, await readJson(c));
    if (!checked.ok) return invalid(checked.issues);
    const villageIds = [...new Set(checked.value.villageIds)].sort();
    await villagesOk(communeId, villageIds);
    const now = ctx.now();
    const team: TeamView = { id: uuidv7(), name: checked.value.name, villageIds, members: 0 };
    await inCommuneWrite(db, kind, communeId, now, async (w) => {
      await w.trx.insertInto('teams').values({ id: team.id, commune_id: communeId, name: team.name, village_ids: JSON.stringify(villageIds), created_at: now, updated_at: now }).execute();
      await w.audit(actor.id, 'team.add', `team:${team.id}`, { name: team.name, villageIds });
    });
    return sendJson(c, team, 201);
  });

  // PUT /api/admin/teams/:id {name?, villageIds?} → the team
  app.put('/:id', async (c) => {
    const { actor, communeId } = await officeOf(ctx, c);
    const checked = validate(TeamPatch, await readJson(c));
    if (!checked.ok) return invalid(checked.issues);
    const before = await teamOf(communeId, c.req.param('id'));
    const villageIds = checked.value.villageIds ? [...new Set(checked.value.villageIds)].sort() : (JSON.parse(before.village_ids) as string[]);
    await villagesOk(communeId, villageIds);
    const name = checked.value.name ?? before.name;
    await inCommuneWrite(db, kind, communeId, ctx.now(), async (w) => {
      await w.trx.updateTable('teams').set({ name, village_ids: JSON.stringify(villageIds), updated_at: w.now }).where('id', '=', before.id).execute();
      await w.audit(actor.id, 'team.edit', `team:${before.id}`, { from: { name: before.name, villageIds: JSON.parse(before.village_ids) }, to: { name, villageIds } });
    });
    return sendJson(c, { id: before.id, name, villageIds });
  });

  // DELETE /api/admin/teams/:id → {ok, unassigned}: its members stay (their villages are unchanged), without a team.
  app.delete('/:id', async (c) => {
    const { actor, communeId } = await officeOf(ctx, c);
    const team = await teamOf(communeId, c.req.param('id'));
    const unassigned = await inCommuneWrite(db, kind, communeId, ctx.now(), async (w) => {
      const members = await w.trx.selectFrom('members').selectAll().where('team_id', '=', team.id).execute();
      for (const m of members) await touchMember(w, m, { team_id: null });
      await w.trx.updateTable('invites').set({ team_id: null }).where('team_id', '=', team.id).execute();
      await w.trx.deleteFrom('teams').where('id', '=', team.id).execute();
      await w.audit(actor.id, 'team.remove', `team:${team.id}`, { name: team.name, members: members.length });
      return members.length;
    });
    return sendJson(c, { ok: true, unassigned });
  });

  // PUT /api/admin/teams/members/:id {teamId?, role?: member|leader, displayName?} → the member
  app.put('/members/:id', async (c) => {
    const { actor, communeId } = await officeOf(ctx, c);
    const checked = validate(MemberPatch, await readJson(c));
    if (!checked.ok) return invalid(checked.issues);
    const member = await memberOf(communeId, c.req.param('id'));
    const p = checked.value;
    if (p.role !== undefined && member.role !== 'member' && member.role !== 'leader') invalid([{ field: 'role', rule: 'bad-choice' }]);
    if (p.teamId) await teamOf(communeId, p.teamId);
    const set = {
      ...(p.teamId !== undefined ? { team_id: p.teamId } : {}),
      ...(p.role !== undefined ? { role: p.role } : {}),
      ...(p.displayName !== undefined ? { display_name: p.displayName } : {}),
    };
    if (!Object.keys(set).length) return sendJson(c, toWireMember(member));
    const updated = await inCommuneWrite(db, kind, communeId, ctx.now(), async (w) => {
      const next = await touchMember(w, member, set);
      await w.audit(actor.id, 'member.edit', `member:${member.id}`, {
        from: { teamId: member.team_id, role: member.role, displayName: member.display_name },
        to: { teamId: next.team_id, role: next.role, displayName: next.display_name },
      });
      return next;
    });
    return sendJson(c, toWireMember(updated));
  });

  // POST /api/admin/teams/accounts {displayName, username, password, role: officer|trainer} → the member (201)
  app.post('/accounts', async (c) => {
    const { actor, communeId } = await officeOf(ctx, c);
    const checked = validate(AccountInput, await readJson(c));
    if (!checked.ok) return invalid(checked.issues);
    // Usernames are global (sign-in asks for nothing else), so an account made by a commune is named within that
    // commune (`hoa@c-sample`): a name taken in another commune can never collide, and "already exists" only ever
    // tells an officer about their own commune's accounts.
    const username = communeUsername(checked.value.username, communeId);
    const weak = passwordProblem(checked.value.password, checked.value.username);
    if (weak) invalid([{ field: 'password', rule: weak }]);
    if (await db.selectFrom('members').select('id').where('username', '=', username).executeTakeFirst()) invalid([{ field: 'username', rule: 'duplicate' }]);
    const commune = await db.selectFrom('communes').select('province_id').where('id', '=', communeId).executeTakeFirstOrThrow();
    const passwordHash = await hashPassword(checked.value.password, ctx.policy.passwordCost);
    const created = await inCommuneWrite(db, kind, communeId, ctx.now(), async (w) => {
      const m = await createMember(w, { provinceId: commune.province_id, role: checked.value.role, displayName: checked.value.displayName, teamId: null, villageIds: [], username, passwordHash });
      await w.audit(actor.id, 'account.add', `member:${m.id}`, { username, role: checked.value.role, displayName: checked.value.displayName });
      return m;
    });
    return sendJson(c, { ...toWireMember(created), username }, 201);
  });

  return app;
};
