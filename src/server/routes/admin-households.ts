import { Hono } from 'hono';
import { CodedError } from '../../core/errors.ts';
import type { Household } from '../../core/model/household.ts';
import { duplicatePairs } from '../../core/roster/similar.ts';
import { templateCsv, templateRows } from '../../core/roster/template.ts';
import type { ServerContext } from '../context.ts';
import { readBytes, readJson } from '../http/body.ts';
import { sendJson } from '../http/respond.ts';
import { applyAsCommune, importRoster } from '../roster/import.ts';
import { templateXlsx } from '../roster/read-file.ts';
import { decodeRow } from '../store/codecs.ts';
import { invalid, officeOf } from './admin-common.ts';
import * as v from 'valibot';
import { id } from '../../core/model/fields.ts';
import { validate } from '../../core/model/validate.ts';

const MergeInput = v.object({ keepId: id(), mergeId: id() });

// /api/admin/households: the officer's roster tools — import a village's (or the commune's) list, download the
// template, see likely duplicates. Writes reach phones by pull like any synced record (roster/import.ts).
const IMPORT_LIMIT = 8 * 1024 * 1024;

const flag = (s: string | undefined) => s === '1' || s === 'true';

export const adminHouseholdRoutes = (ctx: ServerContext, onChange: () => void = () => undefined): Hono => {
  const app = new Hono();

  // GET /api/admin/households/template?format=csv|xlsx&whole=1 → the roster template with one example household
  app.get('/template', async (c) => {
    await officeOf(ctx, c);
    const whole = flag(c.req.query('whole'));
    const name = whole ? 'mau-danh-sach-ho-ca-xa' : 'mau-danh-sach-ho';
    if (c.req.query('format') === 'xlsx') {
      const bytes = await templateXlsx(templateRows(whole));
      return c.body(bytes as unknown as ArrayBuffer, 200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="${name}.xlsx"`,
      });
    }
    return c.body(templateCsv(whole), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}.csv"` });
  });

  // POST /api/admin/households/import?villageId=&dryRun=1&skipInvalid=1 (body: CSV text or an XLSX file)
  // → {created, updated, unchanged, residentsCreated, residentsUpdated, rows, households, residents, errors:[{row, column, rule}], imported}
  // With problems and neither dryRun nor skipInvalid: 400 invalid, the same counts, nothing imported.
  app.post('/import', async (c) => {
    const { actor, communeId } = await officeOf(ctx, c);
    const villageId = c.req.query('villageId') || undefined;
    const dryRun = flag(c.req.query('dryRun'));
    const skipInvalid = flag(c.req.query('skipInvalid'));
    const body = await readBytes(c, IMPORT_LIMIT);
    if (!body.byteLength) throw new CodedError('bad-request', 'send the roster file (CSV or XLSX) as the body');
    const answer = await importRoster(ctx, communeId, body, { villageId, dryRun, skipInvalid, actorId: actor.id });
    if (answer.imported) onChange();
    if (!dryRun && answer.errors.length && !skipInvalid) {
      const issues = answer.errors.map((e) => ({ field: `rows.${e.row}.${e.column}`, rule: e.rule }));
      return sendJson(c, { error: { code: 'invalid', message: `the file has ${answer.errors.length} problem(s); nothing was imported`, issues }, ...answer }, 400);
    }
    return sendJson(c, answer, answer.imported ? 201 : 200);
  });

  // GET /api/admin/households/duplicates?villageId= → {pairs: [{a, b, evidence}]} likely duplicates, per village
  app.get('/duplicates', async (c) => {
    const { communeId } = await officeOf(ctx, c);
    const villageId = c.req.query('villageId') || undefined;
    let q = ctx.store.db.selectFrom('households').selectAll().where('commune_id', '=', communeId).where('removed', '=', 0);
    if (villageId) q = q.where('village_id', '=', villageId);
    const households = (await q.execute()).map((r) => decodeRow('households', r) as Household);
    const counts = new Map<string, number>();
    for (const r of await ctx.store.db
      .selectFrom('residents')
      .select(['household_id', (eb) => eb.fn.countAll().as('n')])
      .where('commune_id', '=', communeId)
      .where('removed', '=', 0)
      .$if(villageId !== undefined, (qb) => qb.where('village_id', '=', villageId!))
      .groupBy('household_id')
      .execute())
      counts.set(r.household_id, Number(r.n));
    const view = (h: Household) => ({ id: h.id, villageId: h.villageId, code: h.code ?? '', headName: h.headName, houseLabel: h.houseLabel, phone: h.phone, residents: counts.get(h.id) ?? 0 });
    const pairs = duplicatePairs(households).map((p) => ({ a: view(p.a), b: view(p.b), evidence: p.evidence }));
    return sendJson(c, { pairs: pairs.slice(0, 500), total: pairs.length });
  });

  // POST /api/admin/households/merge {keepId, mergeId} → the merged household (the survivor, keepId's)
  // Applied as the synced operation household.merge (core/sync/merge-households.ts), so phones follow by pull.
  app.post('/merge', async (c) => {
    const { actor, communeId } = await officeOf(ctx, c);
    const checked = validate(MergeInput, await readJson(c));
    if (!checked.ok) return invalid(checked.issues);
    const { keepId, mergeId } = checked.value;
    const { db } = ctx.store;
    const find = (hid: string) => db.selectFrom('households').selectAll().where('commune_id', '=', communeId).where('id', '=', hid).executeTakeFirst();
    const [keep, merge] = await Promise.all([find(keepId), find(mergeId)]);
    if (!keep || !merge) throw new CodedError('not-found', 'no such household in this commune');
    if (keep.village_id !== merge.village_id) invalid([{ field: 'mergeId', rule: 'bad-choice' }]);
    await applyAsCommune(
      ctx,
      communeId,
      actor.id,
      'officer-merge',
      (hlc) => [{ seq: 1, id: mergeId, name: 'household.merge', args: { id: mergeId, villageId: merge.village_id, keepId }, hlc }],
      async (w) => w.audit(actor.id, 'household.merge', `household:${keepId}`, { keepId, mergeId, villageId: merge.village_id, mergedHead: merge.head_name }),
    );
    onChange();
    const survivor = await db.selectFrom('households').selectAll().where('commune_id', '=', communeId).where('id', '=', keepId).executeTakeFirstOrThrow();
    return sendJson(c, decodeRow('households', survivor));
  });

  // POST /api/admin/households/unmerge {keepId, mergeId} → the household split back out (mergeId's), live again
  // The synced operation household.unmerge: allowed in the report month the merge was made in (else 400 invalid,
  // rule period-ended).
  app.post('/unmerge', async (c) => {
    const { actor, communeId } = await officeOf(ctx, c);
    const checked = validate(MergeInput, await readJson(c));
    if (!checked.ok) return invalid(checked.issues);
    const { keepId, mergeId } = checked.value;
    const { db } = ctx.store;
    const merged = await db.selectFrom('households').selectAll().where('commune_id', '=', communeId).where('id', '=', mergeId).executeTakeFirst();
    if (!merged) throw new CodedError('not-found', 'no such household in this commune');
    await applyAsCommune(
      ctx,
      communeId,
      actor.id,
      'officer-merge',
      (hlc) => [{ seq: 1, id: mergeId, name: 'household.unmerge', args: { id: mergeId, villageId: merged.village_id, keepId }, hlc }],
      async (w) => w.audit(actor.id, 'household.unmerge', `household:${mergeId}`, { keepId, mergeId, villageId: merged.village_id, head: merged.head_name }),
    );
    onChange();
    const back = await db.selectFrom('households').selectAll().where('commune_id', '=', communeId).where('id', '=', mergeId).executeTakeFirstOrThrow();
    return sendJson(c, decodeRow('households', back));
  });

  return app;
};
