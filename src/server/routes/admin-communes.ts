import ExcelJS from 'exceljs';
import { Hono, type Context } from 'hono';
import Papa from 'papaparse';
import { v7 as uuidv7 } from 'uuid';
import * as v from 'valibot';
import { CodedError } from '../../core/errors.ts';
import { COMMUNE_KINDS } from '../../core/model/enums.ts';
import { choice, requiredText } from '../../core/model/fields.ts';
import { validate } from '../../core/model/validate.ts';
import { parseUnitTable } from '../../core/report/unit-import.ts';
import { fold } from '../../core/text/fold.ts';
import { authenticate, requireOffice } from '../accounts/auth.ts';
import type { ServerContext } from '../context.ts';
import { readJson } from '../http/body.ts';
import { sendJson } from '../http/respond.ts';
import { inCommuneWrite, type CommuneWriter } from '../store/commune-write.ts';
import { writeCommune } from '../store/seed.ts';
import type { Member } from '../store/schema.ts';
import { invalid } from './admin-common.ts';

// /api/admin/communes: the province admin's administrative units (province → commune → village, docs/design.md §2). A
// commune is created with the default checklist and no villages; the province's own list (CSV or XLSX, official
// codes) can be imported again and again: a known code keeps its commune (and all its records), a new name for it
// is a rename, new villages are added, nothing is ever deleted (retiring keeps the history).
const CODE = v.pipe(v.string('required'), v.trim(), v.regex(/^[0-9A-Za-z.-]{1,20}$/, 'bad-format'));
const CommuneInput = v.object({ name: requiredText(), code: CODE, kind: v.optional(choice(COMMUNE_KINDS)) });
const CommunePatch = v.object({ name: v.optional(requiredText()), code: v.optional(CODE), kind: v.optional(choice(COMMUNE_KINDS)), retired: v.optional(v.boolean('bad-format')) });
const ImportInput = v.object({
  csv: v.optional(v.pipe(v.string(), v.maxLength(2 * 1024 * 1024, 'too-long'))),
  xlsx: v.optional(v.pipe(v.string(), v.maxLength(3 * 1024 * 1024, 'too-long'))), // base64
  dryRun: v.optional(v.boolean(), false),
});

export type CommuneView = { id: string; name: string; code: string; kind: string; provinceId: string; retired: boolean; villages: number };

const provinceAdmin = async (ctx: ServerContext, c: Context): Promise<Member> => {
  const actor = requireOffice(await authenticate(ctx, c.req.header('authorization')), ['admin']);
  return actor;
};

export const listCommunes = async (ctx: ServerContext, provinceId: string): Promise<CommuneView[]> => {
  const { db } = ctx.store;
  const [rows, counts] = await Promise.all([
    db.selectFrom('communes').select(['id', 'name', 'code', 'kind', 'province_id', 'retired']).where('province_id', '=', provinceId).orderBy('name').execute(),
    db
      .selectFrom('villages')
      .innerJoin('communes', 'communes.id', 'villages.commune_id')
      .select((eb) => ['villages.commune_id as id', eb.fn.countAll<number>().as('n')])
      .where('communes.province_id', '=', provinceId)
      .where('villages.retired', '=', 0)
      .groupBy('villages.commune_id')
      .execute(),
  ]);
  const n = new Map(counts.map((r) => [r.id, Number(r.n)]));
  return rows.map((r) => ({ id: r.id, name: r.name, code: r.code, kind: r.kind, provinceId: r.province_id, retired: Number(r.retired) === 1, villages: n.get(r.id) ?? 0 }));
};

const provinceOf = async (ctx: ServerContext, provinceId: string) => {
  const p = await ctx.store.db.selectFrom('provinces').select(['id', 'name']).where('id', '=', provinceId).executeTakeFirst();
  if (!p) throw new CodedError('not-found', 'no such province');
  return p;
};

