import type { Table } from 'dexie';
import { CodedError } from '../../core/errors.ts';
import type { Member } from '../../core/model/people.ts';
import { HlcClock } from '../../core/sync/hlc.ts';
import { rebaseRow } from '../../core/sync/rebase.ts';
import { LWW_TABLES, SYNC_TABLES, type Change, type PullResponse, type Scope, type SyncTable } from '../../core/sync/protocol.ts';
import type { AppDb, OutboxEntry } from '../store/db.ts';
import { MEMBER_KEY } from '../store/member.ts';
import { getMetas, metaRow } from '../store/meta.ts';
import { householdIdOf, refreshAllRosters, refreshRoster } from '../store/roster.ts';
import { memberWithScope, SYNC_KEYS } from './local-state.ts';

// The pull half of a sync (docs/design.md §4). A page and its cursor are written in one Dexie transaction: either the
// whole page lands and the cursor moves past it, or nothing does and the next pull asks for the same page.
//
// A pulled row is the server's truth and replaces the local one. Edits this phone made since its last push are
// still in the outbox (the engine pulls only after every push it sent was answered, so those edits are known not to
// have reached the server); each of their fields is laid back on top when it is certain to win on the server, that
// is when its stamp, clamped the way the server will clamp it, is newer than every stamp on the pulled row. An edit
// that may lose is left out: if it wins after all, the server's row changes and comes back in a later pull, so once
// the outbox drains the phone always equals the server.
export type PullPage = Extract<PullResponse, { changes: unknown }>;

const LWW = new Set<string>(LWW_TABLES);
const SYNCED = new Set<string>(SYNC_TABLES);

export const syncedTables = (db: AppDb): Table[] => SYNC_TABLES.map((t) => db.table(t));
const PAGE_TABLES = (db: AppDb) => [...syncedTables(db), db.roster, db.outbox, db.meta];

const checkChange = (c: Change) => {
  const ok =
    c && typeof c === 'object' && SYNCED.has(c.table) && typeof c.id === 'string' &&
    (c.deleted === true || (c.row !== null && typeof c.row === 'object' && (c.row as { id?: unknown }).id === c.id));
  if (!ok) throw new CodedError('bad-request', `pulled change cannot be applied: ${JSON.stringify(c).slice(0, 200)}`);
};

export type PageResult = { applied: number; households: number };

// Applies one page. `expectCursor` is the cursor the page was asked for: if another writer moved it meanwhile the
// page is dropped (nothing written) and the next pull starts from where the database says.
export const applyPage = (db: AppDb, page: PullPage, expectCursor: number, deviceNow: number): Promise<PageResult | undefined> => {
  for (const c of page.changes) checkChange(c);
  return db.transaction('rw', PAGE_TABLES(db), async () => {
    const cursor = ((await db.meta.get(SYNC_KEYS.cursor))?.value as number | undefined) ?? 0;
    if (cursor !== expectCursor) return undefined;
    const ids = [...new Set(page.changes.map((c) => c.id))];
    const pending = new Map<string, OutboxEntry[]>();
    for (const e of await db.outbox.where('id').anyOf(ids).sortBy('seq')) {
      const list = pending.get(e.id);
      if (list) list.push(e);
      else pending.set(e.id, [e]);
    }
    const [node, hlc] = await getMetas(db, ['deviceId', 'hlc']);
    const clock = new HlcClock(node ?? '', hlc);
    const households = new Set<string>();
    const puts = new Map<string, Record<string, unknown>[]>();
    const deletes = new Map<string, string[]>();
    const voidTargets: string[] = [];
    let catalogueChanged = false;
    for (const c of page.changes) {
      if (c.hlc) clock.receive(c.hlc, deviceNow);
      if (c.table === 'catalogue') catalogueChanged = true;
      if (c.deleted) {
        const old = (await db.table(c.table).get(c.id)) as Record<string, unknown> | undefined;
        const hid = old && householdIdOf(c.table, old);
        if (hid) households.add(hid);
        deletes.set(c.table, [...(deletes.get(c.table) ?? []), c.id]);
        continue;
      }
      let row = c.row as Record<string, unknown>;
      const mine = pending.get(c.id);
      if (mine && LWW.has(c.table)) row = rebaseRow(c.table, row, c.hlc, mine, page.serverTime);
      const hid = householdIdOf(c.table, row);
      if (hid) households.add(hid);
      if (c.table === 'voids' && row.target === 'visit') voidTargets.push(String(row.targetId));
      const list = puts.get(c.table);
      if (list) list.push(row);
      else puts.set(c.table, [row]);
    }
    for (const [table, keys] of deletes) await db.table(table).bulkDelete(keys);
    for (const [table, rows] of puts) await db.table(table).bulkPut(rows);
    // A void changes its visit's household's "last visited".
    if (voidTargets.length)
      for (const v of await db.visits.bulkGet(voidTargets)) if (v) households.add(v.householdId);

    const memberRow = await db.meta.get(MEMBER_KEY);
    const member = memberRow?.value as Member | undefined;
    const scoped = member && memberWithScope(member, page.scope);
    await db.meta.bulkPut([
      { key: SYNC_KEYS.cursor, value: page.cursor },
      { key: SYNC_KEYS.scopeKey, value: page.scopeKey },
      { key: SYNC_KEYS.lastPulledAt, value: Date.now() },
      ...(clock.current !== hlc ? [metaRow('hlc', clock.current)] : []),
      ...(scoped && JSON.stringify(scoped) !== JSON.stringify(member) ? [{ key: MEMBER_KEY, value: scoped }] : []),
    ]);
    // Derived data the field app reads (the roster summaries) is refreshed inside the same transaction.
    if (catalogueChanged) await refreshAllRosters(db);
    else if (households.size) await refreshRoster(db, households);
    return { applied: page.changes.length, households: households.size };
  });
};

// The server said the cursor is no good (another scope, a restored server, tombstones purged). Only once the outbox
// is empty, in one transaction: every synced table and the roster are cleared and the cursor goes back to zero, so
// the next pull rebuilds the phone from the server. This is also how the villages of a member moved elsewhere leave
// the phone: after their last edits there have been sent. Returns false (nothing cleared) if the outbox is not empty.
export const resetLocal = (db: AppDb, scope: Scope, scopeKey: string) =>
  db.transaction('rw', [...syncedTables(db), db.roster, db.outbox, db.meta], async () => {
    if (await db.outbox.count()) return false;
    for (const t of syncedTables(db)) await t.clear();
    await db.roster.clear();
    const member = (await db.meta.get(MEMBER_KEY))?.value as Member | undefined;
    await db.meta.bulkPut([
      { key: SYNC_KEYS.cursor, value: 0 },
      { key: SYNC_KEYS.scopeKey, value: scopeKey },
      ...(member ? [{ key: MEMBER_KEY, value: memberWithScope(member, scope) }] : []),
    ]);
    return true;
  });

