import { clampHlc, compareHlc } from './hlc.ts';
import type { Row } from './merge.ts';
import { MUTATIONS, splitPut } from './mutations.ts';
import type { Mutation, SyncTable } from './protocol.ts';

// The phone's side of field-level merge (merge.ts is the server's): a pulled row is the server's truth, and each
// field of this phone's pending edits (oldest first) is laid back over it only when it is certain to win on the
// server, that is when its stamp, clamped the way the server will clamp it, is newer than every stamp on the
// pulled row. An edit that may lose is left out: if it wins after all, the row comes back in a later pull.
export const rebaseRow = (table: SyncTable, row: Row, rowHlc: string | undefined, pending: readonly Pick<Mutation, 'name' | 'args' | 'hlc'>[], serverTime: number): Row => {
  let out = row;
  for (const e of pending) {
    const spec = MUTATIONS[e.name];
    if (spec.kind !== 'lww' || spec.table !== table) continue;
    if (rowHlc !== undefined && compareHlc(clampHlc(e.hlc, serverTime), rowHlc) <= 0) continue;
    const { patch } = splitPut(spec, e.args);
    out = { ...out, ...patch };
  }
  return out;
};
