import type { Change, Scope } from '../../core/sync/protocol.ts';
import { CODECS } from './codecs.ts';
import { withJson } from './change-cache.ts';

// What the writer committed, told to the reader threads (SQLite, threads/sqlite-threads.ts): per push, its commune,
// its version and every change it wrote, encoded as a pull sends it.
export type Notice = { communeId: string; version: number; changes: Change[] };

// A reader thread's recent changes of each commune, from the writer's notices, so that an incremental pull (nearly
// every pull) lists and sends its page without SQL: after every commit of the writer SQLite drops the reader's whole
// page cache, so each pull's half-dozen statements read their pages afresh, and that was most of a pull's cost.
//
// A commune's log is complete for the versions (base, top]: it has the notice of every version in that range, and
// for each row only its newest change (as the tables hold only their newest row). A version the writer did not make
// (the officer's edits, joins, tombstones, all on the server thread) leaves a hole: the next notice after it starts
// the log again, and until then the log's top is behind the database, so pulls read SQL as before. The reader uses
// the log only when its top is the very version its read snapshot sees, so the page is the same either way.
type Entry = { version: number; key: string; village: string | null; change: Change; dead: boolean };
type Log = { base: number; top: number; list: Entry[]; byKey: Map<string, Entry>; live: number };

// The record field that holds each table's village column (null: the whole commune sees the table).
const VILLAGE_FIELD = Object.fromEntries(
  Object.values(CODECS).map((c) => [c.table, c.villageColumn ? (Object.entries(c.fields).find(([, [column]]) => column === c.villageColumn)?.[0] ?? null) : null]),
) as Record<string, string | null>;

const villageOf = (change: Change): string | null => {
  const field = VILLAGE_FIELD[change.table];
  const v = field ? change.row?.[field] : null;
  return typeof v === 'string' ? v : null;
};

// A page's order (version, then table, then id): the log's pages and SQL's (changes.ts) must agree byte for byte.
export const byVersionTableId = (a: Pick<Change, 'version' | 'table' | 'id'>, b: Pick<Change, 'version' | 'table' | 'id'>): number =>
  a.version - b.version || (a.table < b.table ? -1 : a.table > b.table ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class ChangeLog {
  // In order of last notice: the commune told least recently comes first.
  private readonly communes = new Map<string, Log>();
  private live = 0;

  // perCommune: live entries kept for one commune; older versions are let go (pulls from before them read SQL).
  // total: live entries kept in all; the communes told least recently are let go first. A few minutes of a busy
  // commune's syncs fit (an incremental pull reaches back to the phone's last sync). The total is kept small
  // (~10 MB of a reader's heap): the garbage collector traces the whole log again and again, and with 20,000 the
  // 500-phone bench spent visibly more CPU in its helper threads.
  constructor(
    private readonly perCommune = 2_000,
    private readonly total = 8_000,
  ) {}

  apply(notices: readonly Notice[]): void {
    for (const n of notices) {
      let log = this.communes.get(n.communeId);
      if (log && n.version <= log.top) continue; // already told
      if (log) this.communes.delete(n.communeId);
      if (!log || n.version !== log.top + 1) {
        this.live -= log?.live ?? 0;
        log = { base: n.version - 1, top: n.version - 1, list: [], byKey: new Map(), live: 0 };
      }
      this.communes.set(n.communeId, log);
      const before = log.live;
      for (const change of n.changes) {
        const key = `${change.table}\u0001${change.id}`;
        const old = log.byKey.get(key);
        if (old) {
          old.dead = true;
          log.live--;
        }
        const entry: Entry = { version: n.version, key, village: villageOf(change), change: withJson(change), dead: false };
        log.list.push(entry);
        log.byKey.set(key, entry);
        log.live++;
      }
      log.top = n.version;
      this.trim(log);
      this.live += log.live - before;
      for (const [id, oldest] of this.communes) {
        if (this.live <= this.total || oldest === log) break;
        this.communes.delete(id);
        this.live -= oldest.live;
      }
    }
  }

  // The highest version the commune's log is complete up to, if a pull from `after` can be answered from it.
  covers(communeId: string, after: number): number | undefined {
    const log = this.communes.get(communeId);
    return log && log.base <= after && after <= log.top ? log.top : undefined;
  }

  // The changes visible to `scope` with version > after (as ChangeReader.read lists them), at most `limit`.
  read(scope: Scope, after: number, limit: number): Change[] {
    const log = this.communes.get(scope.communeId);
    if (!log) return [];
    const villages = scope.wholeCommune ? undefined : new Set(scope.villageIds);
    // The list is in version order: find the first entry past the cursor.
    let lo = 0;
    let hi = log.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (log.list[mid].version <= after) lo = mid + 1;
      else hi = mid;
    }
    const out: Change[] = [];
    for (let i = lo; i < log.list.length; i++) {
      const e = log.list[i];
      if (e.dead || (villages && e.village !== null && !villages.has(e.village))) continue;
      out.push(e.change);
    }
    out.sort(byVersionTableId);
    return out.length > limit ? out.slice(0, limit) : out;
  }

  private trim(log: Log): void {
    if (log.live > this.perCommune) {
      // Whole versions go, oldest first, until a tenth of the room is free.
      let i = 0;
      while (i < log.list.length && (log.live > this.perCommune * 0.9 || (i > 0 && log.list[i].version === log.list[i - 1].version))) {
        const e = log.list[i++];
        if (!e.dead) {
          log.live--;
          log.byKey.delete(e.key);
        }
      }
      log.base = log.list[i - 1].version;
      log.list = log.list.slice(i);
    } else if (log.list.length > 2 * log.live + 64) {
      log.list = log.list.filter((e) => !e.dead);
    }
  }
}
