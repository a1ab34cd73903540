import Dexie, { type EntityTable } from 'dexie';
import type { DemoDelta } from '../../core/demo/server.ts';
import type { MemoryState } from '../../core/sync/memory-port.ts';

// Where the demo server keeps what changed since its seed (the seed itself is rebuilt from its number and epoch):
// rows written since, device sequence numbers, refusals and devices. `generation` moves on every save, so another
// tab's server can tell it is behind and reload.
export const DEMO_SERVER_DB = 'tungnha-demo-server';

type Entry = MemoryState['entries'][number];
export type StoredEntry = Entry & { key: string };
export type DemoInfo = { seed: string | number; epoch: number; generation: number };
type MetaRow = { key: string; value: unknown };

export class DemoServerDb extends Dexie {
  meta!: EntityTable<MetaRow, 'key'>;
  entries!: EntityTable<StoredEntry, 'key'>;
  constructor(name = DEMO_SERVER_DB) {
    super(name);
    this.version(1).stores({ meta: 'key', entries: 'key' });
  }
}

type DeltaMeta = Omit<DemoDelta, 'entries'>;

export const readInfo = async (db: DemoServerDb): Promise<DemoInfo | undefined> => (await db.meta.get('info'))?.value as DemoInfo | undefined;

export const readDelta = async (db: DemoServerDb): Promise<DemoDelta | undefined> => {
  const [meta, entries] = await Promise.all([db.meta.get('delta'), db.entries.toArray()]);
  if (!meta) return undefined;
  return { ...(meta.value as DeltaMeta), entries: entries.map(({ key: _, ...e }) => e) };
};

// Saves the delta's small parts whole and only the rows written after `since` (the rest are stored already).
export const saveDelta = (db: DemoServerDb, info: DemoInfo, delta: DemoDelta, since: number): Promise<void> =>
  db.transaction('rw', db.meta, db.entries, async () => {
    const { entries, ...meta } = delta;
    await db.entries.bulkPut(entries.filter((e) => e.version > since).map((e) => ({ ...e, key: `${e.table}|${e.id}` })));
    await db.meta.bulkPut([
      { key: 'delta', value: meta },
      { key: 'info', value: info },
    ]);
  });

// A new seed: nothing changed yet.
export const startOver = (db: DemoServerDb, info: DemoInfo): Promise<void> =>
  db.transaction('rw', db.meta, db.entries, async () => {
    await db.entries.clear();
    await db.meta.clear();
    await db.meta.put({ key: 'info', value: info });
  });
