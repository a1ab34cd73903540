import { Hono } from 'hono';
import * as v from 'valibot';
import { v7 as uuidv7 } from 'uuid';
import { CodedError } from '../../core/errors.ts';
import { VILLAGE_KINDS } from '../../core/model/enums.ts';
import { choice, requiredText } from '../../core/model/fields.ts';
import { validate } from '../../core/model/validate.ts';
import { MAX_IMPORT_ROWS, parseVillageCsv } from '../../core/report/village-import.ts';
import { fold } from '../../core/text/fold.ts';
import type { ServerContext } from '../context.ts';
import { readJson } from '../http/body.ts';
import { sendJson } from '../http/respond.ts';
import { inCommuneWrite, type CommuneWriter } from '../store/commune-write.ts';
import { invalid, officeOf } from './admin-common.ts';

// /api/admin/villages (besides GET, which routes/admin.ts answers): add, rename, retire and import villages. A
// village reaches phones by sync (a reference row with a new commune version); a new village gets its team.
const VillageInput = v.object({ name: requiredText(), kind: choice(VILLAGE_KINDS) });
const VillagePatch = v.object({ name: v.optional(requiredText()), kind: v.optional(choice(VILLAGE_KINDS)), retired: v.optional(v.boolean('bad-format')) });
const ImportInput = v.object({ csv: v.pipe(v.string('required'), v.maxLength(512 * 1024, 'too-long')), dryRun: v.optional(v.boolean(), false) });

type VillageRow = { id: string; name: string; kind: string; retired: boolean };

const addVillage = async (w: CommuneWriter, name: string, kind: string): Promise<VillageRow> => {
  const row = { id: uuidv7(), communeId: w.communeId, name, kind, retired: false };
  await w.putReference('villages', row);
  await w.trx
    .insertInto('teams')
    .values({ id: uuidv7(), commune_id: w.communeId, name: `Tổ công nghệ số cộng đồng ${name}`, village_ids: JSON.stringify([row.id]), created_at: w.now, updated_at: w.now })
    .execute();
  return { id: row.id, name, kind, retired: false };
};

export const adminVillageRoutes = (ctx: ServerContext, onChange: () => void = () => undefined): Hono => {
  const app = new Hono();
  const { db, kind: dbKind } = ctx.store;
  const names = async (communeId: string, except?: string) =>
    (await db.selectFrom('villages').select(['id', 'name']).where('commune_id', '=', communeId).execute()).filter((r) => r.id !== except).map((r) => r.name);

  // POST /api/admin/villages {name, kind} → the new village (201)
  app.post('/', async (c) => {
    const { actor, communeId } = await officeOf(ctx, c);
    const checked = validate(VillageInput, await readJson(c));
    if (!checked.ok) return invalid(checked.issues);
    const { name, kind } = checked.value;
    if ((await names(communeId)).some((n) => fold(n) === fold(name))) invalid([{ field: 'name', rule: 'duplicate' }]);
    const village = await inCommuneWrite(db, dbKind, communeId, ctx.now(), async (w) => {
      const created = await addVillage(w, name, kind);
      await w.audit(actor.id, 'village.add', `village:${created.id}`, { name, kind });
      return created;
    });
    onChange();
    return sendJson(c, village, 201);
  });

  // PUT /api/admin/villages/:id {name?, kind?, retired?} → the village. Retiring keeps its records (reports of
  // past periods still count them) and stops new invites.
  app.put('/:id', async (c) => {
    const { actor, communeId } = await officeOf(ctx, c);
    const checked = validate(VillagePatch, await readJson(c));
    if (!checked.ok) return invalid(checked.issues);
    const id = c.req.param('id');
    const current = await db.selectFrom('villages').selectAll().where('commune_id', '=', communeId).where('id', '=', id).executeTakeFirst();
    if (!current) throw new CodedError('not-found', 'no such village in this commune');
    const patch = checked.value;
    if (patch.name !== undefined && (await names(communeId, id)).some((n) => fold(n) === fold(patch.name!))) invalid([{ field: 'name', rule: 'duplicate' }]);
    const next: VillageRow = {
      id,
      name: patch.name ?? current.name,
      kind: patch.kind ?? current.kind,
      retired: patch.retired ?? Number(current.retired) === 1,
    };
    await inCommuneWrite(db, dbKind, communeId, ctx.now(), async (w) => {
      await w.putReference('villages', { ...next, communeId });
      await w.audit(actor.id, patch.retired === true ? 'village.retire' : patch.retired === false ? 'village.restore' : 'village.edit', `village:${id}`, {
        from: { name: current.name, kind: current.kind, retired: Number(current.retired) === 1 },
        to: next,
      });
    });
    onChange();
    return sendJson(c, next);
  });

  // POST /api/admin/villages/import {csv, dryRun?} → {rows:[{line, name, kind}], imported} or 400 with one issue per
  // bad row (field 'rows.<line>.<column>'); nothing is written unless every row is good.
  app.post('/import', async (c) => {
    const { actor, communeId } = await officeOf(ctx, c);
    const checked = validate(ImportInput, await readJson(c, 600 * 1024));
    if (!checked.ok) return invalid(checked.issues);
    const parsed = parseVillageCsv(checked.value.csv, await names(communeId));
    if (!parsed.ok) return invalid(parsed.issues, `the file has ${parsed.issues.length} problem(s); nothing was imported`);
    if (checked.value.dryRun) return sendJson(c, { rows: parsed.rows, imported: 0, max: MAX_IMPORT_ROWS });
    const created = await inCommuneWrite(db, dbKind, communeId, ctx.now(), async (w) => {
      const out: VillageRow[] = [];
      for (const r of parsed.rows) out.push(await addVillage(w, r.name, r.kind));
      await w.audit(actor.id, 'village.import', `commune:${communeId}`, { count: out.length, names: out.slice(0, 50).map((x) => x.name) });
      return out;
    });
    onChange();
    return sendJson(c, { rows: parsed.rows, imported: created.length, villages: created }, 201);
  });

  return app;
};