const addVillages = async (w: CommuneWriter, villages: readonly { name: string; kind: string }[]) => {
  const existing = await w.trx.selectFrom('villages').select(['name']).where('commune_id', '=', w.communeId).execute();
  const known = new Set(existing.map((r) => fold(r.name)));
  let added = 0;
  for (const vl of villages) {
    if (known.has(fold(vl.name))) continue;
    known.add(fold(vl.name));
    const id = uuidv7();
    await w.putReference('villages', { id, communeId: w.communeId, name: vl.name, kind: vl.kind, retired: false });
    await w.trx
      .insertInto('teams')
      .values({ id: uuidv7(), commune_id: w.communeId, name: `Tổ công nghệ số cộng đồng ${vl.name}`, village_ids: JSON.stringify([id]), created_at: w.now, updated_at: w.now })
      .execute();
    added++;
  }
  return added;
};

// Reads the uploaded list as a table of cells (first sheet of an XLSX, or CSV text).
const readTable = async (input: { csv?: string; xlsx?: string }): Promise<unknown[][]> => {
  if (input.xlsx !== undefined) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(Buffer.from(input.xlsx, 'base64') as unknown as ArrayBuffer);
    } catch {
      return invalid([{ field: 'xlsx', rule: 'bad-format' }]);
    }
    const ws = wb.worksheets[0];
    const out: unknown[][] = [];
    ws?.eachRow({ includeEmpty: true }, (row, n) => {
      const cells = (row.values as unknown[]).slice(1).map((x) => (x && typeof x === 'object' && 'text' in x ? (x as { text: unknown }).text : (x ?? '')));
      out[n - 1] = cells;
    });
    return Array.from(out, (r) => r ?? []);
  }
  if (input.csv === undefined) return invalid([{ field: 'csv', rule: 'required' }]);
  return Papa.parse<string[]>(input.csv.replace(/^\uFEFF/, ''), { skipEmptyLines: false }).data;
};

