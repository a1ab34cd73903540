import { Hono, type Context } from 'hono';
import { CodedError } from '../../core/errors.ts';
import { authenticate, communeFor, requireOffice } from '../accounts/auth.ts';
import { createInvite, createInvitesFromCsv, listInvites, revokeInvite } from '../accounts/invites.ts';
import { publicUrlInfo } from '../http/public-url.ts';
import { listDevices, listMembers, moveMember, removeMember, revokeDevice } from '../accounts/team-admin.ts';
import type { ServerContext } from '../context.ts';
import { readJson } from '../http/body.ts';
import { sendJson } from '../http/respond.ts';
import { silentDaysOf } from '../reports/queries.ts';
import { writeAudit } from '../store/commune-write.ts';
import { addDaysIso, isIsoDate, startOfDayMs } from '../../core/report/period.ts';
import { listVillages } from '../store/villages.ts';
import type { Member } from '../store/schema.ts';

// /api/admin: what a commune officer (their commune) or a province admin (any commune of the province, chosen
// with ?commune=) manages. Every change is written to the audit log in the same transaction. The officer
// workspace adds its own calls here (targets, catalogue, teams…), each through `office()`.
export const adminRoutes = (ctx: ServerContext): Hono => {
  const app = new Hono();

  const office = async (c: Context): Promise<{ actor: Member; communeId: string }> => {
    const actor = requireOffice(await authenticate(ctx, c.req.header('authorization')));
    return { actor, communeId: await communeFor(ctx, actor, c.req.query('commune') || undefined) };
  };

  // GET /api/admin/villages → [{id, name, kind, retired, members, devices, lastSyncAt, oldestSyncAt, openInvites}]
  app.get('/villages', async (c) => {
    const { communeId } = await office(c);
    return sendJson(c, { communeId, villages: await listVillages(ctx, communeId) });
  });

  // POST /api/admin/invites {villageId, uses?, expiresInDays?, role?} → {code, villageId, role, uses, used, expiresAt, …}
  app.post('/invites', async (c) => {
    const { actor, communeId } = await office(c);
    return sendJson(c, await createInvite(ctx, actor, communeId, await readJson(c)), 201);
  });

  // POST /api/admin/invites/bulk {csv} → 201 {invites:[…]}: one invite per row (village, count, expiry, role?);
  // all or nothing, a bad file is 400 invalid with issues rows.<line>.<column>
  app.post('/invites/bulk', async (c) => {
    const { actor, communeId } = await office(c);
    return sendJson(c, { invites: await createInvitesFromCsv(ctx, actor, communeId, await readJson(c, 300 * 1024)) }, 201);
  });

  // GET /api/admin/invites → {invites:[…], publicUrl, publicUrlProblem: 'unset'|'not-https'|null} (newest first,
  // with their status; the address invite sheets and QR codes carry, from PUBLIC_URL)
  app.get('/invites', async (c) => {
    const { communeId } = await office(c);
    return sendJson(c, { invites: await listInvites(ctx, communeId), ...publicUrlInfo(ctx.publicUrl) });
  });

  // POST /api/admin/invites/:code/revoke → the invite, now revoked
  app.post('/invites/:code/revoke', async (c) => {
    const { actor, communeId } = await office(c);
    return sendJson(c, await revokeInvite(ctx, actor, communeId, c.req.param('code')));
  });

  // GET /api/admin/devices → {devices:[{id, label, memberId, memberName, villageIds, lastSeq, lastSyncAt, status, rejected…}]}
  app.get('/devices', async (c) => {
    const { communeId } = await office(c);
    return sendJson(c, { devices: await listDevices(ctx, communeId) });
  });

  // POST /api/admin/devices/:id/revoke → the device, now revoked (its phone keeps its outbox and asks to re-join)
  app.post('/devices/:id/revoke', async (c) => {
    const { actor, communeId } = await office(c);
    return sendJson(c, await revokeDevice(ctx, actor, communeId, c.req.param('id')));
  });

  // GET /api/admin/members → {members:[{id, displayName, role, villageIds, teamId, username, active, devices, lastSyncAt}]}
  app.get('/members', async (c) => {
    const { communeId } = await office(c);
    return sendJson(c, { members: await listMembers(ctx, communeId) });
  });

  // PUT /api/admin/members/:id/villages {villageIds} → the member with their new villages
  app.put('/members/:id/villages', async (c) => {
    const { actor, communeId } = await office(c);
    return sendJson(c, await moveMember(ctx, actor, communeId, c.req.param('id'), await readJson(c)));
  });

  // DELETE /api/admin/members/:id → the member, removed (their phones stop syncing)
  app.delete('/members/:id', async (c) => {
    const { actor, communeId } = await office(c);
    return sendJson(c, await removeMember(ctx, actor, communeId, c.req.param('id')));
  });

  // GET /api/admin/settings → {silentDays}; PUT {silentDays: 1–30} → the settings (audited): after how many days
  // without a sync a device counts as silent in the commune's figures and lists.
  app.get('/settings', async (c) => {
    const { communeId } = await office(c);
    return sendJson(c, { silentDays: await silentDaysOf(ctx.store.db, communeId) });
  });
  app.put('/settings', async (c) => {
    const { actor, communeId } = await office(c);
    const body = (await readJson(c)) as { silentDays?: unknown } | null;
    const days = body?.silentDays;
    if (typeof days !== 'number' || !Number.isInteger(days)) throw new CodedError('invalid', undefined, [{ field: 'silentDays', rule: 'not-integer' }]);
    if (days < 1) throw new CodedError('invalid', undefined, [{ field: 'silentDays', rule: 'too-small' }]);
    if (days > 30) throw new CodedError('invalid', undefined, [{ field: 'silentDays', rule: 'too-large' }]);
    const before = await silentDaysOf(ctx.store.db, communeId);
    await ctx.store.db.transaction().execute(async (trx) => {
      await trx.updateTable('communes').set({ silent_days: days }).where('id', '=', communeId).execute();
      await writeAudit(trx, { communeId, actorId: actor.id, action: 'settings.edit', subject: `commune:${communeId}`, details: { from: { silentDays: before }, to: { silentDays: days } }, now: ctx.now() });
    });
    return sendJson(c, { silentDays: days });
  });

  // GET /api/admin/audit?limit=&before=&actor=&action=&from=&to=&signins=only|without → {entries:[{id, at, actorId,
  // actorName, action, subject, details}], actors:[{id, name}]}: newest first; filtered by person (actor id), kind
  // (an action, or its group before the dot: "invite"), local dates from/to (YYYY-MM-DD, inclusive), and sign-ins
  // apart (signins=only lists them alone, signins=without leaves them out). `actors`: everyone who appears.
  app.get('/audit', async (c) => {
    const { communeId } = await office(c);
    const limit = Math.min(500, Math.max(1, Number(c.req.query('limit') ?? 100) || 100));
    const before = c.req.query('before');
    if (before !== undefined && !/^\d+$/.test(before)) throw new CodedError('bad-request', 'before must be a time in ms');
    const from = c.req.query('from');
    const to = c.req.query('to');
    if ((from !== undefined && !isIsoDate(from)) || (to !== undefined && !isIsoDate(to))) throw new CodedError('bad-request', 'from and to must be dates (YYYY-MM-DD)');
    const actor = c.req.query('actor');
    const action = c.req.query('action');
    const signins = c.req.query('signins');
    const db = ctx.store.db;
    let q = db
      .selectFrom('audit_log')
      .leftJoin('members', 'members.id', 'audit_log.actor_id')
      .selectAll('audit_log')
      .select('members.display_name as actor_name')
      .where('audit_log.commune_id', '=', communeId);
    if (before) q = q.where('audit_log.at', '<', Number(before));
    if (from) q = q.where('audit_log.at', '>=', startOfDayMs(from));
    if (to) q = q.where('audit_log.at', '<', startOfDayMs(addDaysIso(to, 1)));
    if (actor) q = q.where('audit_log.actor_id', '=', actor);
    if (action) q = action.includes('.') ? q.where('audit_log.action', '=', action) : q.where('audit_log.action', 'like', `${action.replace(/[%_]/g, '')}.%`);
    if (signins === 'only') q = q.where('audit_log.action', '=', 'auth.login');
    else if (signins === 'without') q = q.where('audit_log.action', '!=', 'auth.login');
    const [rows, actors] = await Promise.all([
      q.orderBy('audit_log.at', 'desc').orderBy('audit_log.id', 'desc').limit(limit).execute(),
      db
        .selectFrom('audit_log')
        .innerJoin('members', 'members.id', 'audit_log.actor_id')
        .select(['members.id as id', 'members.display_name as name'])
        .where('audit_log.commune_id', '=', communeId)
        .groupBy(['members.id', 'members.display_name'])
        .orderBy('members.display_name')
        .execute(),
    ]);
    return sendJson(c, {
      entries: rows.map((r) => ({ id: r.id, at: r.at, actorId: r.actor_id, actorName: r.actor_name ?? null, action: r.action, subject: r.subject, details: JSON.parse(r.details) })),
      actors,
    });
  });

  return app;
};
