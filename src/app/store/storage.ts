// Persistent storage keeps the browser from evicting weeks of unsent records when the phone runs low on space.
// We ask once at start (Chromium grants it to installed or engaged sites without a prompt) and Settings shows
// the answer and the estimate.
export type StorageStatus = { persisted: boolean | null; usage: number | null; quota: number | null };

export const askPersistence = async (): Promise<boolean | null> => {
  const s = navigator.storage;
  if (!s?.persist) return null;
  if (await s.persisted()) return true;
  return s.persist();
};

export const storageStatus = async (): Promise<StorageStatus> => {
  const s = navigator.storage;
  const persisted = s?.persisted ? await s.persisted() : null;
  const est = s?.estimate ? await s.estimate() : undefined;
  return { persisted, usage: est?.usage ?? null, quota: est?.quota ?? null };
};