export const adminCommuneRoutes = (ctx: ServerContext, onChange: (communeId?: string) => void = () => undefined): Hono => {
  const app = new Hono();
  const { db, kind: dbKind } = ctx.store;

  const clash = async (provinceId: string, name: string, code: string, except?: string) => {
    const rows = (await db.selectFrom('communes').select(['id', 'name', 'code']).where('province_id', '=', provinceId).execute()).filter((r) => r.id !== except);
    if (rows.some((r) => r.code === code)) invalid([{ field: 'code', rule: 'duplicate' }]);
    if (rows.some((r) => fold(r.name) === fold(name))) invalid([{ field: 'name', rule: 'duplicate' }]);
  };

  // GET /api/admin/communes → {communes:[{id, name, code, kind, provinceId, retired, villages}]}
  app.get('/', async (c) => {
    const actor = await provinceAdmin(ctx, c);
    return sendJson(c, { provinceId: actor.province_id, communes: await listCommunes(ctx, actor.province_id) });
  });

  // POST /api/admin/communes {name, code, kind?} → 201 {id, name, code, kind, provinceId}
  app.post('/', async (c) => {
    const actor = await provinceAdmin(ctx, c);
    const checked = validate(CommuneInput, await readJson(c));
    if (!checked.ok) return invalid(checked.issues);
    const { name, code } = checked.value;
    const kind = checked.value.kind ?? 'xa';
    await clash(actor.province_id, name, code);
    const province = await provinceOf(ctx, actor.province_id);
    const id = uuidv7();
    await inCommuneWrite(db, dbKind, id, ctx.now(), async (w) => {
      await writeCommune(w, province, { id, name, kind }, []);
      await w.trx.updateTable('communes').set({ code }).where('id', '=', id).execute();
      await w.audit(actor.id, 'commune.add', `commune:${id}`, { name, code, kind });
    });
    onChange(id);
    return sendJson(c, { id, name, code, kind, provinceId: province.id }, 201);
  });

  // PUT /api/admin/communes/:id {name?, code?, kind?, retired?} → the commune
  app.put('/:id', async (c) => {
    const actor = await provinceAdmin(ctx, c);
    const checked = validate(CommunePatch, await readJson(c));
    if (!checked.ok) return invalid(checked.issues);
    const id = c.req.param('id');
    const current = await db.selectFrom('communes').selectAll().where('id', '=', id).where('province_id', '=', actor.province_id).executeTakeFirst();
    if (!current) throw new CodedError('not-found', 'no such commune in this province');
    const p = checked.value;
    const next = { name: p.name ?? current.name, code: p.code ?? current.code, kind: p.kind ?? current.kind, retired: p.retired ?? Number(current.retired) === 1 };
    await clash(actor.province_id, next.name, next.code, id);
    await inCommuneWrite(db, dbKind, id, ctx.now(), async (w) => {
      await w.trx.updateTable('communes').set({ name: next.name, code: next.code, kind: next.kind, retired: next.retired ? 1 : 0 }).where('id', '=', id).execute();
      const action = p.retired === true ? 'commune.retire' : p.retired === false ? 'commune.restore' : 'commune.edit';
      await w.audit(actor.id, action, `commune:${id}`, { from: { name: current.name, code: current.code, retired: Number(current.retired) === 1 }, to: next });
    });
    onChange(id);
    return sendJson(c, { id, ...next, provinceId: actor.province_id });
  });

  // POST /api/admin/communes/import {csv | xlsx (base64), dryRun?} → {communes:[{code, name, action, villagesAdded}], added,
  // renamed, unchanged, villagesAdded}; 400 with one issue per bad row ('rows.<line>.<column>'), nothing written.
  app.post('/import', async (c) => {
    const actor = await provinceAdmin(ctx, c);
    const checked = validate(ImportInput, await readJson(c, 4 * 1024 * 1024));
    if (!checked.ok) return invalid(checked.issues);
    const parsed = parseUnitTable(await readTable(checked.value));
    if (!parsed.ok) return invalid(parsed.issues, `the file has ${parsed.issues.length} problem(s); nothing was imported`);
    const province = await provinceOf(ctx, actor.province_id);
    const existing = await db.selectFrom('communes').select(['id', 'name', 'code']).where('province_id', '=', province.id).execute();
    const byCode = new Map(existing.filter((r) => r.code).map((r) => [r.code, r]));
    // A name already used by another code in the province cannot be taken.
    const issues = parsed.communes.flatMap((u) => {
      const other = existing.find((r) => fold(r.name) === fold(u.name) && r.code !== u.code && r.code !== '');
      return other ? [{ field: `rows.${u.line}.name`, rule: 'duplicate' as const }] : [];
    });
    if (issues.length) return invalid(issues);
    const plan = parsed.communes.map((u) => {
      const known = byCode.get(u.code) ?? existing.find((r) => r.code === '' && fold(r.name) === fold(u.name));
      return { u, known, action: !known ? 'add' : fold(known.name) !== fold(u.name) || known.name !== u.name || known.code !== u.code ? 'rename' : 'keep' };
    });
    const result: { code: string; name: string; id: string | null; action: string; villagesAdded: number }[] = [];
    for (const { u, known, action } of plan) {
      if (checked.value.dryRun) {
        result.push({ code: u.code, name: u.name, id: known?.id ?? null, action, villagesAdded: -1 });
        continue;
      }
      const id = known?.id ?? uuidv7();
      const added = await inCommuneWrite(db, dbKind, id, ctx.now(), async (w) => {
        if (!known) {
          await writeCommune(w, province, { id, name: u.name, kind: u.kind }, []);
          await w.trx.updateTable('communes').set({ code: u.code }).where('id', '=', id).execute();
        } else if (action === 'rename') await w.trx.updateTable('communes').set({ name: u.name, code: u.code }).where('id', '=', id).execute();
        const n = await addVillages(w, u.villages);
        if (action !== 'keep' || n) await w.audit(actor.id, 'commune.import', `commune:${id}`, { code: u.code, name: u.name, action, villagesAdded: n });
        return n;
      });
      result.push({ code: u.code, name: u.name, id, action, villagesAdded: added });
      if (action !== 'keep' || added) onChange(id);
    }
    const count = (a: string) => result.filter((r) => r.action === a).length;
    const villagesAdded = result.reduce((s, r) => s + Math.max(0, r.villagesAdded), 0);
    return sendJson(c, { dryRun: checked.value.dryRun, communes: result, added: count('add'), renamed: count('rename'), unchanged: count('keep'), villagesAdded }, checked.value.dryRun ? 200 : 201);
  });

  return app;
};


