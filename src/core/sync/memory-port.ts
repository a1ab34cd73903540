import type { CatalogueItem } from '../model/checklist.ts';
import type { Row, Stamped } from './merge.ts';
import { newestClock } from './merge.ts';
import type { SyncPort, SyncTx, WriteMeta } from './port.ts';
import type { Change, InsertTable, LwwTable, Mutation, PushResult, ReferenceTable, Scope, SyncTable } from './protocol.ts';

// The sync port over plain maps: the reference the SQL store is tested against, and the store behind the trainer
// demo's in-browser server (which snapshots it). One push at a time, like a row lock would enforce.
type Entry = { table: SyncTable; id: string; communeId: string; villageId: string | null; version: number; row: Row; clocks?: Stamped['clocks'] };

export type MemoryState = {
  versions: Record<string, number>;
  devices: Record<string, { lastSeq: number; lastSyncAt: number }>;
  rejections: Record<string, PushResult & { mutation: Mutation }>;
  flags: { table: InsertTable; row: Row; deviceId: string; seq: number; at: number }[];
  entries: Entry[];
};

export const emptyMemoryState = (): MemoryState => ({ versions: {}, devices: {}, rejections: {}, flags: [], entries: [] });

export class MemorySyncPort implements SyncPort {
  private byKey = new Map<string, Entry>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly state: MemoryState = emptyMemoryState()) {
    for (const e of state.entries) this.byKey.set(`${e.table}|${e.id}`, e);
  }

  // Reference data (villages, catalogue, targets, members) is written by the commune, not by pushes.
  putReference(communeId: string, table: ReferenceTable, row: Row & { id: string }, villageId: string | null = null): number {
    const version = (this.state.versions[communeId] ?? 0) + 1;
    this.state.versions[communeId] = version;
    this.write({ table, id: row.id, communeId, villageId, version, row });
    return version;
  }

  rows(table: SyncTable, communeId?: string): Row[] {
    return this.state.entries.filter((e) => e.table === table && (!communeId || e.communeId === communeId)).map((e) => e.row);
  }

  inPushTransaction<T>(communeId: string, fn: (tx: SyncTx) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      // Writes are staged and committed only if fn resolves, like a rolled-back transaction on failure.
      const staged = new Map<string, Entry>();
      const stagedDevices: MemoryState['devices'] = {};
      const stagedRejections: MemoryState['rejections'] = {};
      const stagedFlags: MemoryState['flags'] = [];
      let nextVersion: number | undefined;
      const get = (table: SyncTable, id: string) => {
        const e = staged.get(`${table}|${id}`) ?? this.byKey.get(`${table}|${id}`);
        return e && e.communeId === communeId ? e : undefined;
      };
      const tx: SyncTx = {
        lastSeq: async (d) => (stagedDevices[d] ?? this.state.devices[d])?.lastSeq ?? 0,
        setLastSeq: async (d, seq, now) => void (stagedDevices[d] = { lastSeq: seq, lastSyncAt: now }),
        rejection: async (d, seq) => {
          const r = stagedRejections[`${d}|${seq}`] ?? this.state.rejections[`${d}|${seq}`];
          return r && { seq: r.seq, status: r.status, reason: r.reason, ...(r.issues ? { issues: r.issues } : {}) };
        },
        reject: async (d, m, result) => void (stagedRejections[`${d}|${m.seq}`] = { ...result, mutation: m }),
        nextVersion: async () => (nextVersion ??= (this.state.versions[communeId] ?? 0) + 1),
        getLww: async (table, id) => {
          const e = get(table, id);
          return e && { row: e.row, clocks: e.clocks ?? {} };
        },
        putLww: async (table, s, version) =>
          void staged.set(`${table}|${s.row.id}`, { table, id: String(s.row.id), communeId, villageId: String(s.row.villageId), version, row: s.row, clocks: s.clocks }),
        getInserted: async (table, id) => get(table, id)?.row,
        insert: async (table, row, version) =>
          void staged.set(`${table}|${row.id}`, { table, id: String(row.id), communeId, villageId: String(row.villageId), version, row }),
        flag: async (table, row, m, meta: WriteMeta) => void stagedFlags.push({ table, row, deviceId: meta.deviceId, seq: m.seq, at: meta.now }),
        lwwOfHousehold: async (table, householdId) => {
          const out = new Map<string, Stamped>();
          for (const e of [...this.state.entries, ...staged.values()])
            if (e.table === table && e.communeId === communeId) out.set(e.id, { row: e.row, clocks: e.clocks ?? {} });
          return [...out.values()].filter((s) => s.row.householdId === householdId);
        },
        insertedBy: async (table, field, value) => {
          const out = new Map<string, Row>();
          for (const e of [...this.state.entries, ...staged.values()]) if (e.table === table && e.communeId === communeId) out.set(e.id, e.row);
          return [...out.values()].filter((r) => r[field] === value);
        },
        replaceInserted: async (table, row, version) =>
          void staged.set(`${table}|${row.id}`, { table, id: String(row.id), communeId, villageId: String(row.villageId), version, row }),
        catalogueItem: async (id) => {
          const e = this.byKey.get(`catalogue|${id}`);
          return e && (e.communeId === communeId || e.row.communeId == null) ? (e.row as CatalogueItem) : undefined;
        },
      };
      const result = await fn(tx);
      if (nextVersion !== undefined) this.state.versions[communeId] = nextVersion;
      for (const e of staged.values()) this.write(e);
      Object.assign(this.state.devices, stagedDevices);
      Object.assign(this.state.rejections, stagedRejections);
      this.state.flags.push(...stagedFlags);
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async changesSince(scope: Scope, after: number, limit: number): Promise<Change[]> {
    return this.visible(scope, (v) => v > after).slice(0, limit);
  }

  async changesAt(scope: Scope, version: number): Promise<Change[]> {
    return this.visible(scope, (v) => v === version);
  }

  async versions(communeId: string) {
    return { current: this.state.versions[communeId] ?? 0, horizon: 0 };
  }

  private visible(scope: Scope, pick: (version: number) => boolean): Change[] {
    return this.state.entries
      .filter(
        (e) =>
          e.communeId === scope.communeId &&
          pick(e.version) &&
          (e.villageId === null || scope.wholeCommune || scope.villageIds.includes(e.villageId)),
      )
      .sort((a, b) => a.version - b.version || a.table.localeCompare(b.table) || a.id.localeCompare(b.id))
      .map((e) => {
        const hlc = e.clocks && newestClock(e.clocks);
        return { table: e.table, id: e.id, version: e.version, row: e.row, ...(hlc ? { hlc } : {}) };
      });
  }

  private write(e: Entry) {
    const key = `${e.table}|${e.id}`;
    const old = this.byKey.get(key);
    if (old) this.state.entries.splice(this.state.entries.indexOf(old), 1);
    this.state.entries.push(e);
    this.byKey.set(key, e);
  }
}
