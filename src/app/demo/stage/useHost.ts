import { useEffect, useState } from 'preact/hooks';
import { getHost, type DemoHost } from '../host.ts';

// The stage owns the demo server (created once per page, where the phone in the frame finds it).
export const useHost = (): { host: DemoHost | undefined; error: unknown } => {
  const [host, setHost] = useState<DemoHost>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    getHost().then(setHost, (e) => {
      console.error('demo server did not start', e);
      setError(e);
    });
  }, []);
  return { host, error };
};
