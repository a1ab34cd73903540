import { Hono } from 'hono';
import * as v from 'valibot';
import { v7 as uuidv7 } from 'uuid';
import { CodedError } from '../../core/errors.ts';
import { TARGET_UNITS } from '../../core/model/enums.ts';
import { choice, freeText, id, isoDate } from '../../core/model/fields.ts';
import type { Target } from '../../core/model/people.ts';
import { validate } from '../../core/model/validate.ts';
import type { ServerContext } from '../context.ts';
import { readJson } from '../http/body.ts';
import { sendJson } from '../http/respond.ts';
import { loadTargets } from '../reports/queries.ts';
import { inCommuneWrite } from '../store/commune-write.ts';
import { invalid, officeOf } from './admin-common.ts';

// /api/admin/targets: the province's targets for the commune (indicator, unit, value %, due date, source
// document). They reach phones by sync (reference rows), so a team sees what it is aiming at.
const TargetInput = v.object({
  itemId: id(),
  unit: choice(TARGET_UNITS),
  value: v.pipe(v.number('bad-format'), v.minValue(0, 'too-small'), v.maxValue(100, 'too-large')),
  dueOn: isoDate(),
  source: freeText(),
});

export const adminTargetRoutes = (ctx: ServerContext): Hono => {
  const app = new Hono();
  const { db, kind } = ctx.store;

  const checkItem = async (communeId: string, itemId: string) => {
    const item = await db.selectFrom('catalogue').select(['id', 'retired']).where('commune_id', '=', communeId).where('id', '=', itemId).executeTakeFirst();
    if (!item || Number(item.retired) === 1) invalid([{ field: 'itemId', rule: 'bad-choice' }]);
  };

  // GET /api/admin/targets → {targets:[{id, itemId, unit, value, dueOn, source}]} (by item, then due date)
  app.get('/', async (c) => {
    const { communeId } = await officeOf(ctx, c);
    const targets = (await loadTargets(db, communeId)).sort((a, b) => a.itemId.localeCompare(b.itemId) || a.dueOn.localeCompare(b.dueOn));
    return sendJson(c, { targets });
  });

  // POST /api/admin/targets {itemId, unit, value, dueOn, source} → the target (201)
  app.post('/', async (c) => {
    const { actor, communeId } = await officeOf(ctx, c);
    const checked = validate(TargetInput, await readJson(c));
    if (!checked.ok) return invalid(checked.issues);
    await checkItem(communeId, checked.value.itemId);
    const target: Target = { id: uuidv7(), communeId, ...checked.value };
    await inCommuneWrite(db, kind, communeId, ctx.now(), async (w) => {
      await w.putReference('targets', target);
      await w.audit(actor.id, 'target.add', `target:${target.id}`, { ...checked.value });
    });
    return sendJson(c, target, 201);
  });

  // PUT /api/admin/targets/:id {itemId, unit, value, dueOn, source} → the target
  app.put('/:id', async (c) => {
    const { actor, communeId } = await officeOf(ctx, c);
    const checked = validate(TargetInput, await readJson(c));
    if (!checked.ok) return invalid(checked.issues);
    const before = (await loadTargets(db, communeId)).find((t) => t.id === c.req.param('id'));
    if (!before) throw new CodedError('not-found', 'no such target in this commune');
    await checkItem(communeId, checked.value.itemId);
    const target: Target = { ...before, ...checked.value };
    await inCommuneWrite(db, kind, communeId, ctx.now(), async (w) => {
      await w.putReference('targets', target);
      const { id: _, communeId: __, ...was } = before;
      await w.audit(actor.id, 'target.edit', `target:${target.id}`, { from: was, to: checked.value });
    });
    return sendJson(c, target);
  });

  // DELETE /api/admin/targets/:id → {ok:true}; phones drop it (a tombstone)
  app.delete('/:id', async (c) => {
    const { actor, communeId } = await officeOf(ctx, c);
    const before = (await loadTargets(db, communeId)).find((t) => t.id === c.req.param('id'));
    if (!before) throw new CodedError('not-found', 'no such target in this commune');
    await inCommuneWrite(db, kind, communeId, ctx.now(), async (w) => {
      await w.trx.deleteFrom('targets').where('commune_id', '=', communeId).where('id', '=', before.id).execute();
      await w.tombstone('targets', before.id, null);
      const { id: _, communeId: __, ...was } = before;
      await w.audit(actor.id, 'target.remove', `target:${before.id}`, was);
    });
    return sendJson(c, { ok: true });
  });

  return app;
};
