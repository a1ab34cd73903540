import type { AppDb } from '../store/db.ts';
import { backupFileName, exportBackup } from '../store/backup.ts';
import { EXPORTED_SEQ_KEY } from '../store/member.ts';

// "Export all my data" as a file download. The file holds every unsent change up to the highest sequence number in
// it; the phone remembers that number, so signing out may go ahead once everything unsent is in a file
// (src/app/phone/members.ts).

export const downloadBackup = async (db: AppDb): Promise<string> => {
  const backup = await exportBackup(db);
  const blob = new Blob([JSON.stringify(backup)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = backupFileName(backup);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  const through = Math.max(0, ...(backup.tables.outbox as { seq: number }[]).map((e) => e.seq));
  if (through) await db.meta.put({ key: EXPORTED_SEQ_KEY, value: through });
  return a.download;
};

// Saves any JSON-able value as a file download (e.g. the "Cần xử lý" list for the commune officer).
export const downloadJson = (value: unknown, name: string): void => {
  const blob = new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
};
