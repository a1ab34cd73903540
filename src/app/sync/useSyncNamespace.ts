import { useEffect, useState } from 'preact/hooks';
import { i18n, loadNamespaces } from '../i18n/i18n.ts';

// The badge and the record marks live on screens that did not ask for their strings: load them on first use. The
// badge's few words are a namespace of their own ('sync-badge', well under a kilobyte), so the first screen does
// not pay for the whole sync screen's text; the join card on first run needs 'sync'.
export const useSyncNamespace = (ns: 'sync-badge' | 'sync' = 'sync-badge'): boolean => {
  const [ready, setReady] = useState(() => i18n.hasResourceBundle(i18n.language, ns));
  useEffect(() => {
    if (ready) return;
    let live = true;
    loadNamespaces([ns])
      .then(() => live && setReady(true))
      .catch((e) => console.warn('sync strings not loaded', e));
    return () => {
      live = false;
    };
  }, []);
  return ready;
};
