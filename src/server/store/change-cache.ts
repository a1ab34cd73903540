import type { Change, PullResponse } from '../../core/sync/protocol.ts';

// Changes already read, decoded and encoded, kept for the next pull that lists them. A village's phones pull the
// same rows (a team of five: each new row goes out five times), and a row with a given version never changes —
// every write stamps a new commune version on what it writes (docs/design.md §4) — so (commune, table, id, version)
// names one immutable change. A pull lists ids and versions, which the indexes answer, and reads, decodes and
// encodes only the rows it has not seen at that version. Entries are frozen: a caller that changed one would
// change every later pull's answer.
const ENCODED = new WeakMap<Change, string>();

// The change as JSON, exactly JSON.stringify(change), from the cache when the change came from there.
export const changeJson = (change: Change): string => ENCODED.get(change) ?? JSON.stringify(change);

// A change from elsewhere (the writer's notices, change-log.ts), frozen and encoded as the cache's are.
export const withJson = (change: Change): Change => {
  if (!ENCODED.has(change)) ENCODED.set(change, JSON.stringify(change));
  return deepFreeze(change);
};

// A pull's answer as JSON, exactly JSON.stringify(response), its changes from their cached JSON.
export const pullResponseJson = (res: PullResponse): string => {
  if (!('changes' in res)) return JSON.stringify(res);
  const { changes, ...rest } = res;
  const tail = JSON.stringify(rest);
  return `{"changes":[${changes.map(changeJson).join(',')}]${tail === '{}' ? '}' : `,${tail.slice(1)}`}`;
};

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
};

export class ChangeCache {
  private readonly entries = new Map<string, Change>();

  // ~1–2 KB an entry: the default holds a few weeks of a busy commune's incremental pulls in ~15 MB.
  constructor(private readonly max = 10_000) {}

  private static key(communeId: string, table: string, id: string): string {
    return `${communeId}\u0001${table}\u0001${id}`;
  }

  get(communeId: string, table: string, id: string, version: number): Change | undefined {
    const hit = this.entries.get(ChangeCache.key(communeId, table, id));
    return hit && hit.version === version ? hit : undefined;
  }

  // Keeps the change (frozen, with its JSON) and returns it.
  put(communeId: string, change: Change): Change {
    const key = ChangeCache.key(communeId, change.table, change.id);
    this.entries.delete(key);
    if (this.entries.size >= this.max) {
      // The oldest tenth goes (a Map iterates in insertion order): cheaper than keeping exact recency on every hit.
      let drop = Math.ceil(this.max / 10);
      for (const k of this.entries.keys()) {
        if (drop-- <= 0) break;
        this.entries.delete(k);
      }
    }
    ENCODED.set(change, JSON.stringify(change));
    this.entries.set(key, deepFreeze(change));
    return change;
  }

  get size(): number {
    return this.entries.size;
  }
}
