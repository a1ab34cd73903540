import type { AppDb, AttentionEntry } from './db.ts';
import { getMeta } from './meta.ts';

// "Cần xử lý": changes the commune refused (or flagged), kept on the phone with the server's reason. Each can be
// opened (the record it is about: fix it there, which makes a new change), exported to a file (to hand to the
// commune officer), or dismissed once the member has dealt with it. Dismissing only removes it from this list: the
// server keeps its own record of the refusal for the officer.

// Where to fix what an entry is about: its household, or the sessions list for a session.
export const attentionTarget = (e: Pick<AttentionEntry, 'name' | 'args'>): string | undefined => {
  const hid = e.name === 'household.put' ? e.args.id : e.args.householdId;
  if (typeof hid === 'string' && hid) return `/households/${encodeURIComponent(hid)}`;
  if (e.name === 'session.add' || e.name === 'session.void' || e.name === 'session.redact') return '/sessions';
  return undefined;
};

export const dismissAttention = (db: AppDb, seqs: readonly number[]): Promise<void> =>
  db.transaction('rw', db.attention, async () => {
    await db.attention.bulkDelete([...seqs]);
  });

// The file: what was refused, with the server's reasons, as JSON a person (or the officer) can read.
export type AttentionFile = { kind: 'tungnha-attention'; version: 1; exportedAt: number; deviceId?: string; entries: AttentionEntry[] };
export const attentionFile = async (db: AppDb, seqs?: readonly number[]): Promise<AttentionFile> => {
  const entries = seqs ? (await db.attention.bulkGet([...seqs])).filter((e): e is AttentionEntry => !!e) : await db.attention.orderBy('seq').toArray();
  const device = await getMeta(db, 'deviceId');
  return { kind: 'tungnha-attention', version: 1, exportedAt: Date.now(), ...(device ? { deviceId: device } : {}), entries };
};

export const attentionFileName = (f: AttentionFile): string => {
  const d = new Date(f.exportedAt);
  const p = (n: number) => String(n).padStart(2, '0');
  return `tungnha-can-xu-ly-${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}.json`;
};
