import pg from 'pg';
import { COMMUNE_WRITES_CHANNEL, otherProcessWrote, setHearingOthers } from './write-count.ts';

// PostgreSQL: several server processes share one database (docs/design.md §3), and each keeps device sign-ins for a few
// seconds (accounts/auth.ts). A revocation or a member's move made by one process must hold on all of them from the
// next call, so every commune write notifies (commune-write.ts) and every process listens here. A lost listening
// connection is not trusted: until it is back, the sign-in cache keeps nothing.
export type WriteNotices = { close: () => Promise<void> };

export const listenForWrites = (config: pg.ClientConfig, retryMs = 1000): WriteNotices => {
  let client: pg.Client | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  const connect = async () => {
    if (closed) return;
    const c = new pg.Client(config);
    client = c;
    const lost = () => {
      if (client !== c) return;
      client = undefined;
      setHearingOthers(false);
      c.end().catch(() => undefined);
      if (!closed) timer = setTimeout(() => void connect(), retryMs);
    };
    c.on('error', lost);
    c.on('end', lost);
    c.on('notification', () => otherProcessWrote());
    try {
      await c.connect();
      await c.query(`listen ${COMMUNE_WRITES_CHANNEL}`);
      if (client === c) setHearingOthers(true);
    } catch {
      lost();
    }
  };
  setHearingOthers(false);
  void connect();
  return {
    close: async () => {
      closed = true;
      clearTimeout(timer);
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
};
