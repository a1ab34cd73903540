import { useCallback, useEffect, useState } from 'preact/hooks';
import { get, send } from './api.ts';

// Loads a JSON resource for a screen; `reload` fetches it again (after a change). Keeps the last good data while
// reloading so the screen does not flash.
export type Loaded<T> = { data: T | undefined; error: unknown; loading: boolean; reload: () => Promise<void> };

// With `body`, the resource is read by POST (a search whose words must not sit in a URL).
export const useApi = <T>(path: string | null, body?: unknown): Loaded<T> => {
  const sent = body === undefined ? undefined : JSON.stringify(body);
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(path !== null);
  const load = useCallback(async () => {
    if (path === null) return;
    setLoading(true);
    try {
      setData(sent === undefined ? await get<T>(path) : await send<T>('POST', path, JSON.parse(sent)));
      setError(undefined);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, [path, sent]);
  useEffect(() => {
    void load();
  }, [load]);
  return { data, error, loading, reload: load };
};
