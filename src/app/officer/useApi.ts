import { useCallback, useEffect, useState } from 'preact/hooks';
import { get } from './api.ts';

// Loads a JSON resource for a screen; `reload` fetches it again (after a change). Keeps the last good data while
// reloading so the screen does not flash.
export type Loaded<T> = { data: T | undefined; error: unknown; loading: boolean; reload: () => Promise<void> };

export const useApi = <T>(path: string | null): Loaded<T> => {
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(path !== null);
  const load = useCallback(async () => {
    if (path === null) return;
    setLoading(true);
    try {
      setData(await get<T>(path));
      setError(undefined);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, [path]);
  useEffect(() => {
    void load();
  }, [load]);
  return { data, error, loading, reload: load };
};
