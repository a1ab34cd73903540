import { v7 as uuidv7 } from 'uuid';
import { CodedError } from '../../core/errors.ts';
import type { Household, Resident } from '../../core/model/household.ts';
import { parseRoster, type RosterIssue } from '../../core/roster/parse.ts';
import { planRoster, type RosterPlan } from '../../core/roster/plan.ts';
import { applyMutation } from '../../core/sync/apply.ts';
import { formatHlc } from '../../core/sync/hlc.ts';
import type { Mutation } from '../../core/sync/protocol.ts';
import type { ServerContext } from '../context.ts';
import { decodeRow } from '../store/codecs.ts';
import { inCommuneWrite } from '../store/commune-write.ts';
import { kyselyExec } from '../store/prepared.ts';
import { BatchTx, type Preload } from '../store/batch-tx.ts';
import { SqlTx, Statements } from '../store/push-tx.ts';
import { readRosterBody } from './read-file.ts';

// Roster import: read the file, compare with the village(s), and — unless it is a dry run — write the households
// and residents as ordinary synced records: each goes through the core's applyMutation (the same checks and the
// same field merge as a phone's push) with a new commune version, so phones receive them by pull.
export type ImportAnswer = Omit<RosterPlan, 'puts'> & {
  rows: number;
  households: number;
  residents: number;
  errors: RosterIssue[];
  ignoredColumns: string[];
  format: 'csv' | 'xlsx';
  imported: boolean;
};

export type ImportOptions = { villageId?: string; dryRun: boolean; skipInvalid: boolean; actorId: string };

const statements = new WeakMap<object, Statements>();

// Applies mutations written by the commune (an import, an officer's merge) through the core's applyMutation, in a
// commune write (same lock, one new version, audited by the caller), as a device push would. `batch`: the rows the
// mutations may touch, read up front, and the ids they create — the writes are then kept and written as multi-row
// statements at the end (store/batch-tx.ts), for an import of thousands of records.
export const applyAsCommune = async (
  ctx: ServerContext,
  communeId: string,
  actorId: string,
  node: string,
  build: (hlc: string) => Mutation[],
  after: (w: Parameters<Parameters<typeof inCommuneWrite>[4]>[0], tx: SqlTx) => Promise<void>,
  batch?: { preload: Preload[]; fresh: ReadonlySet<string> },
): Promise<void> => {
  const { db, kind } = ctx.store;
  let q = statements.get(db);
  if (!q) statements.set(db, (q = new Statements(db, kind)));
  const now = ctx.now();
  const hlc = formatHlc({ ms: now, counter: 0, node });
  await inCommuneWrite(db, kind, communeId, now, async (w) => {
    const sqlTx = new SqlTx(kyselyExec(w.trx), communeId, q);
    const tx = batch ? new BatchTx(w.trx, kind, sqlTx, communeId, batch.preload, batch.fresh) : sqlTx;
    const apply = { tx, scope: { communeId, villageIds: [], wholeCommune: true }, role: 'officer' as const, meta: { deviceId: node, memberId: actorId, now }, version: w.version };
    for (const m of build(hlc)) await applyMutation(apply, m, hlc);
    if (tx instanceof BatchTx) await tx.flush();
    await after(w, sqlTx);
  });
};

const existingOf = async (ctx: ServerContext, communeId: string, villageIds: string[]): Promise<{ households: Household[]; residents: Resident[]; preload: Preload[] }> => {
  const { db } = ctx.store;
  const [hs, rs] = await Promise.all([
    db.selectFrom('households').selectAll().where('commune_id', '=', communeId).where('village_id', 'in', villageIds).execute(),
    db.selectFrom('residents').selectAll().where('commune_id', '=', communeId).where('village_id', 'in', villageIds).execute(),
  ]);
  return {
    households: hs.map((r) => decodeRow('households', r) as Household),
    residents: rs.map((r) => decodeRow('residents', r) as Resident),
    preload: [
      { table: 'households', rows: hs },
      { table: 'residents', rows: rs },
    ],
  };
};

export const importRoster = async (ctx: ServerContext, communeId: string, body: Uint8Array, opts: ImportOptions): Promise<ImportAnswer> => {
  const { db, kind } = ctx.store;
  const villages = await db.selectFrom('villages').select(['id', 'name', 'retired']).where('commune_id', '=', communeId).execute();
  if (opts.villageId && !villages.some((v) => v.id === opts.villageId)) throw new CodedError('not-found', 'no such village in this commune');
  const read = await readRosterBody(body);
  const now = ctx.now();
  const thisYear = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(now));
  const file = read.ok
    ? parseRoster(read.rows, { villageId: opts.villageId, villages: villages.filter((v) => !Number(v.retired)), thisYear })
    : { households: [], issues: [{ row: 0, column: 'file' as const, rule: 'bad-format' as const }], rows: 0, ignoredColumns: [] };
  const villageIds = opts.villageId ? [opts.villageId] : villages.map((v) => v.id);
  const existing = await existingOf(ctx, communeId, villageIds);
  const fresh = new Set<string>();
  const plan = planRoster(file, existing, () => {
    const id = uuidv7();
    fresh.add(id);
    return id;
  });
  const { puts, ...counts } = plan;
  const answer: ImportAnswer = {
    ...counts,
    rows: file.rows,
    households: file.households.length,
    residents: file.households.reduce((n, h) => n + h.residents.length, 0),
    errors: file.issues,
    ignoredColumns: file.ignoredColumns,
    format: read.format,
    imported: false,
  };
  if (opts.dryRun || (file.issues.length && !opts.skipInvalid) || !puts.length) return answer;

  await applyAsCommune(ctx, communeId, opts.actorId, 'roster-import', (hlc) => puts.map((p, i): Mutation => ({ seq: i + 1, id: p.args.id, name: p.name, args: p.args, hlc })), async (w) => {
    await w.audit(opts.actorId, 'household.import', opts.villageId ? `village:${opts.villageId}` : `commune:${communeId}`, {
      format: read.format,
      created: counts.created,
      updated: counts.updated,
      unchanged: counts.unchanged,
      residentsCreated: counts.residentsCreated,
      residentsUpdated: counts.residentsUpdated,
      skippedProblems: file.issues.length,
    });
  }, { preload: existing.preload, fresh });
  return { ...answer, imported: true };
};
