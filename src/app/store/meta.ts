import type { Language } from '../../core/model/enums.ts';
import type { AppDb, MetaRow } from './db.ts';

// The phone's `meta` table, typed: each key has one value type, read and written by name. The device's identity,
// sequence and clock live here with everything else the phone keeps about itself, so losing the database loses
// them together. Other areas add their keys to MetaValues as they need them.
export type MetaValues = {
  deviceId: string;
  nextSeq: number; // the next outbox sequence number (gapless)
  hlc: string; // the device's last HLC stamp
  clockOffset: number; // ms to add to Date.now() for the server's time (from each response's serverTime)
  rosterYear: number; // the year the roster summaries computed ages for
  'ui.lastLanguage': Language; // the language the last visit was held in, offered first on the next
};
export type MetaKey = keyof MetaValues;

export const getMeta = async <K extends MetaKey>(db: AppDb, key: K): Promise<MetaValues[K] | undefined> =>
  (await db.meta.get(key))?.value as MetaValues[K] | undefined;

// Several keys in one read (one round trip inside a transaction), in the order asked.
export const getMetas = async <const K extends readonly MetaKey[]>(db: AppDb, keys: K): Promise<{ -readonly [I in keyof K]: MetaValues[K[I]] | undefined }> =>
  (await db.meta.bulkGet([...keys])).map((r) => r?.value) as { -readonly [I in keyof K]: MetaValues[K[I]] | undefined };

export const metaRow = <K extends MetaKey>(key: K, value: MetaValues[K]): MetaRow => ({ key, value });

export const setMeta = <K extends MetaKey>(db: AppDb, key: K, value: MetaValues[K]) => db.meta.put(metaRow(key, value));
