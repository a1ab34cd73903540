import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { freeText, id, isoDate } from '../../core/model/fields.ts';
import { validate } from '../../core/model/validate.ts';
import { authenticate, requireOffice } from '../accounts/auth.ts';
import type { ServerContext } from '../context.ts';
import { readJson } from '../http/body.ts';
import { sendJson } from '../http/respond.ts';
import { loadIndicatorMap, loadProvinceTargets, putIndicatorMap, setProvinceTarget } from '../reports/province-setup.ts';
import { loadCatalogue } from '../reports/rollups.ts';
import { writeAudit } from '../store/commune-write.ts';
import { invalid } from './admin-common.ts';

// /api/admin/province: what a province admin sets once for the whole province (docs/officer.md): its own list of
// indicators (row number and name in its appendix) and its targets, pushed to every commune.
const Percent = v.nullable(v.pipe(v.number('bad-format'), v.minValue(0, 'too-small'), v.maxValue(100, 'too-large')));
const IndicatorInput = v.object({
  indicators: v.pipe(
    v.array(
      v.object({
        itemId: id(),
        rowNo: v.pipe(v.string('required'), v.trim(), v.maxLength(12, 'too-long')),
        name: v.pipe(v.string('required'), v.trim(), v.maxLength(300, 'too-long')),
        unit: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(20, 'too-long')), '%'),
      }),
    ),
    v.maxLength(200, 'too-long'),
  ),
});
const TargetInput = v.object({
  itemId: id(),
  year: v.pipe(v.number('bad-format'), v.integer('bad-format'), v.minValue(2020, 'too-small'), v.maxValue(2100, 'too-large')),
  scheme: Percent,
  schemeDue: isoDate(),
  thisYear: Percent,
  nextYear: Percent,
  source: freeText(),
});

export const adminProvinceRoutes = (ctx: ServerContext): Hono => {
  const app = new Hono();
  const { db, kind } = ctx.store;
  const admin = async (c: Context) => requireOffice(await authenticate(ctx, c.req.header('authorization')), ['admin']);

  // GET /api/admin/province/indicators → {indicators:[{itemId, rowNo, name, unit}]}
  app.get('/indicators', async (c) => {
    const actor = await admin(c);
    return sendJson(c, { indicators: await loadIndicatorMap(db, actor.province_id) });
  });

  // PUT /api/admin/province/indicators {indicators:[{itemId, rowNo, name, unit?}]} → the list (replaces it whole)
  app.put('/indicators', async (c) => {
    const actor = await admin(c);
    const checked = validate(IndicatorInput, await readJson(c));
    if (!checked.ok) return invalid(checked.issues);
    await putIndicatorMap(db, actor.province_id, checked.value.indicators.map((x) => ({ ...x, unit: x.unit ?? '%' })));
    await writeAudit(db, { communeId: null, actorId: actor.id, action: 'province.indicators', subject: `province:${actor.province_id}`, details: { count: checked.value.indicators.length }, now: ctx.now() });
    return sendJson(c, { indicators: await loadIndicatorMap(db, actor.province_id) });
  });

  // GET /api/admin/province/targets → {targets:[{itemId, year, scheme, schemeDue, thisYear, nextYear, source}],
  // indicators:[…the list above], items:[{id, label}]} (items: every indicator a commune of the province counts, in
  // the first commune's catalogue order)
  app.get('/targets', async (c) => {
    const actor = await admin(c);
    const communes = await db.selectFrom('communes').select('id').where('province_id', '=', actor.province_id).where('retired', '=', 0).orderBy('name').execute();
    const seen = new Map<string, { id: string; label: Record<string, string> }>();
    for (const { id: cid } of communes)
      for (const item of (await loadCatalogue(db, cid)).sort((a, b) => a.order - b.order))
        if (!item.retired && !seen.has(item.id)) seen.set(item.id, { id: item.id, label: item.label });
    const [targets, indicators] = await Promise.all([loadProvinceTargets(db, actor.province_id), loadIndicatorMap(db, actor.province_id)]);
    return sendJson(c, { targets, indicators, items: [...seen.values()] });
  });

  // PUT /api/admin/province/targets {itemId, year, scheme, schemeDue, thisYear, nextYear, source} → {target,
  // communes, written, kept}: stored for the province and pushed to every commune (a commune's own value is kept).
  app.put('/targets', async (c) => {
    const actor = await admin(c);
    const checked = validate(TargetInput, await readJson(c));
    if (!checked.ok) return invalid(checked.issues);
    const result = await setProvinceTarget({ db, kind }, actor.province_id, actor.id, checked.value, ctx.now());
    return sendJson(c, { target: checked.value, ...result });
  });

  return app;
};
