// Hybrid logical clock (wall ms, counter, node). Stamps are fixed-width strings, so comparing two stamps as
// strings compares (ms, counter, node) in that order; the node (device id) breaks ties deterministically.
export type Hlc = { ms: number; counter: number; node: string };

const MS_WIDTH = 15; // zero-padded decimal: sorts correctly for any date this app will see
const MAX_COUNTER = 0xffff;
export const MAX_AHEAD_MS = 5 * 60 * 1000;
export const HLC_MAX_LENGTH = 15 + 1 + 4 + 1 + 64;

export const formatHlc = (h: Hlc): string =>
  `${String(Math.max(0, Math.floor(h.ms))).padStart(MS_WIDTH, '0')}-${h.counter.toString(16).padStart(4, '0')}-${h.node}`;

export const parseHlc = (s: string): Hlc | undefined => {
  // The node is a device id (`[A-Za-z0-9_.:@-]{1,64}`, as ids are): a longer one would be stored with every field
  // it stamps and sent to every phone.
  if (s.length > HLC_MAX_LENGTH) return undefined;
  const m = /^(\d{15})-([0-9a-f]{4})-([A-Za-z0-9_.:@-]{1,64})$/.exec(s);
  if (!m) return undefined;
  return { ms: Number(m[1]), counter: parseInt(m[2], 16), node: m[3] };
};

export const isHlc = (s: unknown): s is string => typeof s === 'string' && parseHlc(s) !== undefined;

export const compareHlc = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const maxHlc = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined ? a : a > b ? a : b;

// A clock owned by one device. `now` is the device's best idea of server time (Date.now() + offset).
export class HlcClock {
  private last: Hlc;
  constructor(readonly node: string, last?: string) {
    this.last = (last && parseHlc(last)) || { ms: 0, counter: 0, node };
  }

  // A stamp for a local event.
  send(now: number): string {
    const ms = Math.max(this.last.ms, now);
    const counter = ms === this.last.ms ? this.last.counter + 1 : 0;
    this.last = this.bounded(ms, counter);
    return formatHlc(this.last);
  }

  // Moves the clock past a stamp seen from elsewhere, so later local edits win over what was just received.
  receive(remote: string, now: number): void {
    const r = parseHlc(remote);
    if (!r) return;
    const ms = Math.max(this.last.ms, r.ms, now);
    const counter =
      ms === this.last.ms && ms === r.ms
        ? Math.max(this.last.counter, r.counter) + 1
        : ms === this.last.ms
          ? this.last.counter + 1
          : ms === r.ms
            ? r.counter + 1
            : 0;
    this.last = this.bounded(ms, counter);
  }

  get current(): string {
    return formatHlc(this.last);
  }

  private bounded(ms: number, counter: number): Hlc {
    // The counter overflows only under tens of thousands of events in one millisecond: borrow the next ms.
    return counter > MAX_COUNTER ? { ms: ms + 1, counter: 0, node: this.node } : { ms, counter, node: this.node };
  }
}

// The server keeps clocks honest: a stamp more than MAX_AHEAD_MS ahead of server time is pulled back to it.
export const clampHlc = (stamp: string, serverNow: number): string => {
  const h = parseHlc(stamp);
  if (!h) return stamp;
  const limit = serverNow + MAX_AHEAD_MS;
  return h.ms > limit ? formatHlc({ ...h, ms: limit }) : stamp;
};
