import { redacted } from '../../core/model/visit.ts';
import { MUTATIONS } from '../../core/sync/mutations.ts';
import type { AppDb, MetaRow, OutboxEntry, RosterRow } from './db.ts';
import { readOutboxMeta, stampMutations, type PendingMutation } from './outbox.ts';
import { householdIdOf, refreshRoster, ROSTER_TABLES } from './roster.ts';

// Every phone write reads one way: a repository builds the mutations it will send (already checked), and `commit`
// applies them to the local tables the way the server will apply them (an insert-only record is added; a merged
// record's fields are laid over the stored row, or over the defaults when it is new) and queues them in the
// outbox, in one Dexie transaction: the records and their mutations land together or not at all. The roster
// summaries of the households touched are rewritten in the same transaction.
//
// A caller that has read what it needs inside its own transaction calls commit there; that transaction must
// cover COMMIT_TABLES. Never await a fetch inside it.
export const COMMIT_TABLES = (db: AppDb) => [...ROSTER_TABLES(db), db.sessions, db.outbox, db.meta];

export type CommitOptions = {
  // The summaries the caller already computed from what it read and is writing (saves re-reading them).
  roster?: RosterRow[];
  // Other meta rows to write with the mutations.
  meta?: MetaRow[];
  // The year the summaries compute ages for (this year unless a test says otherwise).
  year?: number;
};

type Row = Record<string, unknown> & { id: string };

export const commit = (db: AppDb, mutations: readonly PendingMutation[], opts: CommitOptions = {}): Promise<OutboxEntry[]> =>
  db.transaction('rw', COMMIT_TABLES(db), async () => {
    if (!mutations.length) return [];
    // Everything read at once: the stored rows the merged records lay over, the visits voids take back, the
    // device's sequence and clock.
    const lwwIds = new Map<string, Set<string>>();
    const voidedVisits: string[] = [];
    for (const m of mutations) {
      const spec = MUTATIONS[m.name];
      if (spec.kind === 'lww') lwwIds.set(spec.table, (lwwIds.get(spec.table) ?? new Set()).add(m.args.id));
      else if (m.name === 'visit.void') voidedVisits.push(String(m.args.targetId));
    }
    // An erased note (visit.redact, session.redact) is cleared from the record and from its own queued insert,
    // if that has not been sent yet, so the text leaves the phone now, not after the next sync.
    for (const m of mutations) {
      const spec = MUTATIONS[m.name];
      if (spec.kind !== 'redact') continue;
      const target = (await db.table<Row & { note: string }, string>(spec.table).get(m.args.id));
      if (target) await db.table(spec.table).put(redacted(target, Number(m.args.at)));
      const insert = spec.table === 'visits' ? 'visit.add' : 'session.add';
      await db.outbox.where('id').equals(m.args.id).modify((e) => {
        if (e.name === insert) e.args = { ...e.args, note: '' };
      });
    }
    const tables = [...lwwIds.keys()];
    const [meta, voided, ...stored] = await Promise.all([
      readOutboxMeta(db),
      voidedVisits.length && !opts.roster ? db.visits.bulkGet(voidedVisits) : Promise.resolve([]),
      ...tables.map((t) => db.table<Row, string>(t).bulkGet([...lwwIds.get(t)!])),
    ]);
    const rows = new Map<string, Map<string, Row>>();
    tables.forEach((t, i) => rows.set(t, new Map(stored[i].flatMap((r) => (r ? [[r.id, r] as const] : [])))));

    const inserts = new Map<string, Row[]>();
    const households = new Set<string>();
    for (const m of mutations) {
      const spec = MUTATIONS[m.name];
      // An operation (household.merge) is the server's to apply; the phone queues it and follows by pull.
      if (spec.kind === 'operation' || spec.kind === 'redact') continue;
      let row: Row;
      if (spec.kind === 'lww') {
        const table = rows.get(spec.table)!;
        row = { ...(table.get(m.args.id) ?? spec.defaults), ...m.args };
        table.set(row.id, row);
      } else {
        row = { ...m.args };
        inserts.set(spec.table, [...(inserts.get(spec.table) ?? []), row]);
      }
      const hid = householdIdOf(spec.table, row);
      if (hid) households.add(hid);
    }
    for (const v of voided) if (v) households.add(v.householdId);

    const { entries, metaPut } = stampMutations(meta, mutations);
    await Promise.all([
      ...[...inserts].map(([t, list]) => db.table(t).bulkAdd(list)),
      ...tables.map((t) => db.table(t).bulkPut([...rows.get(t)!.values()])),
      db.outbox.bulkAdd(entries),
      db.meta.bulkPut([...metaPut, ...(opts.meta ?? [])]),
      opts.roster && db.roster.bulkPut(opts.roster),
    ]);
    // After the writes, so the summaries read what was just written.
    if (!opts.roster) await refreshRoster(db, households, opts.year);
    return entries;
  });
