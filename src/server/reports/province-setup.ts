import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Target } from '../../core/model/people.ts';
import type { ProvinceIndicator, ProvinceTarget } from '../../core/report/appendix.ts';
import type { DbKind } from '../store/open.ts';
import { inCommuneWrite } from '../store/commune-write.ts';
import type { Database } from '../store/schema.ts';
import { loadTargets } from './queries.ts';

// The province's own list of indicators (row number and name in its appendix) and the targets it sets once for
// every commune. A province target is pushed to every (not retired) commune of the province as that commune's own
// targets (unit "commune"): the scheme's due on its date, this year's and next year's due on 31/12 of their year.
// A commune that changed a pushed value keeps its own (an override): a later push only rewrites a target whose
// value is still the one the province last pushed.
export const loadIndicatorMap = async (db: Kysely<Database>, provinceId: string): Promise<ProvinceIndicator[]> =>
  (await db.selectFrom('province_indicators').selectAll().where('province_id', '=', provinceId).execute()).map((r) => ({
    itemId: r.item_id,
    rowNo: r.row_no,
    name: r.name,
    unit: r.unit,
  }));

export const provinceOfCommune = async (db: Kysely<Database>, communeId: string): Promise<string | null> =>
  (await db.selectFrom('communes').select('province_id').where('id', '=', communeId).executeTakeFirst())?.province_id ?? null;

// Replace the whole list (what the province's appendix says); an entry with an empty row number is dropped.
export const putIndicatorMap = async (db: Kysely<Database>, provinceId: string, list: readonly ProvinceIndicator[]): Promise<void> => {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('province_indicators').where('province_id', '=', provinceId).execute();
    const rows = list.filter((x) => x.rowNo.trim()).map((x) => ({ province_id: provinceId, item_id: x.itemId, row_no: x.rowNo.trim(), name: x.name.trim(), unit: x.unit.trim() || '%' }));
    if (rows.length) await trx.insertInto('province_indicators').values(rows).execute();
  });
};

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const loadProvinceTargets = async (db: Kysely<Database>, provinceId: string): Promise<ProvinceTarget[]> =>
  (await db.selectFrom('province_targets').selectAll().where('province_id', '=', provinceId).orderBy('item_id').orderBy('year').execute()).map((r) => ({
    itemId: r.item_id,
    year: Number(r.year),
    scheme: num(r.scheme),
    schemeDue: r.scheme_due,
    thisYear: num(r.this_year),
    nextYear: num(r.next_year),
    source: r.source,
  }));

// The commune targets one province target stands for: [dueOn, value] pairs.
export const pushedTargets = (t: ProvinceTarget): [string, number][] => {
  const out: [string, number][] = [];
  if (t.thisYear !== null) out.push([`${t.year}-12-31`, t.thisYear]);
  if (t.nextYear !== null) out.push([`${t.year + 1}-12-31`, t.nextYear]);
  if (t.scheme !== null && !out.some(([d]) => d === t.schemeDue)) out.push([t.schemeDue, t.scheme]);
  return out;
};

export type PushResult = { communes: number; written: number; kept: number };

export const setProvinceTarget = async (
  store: { db: Kysely<Database>; kind: DbKind },
  provinceId: string,
  actorId: string,
  t: ProvinceTarget,
  now: number,
): Promise<PushResult> => {
  const { db, kind } = store;
  const before = (await loadProvinceTargets(db, provinceId)).find((x) => x.itemId === t.itemId && x.year === t.year);
  const was = new Map(before ? pushedTargets(before) : []);
  await db
    .insertInto('province_targets')
    .values({
      province_id: provinceId,
      item_id: t.itemId,
      year: t.year,
      scheme: t.scheme,
      scheme_due: t.schemeDue,
      this_year: t.thisYear,
      next_year: t.nextYear,
      source: t.source,
      updated_at: now,
      updated_by: actorId,
    })
    .onConflict((oc) =>
      oc.columns(['province_id', 'item_id', 'year']).doUpdateSet({ scheme: t.scheme, scheme_due: t.schemeDue, this_year: t.thisYear, next_year: t.nextYear, source: t.source, updated_at: now, updated_by: actorId }),
    )
    .execute();
  const communes = await db.selectFrom('communes').select('id').where('province_id', '=', provinceId).where('retired', '=', 0).execute();
  const result: PushResult = { communes: 0, written: 0, kept: 0 };
  for (const { id: communeId } of communes) {
    const item = await db.selectFrom('catalogue').select(['id', 'retired']).where('commune_id', '=', communeId).where('id', '=', t.itemId).executeTakeFirst();
    if (!item || Number(item.retired) === 1) continue;
    result.communes += 1;
    const own = (await loadTargets(db, communeId)).filter((x) => x.itemId === t.itemId && x.unit === 'commune');
    const writes: Target[] = [];
    for (const [dueOn, value] of pushedTargets(t)) {
      const existing = own.find((x) => x.dueOn === dueOn);
      // The commune set its own value (not the one the province last pushed): keep it.
      if (existing && existing.value !== value && was.get(dueOn) !== existing.value) {
        result.kept += 1;
        continue;
      }
      if (existing && existing.value === value && existing.source === t.source) continue;
      writes.push({ id: existing?.id ?? uuidv7(), communeId, itemId: t.itemId, unit: 'commune', value, dueOn, source: t.source });
    }
    if (!writes.length) continue;
    await inCommuneWrite(db, kind, communeId, now, async (w) => {
      for (const target of writes) await w.putReference('targets', target);
      await w.audit(actorId, 'target.province', `item:${t.itemId}`, { year: t.year, scheme: t.scheme, thisYear: t.thisYear, nextYear: t.nextYear, source: t.source });
    });
    result.written += writes.length;
  }
  return result;
};
