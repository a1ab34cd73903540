import { Hono } from 'hono';
import * as v from 'valibot';
import { v7 as uuidv7 } from 'uuid';
import { CodedError } from '../../core/errors.ts';
import { CatalogueItemSchema, EligibilityRuleSchema, type CatalogueItem } from '../../core/model/checklist.ts';
import { ITEM_LEVELS } from '../../core/model/enums.ts';
import { choice, freeText, int, requiredText } from '../../core/model/fields.ts';
import { validate } from '../../core/model/validate.ts';
import type { ServerContext } from '../context.ts';
import { readJson } from '../http/body.ts';
import { sendJson } from '../http/respond.ts';
import { loadCatalogue } from '../reports/rollups.ts';
import { inCommuneWrite } from '../store/commune-write.ts';
import { invalid, officeOf } from './admin-common.ts';

// /api/admin/catalogue: the commune's service checklist. An item can be added (its level and eligibility rule,
// which decide its denominator), renamed, reordered, retired or brought back. A level never changes (the records
// already ticked are about residents or households); an item of the default catalogue keeps its wording and rule
// (the province's reports compare communes on it) but can be retired or reordered. Phones receive it by sync; the
// report rollups are rebuilt with the new rules.
const Label = (max = 120) => v.object({ vi: requiredText(max), en: v.optional(freeText(max), '') });
const ItemInput = v.object({
  level: choice(ITEM_LEVELS),
  rule: EligibilityRuleSchema,
  label: Label(),
  short: Label(40),
  order: v.optional(int(0, 10_000)),
});
const ItemPatch = v.object({
  rule: v.optional(EligibilityRuleSchema),
  label: v.optional(Label()),
  short: v.optional(Label(40)),
  order: v.optional(int(0, 10_000)),
  retired: v.optional(v.boolean('bad-format')),
});

const ruleFits = (level: string, rule: CatalogueItem['rule']) =>
  level === 'resident' ? rule.kind === 'everyone' || rule.kind === 'age' : rule.kind === 'households' || rule.kind === 'household-flag';

const ageOk = (rule: CatalogueItem['rule']) => rule.kind !== 'age' || rule.min === undefined || rule.max === undefined || rule.min <= rule.max;

export const adminCatalogueRoutes = (ctx: ServerContext, onChange: () => void = () => undefined): Hono => {
  const app = new Hono();
  const { db, kind } = ctx.store;

  // GET /api/admin/catalogue → {items:[CatalogueItem… retired ones too], used:{itemId: cells}}
  app.get('/', async (c) => {
    const { communeId } = await officeOf(ctx, c);
    const items = (await loadCatalogue(db, communeId)).sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
    const used = await db
      .selectFrom('checklist')
      .select((eb) => ['item_id', eb.fn.countAll<number>().as('n')])
      .where('commune_id', '=', communeId)
      .groupBy('item_id')
      .execute();
    return sendJson(c, { items, used: Object.fromEntries(used.map((u) => [u.item_id, Number(u.n)])) });
  });

  // POST /api/admin/catalogue {level, rule, label:{vi,en?}, short:{vi,en?}, order?} → the item (201)
  app.post('/', async (c) => {
    const { actor, communeId } = await officeOf(ctx, c);
    const checked = validate(ItemInput, await readJson(c));
    if (!checked.ok) return invalid(checked.issues);
    const x = checked.value;
    if (!ruleFits(x.level, x.rule)) invalid([{ field: 'rule.kind', rule: 'bad-choice' }]);
    if (!ageOk(x.rule)) invalid([{ field: 'rule.max', rule: 'too-small' }]);
    const existing = await loadCatalogue(db, communeId);
    const item: CatalogueItem = {
      id: uuidv7(),
      communeId,
      level: x.level,
      rule: x.rule,
      order: x.order ?? Math.max(0, ...existing.map((i) => i.order)) + 10,
      label: { vi: x.label.vi, en: x.label.en || x.label.vi },
      short: { vi: x.short.vi, en: x.short.en || x.short.vi },
      retired: false,
    };
    const final = validate(CatalogueItemSchema, item);
    if (!final.ok) return invalid(final.issues);
    await inCommuneWrite(db, kind, communeId, ctx.now(), async (w) => {
      await w.putReference('catalogue', item);
      await w.audit(actor.id, 'catalogue.add', `item:${item.id}`, { label: item.label.vi, level: item.level, rule: item.rule });
    });
    onChange();
    return sendJson(c, item, 201);
  });

  // PUT /api/admin/catalogue/:id {rule?, label?, short?, order?, retired?} → the item
  app.put('/:id', async (c) => {
    const { actor, communeId } = await officeOf(ctx, c);
    const checked = validate(ItemPatch, await readJson(c));
    if (!checked.ok) return invalid(checked.issues);
    const before = (await loadCatalogue(db, communeId)).find((i) => i.id === c.req.param('id'));
    if (!before) throw new CodedError('not-found', 'no such checklist item in this commune');
    const p = checked.value;
    const isDefault = before.communeId === null;
    if (isDefault) {
      if (p.rule !== undefined && JSON.stringify(p.rule) !== JSON.stringify(before.rule)) invalid([{ field: 'rule', rule: 'bad-choice' }], 'the default items keep their rule');
      if (p.label !== undefined || p.short !== undefined) invalid([{ field: 'label', rule: 'bad-choice' }], 'the default items keep their wording');
    }
    const rule = p.rule ?? before.rule;
    if (!ruleFits(before.level, rule)) invalid([{ field: 'rule.kind', rule: 'bad-choice' }]);
    if (!ageOk(rule)) invalid([{ field: 'rule.max', rule: 'too-small' }]);
    const item: CatalogueItem = {
      ...before,
      rule,
      order: p.order ?? before.order,
      retired: p.retired ?? before.retired,
      label: p.label ? { vi: p.label.vi, en: p.label.en || p.label.vi } : before.label,
      short: p.short ? { vi: p.short.vi, en: p.short.en || p.short.vi } : before.short,
    };
    await inCommuneWrite(db, kind, communeId, ctx.now(), async (w) => {
      await w.putReference('catalogue', item);
      const action = p.retired === true && !before.retired ? 'catalogue.retire' : p.retired === false && before.retired ? 'catalogue.restore' : 'catalogue.edit';
      await w.audit(actor.id, action, `item:${item.id}`, {
        label: item.label.vi,
        ...(p.rule ? { ruleFrom: before.rule, ruleTo: rule } : {}),
        ...(p.order !== undefined ? { orderFrom: before.order, orderTo: item.order } : {}),
        ...(p.label ? { labelFrom: before.label.vi } : {}),
      });
    });
    onChange();
    return sendJson(c, item);
  });

  return app;
};
