import { HlcClock } from '../../../src/core/sync/hlc.ts';
import { PROTOCOL, SCHEMA, type Change, type Mutation, type MutationName, type PullResponse } from '../../../src/core/sync/protocol.ts';
import type { JoinedPhone, TestServer } from './test-server.ts';

// A bare-bones phone speaking the wire protocol to a test server: numbers its mutations, stamps them with its own
// HLC (at whatever time the test says) and pushes/pulls over HTTP. No storage: tests look at what comes back.
export type WirePhone = JoinedPhone & {
  hlc: HlcClock;
  nextSeq: number;
  m: (name: MutationName, args: Record<string, unknown>, at?: number) => Mutation;
  push: (mutations: Mutation[], extra?: Record<string, unknown>) => Promise<{ status: number; body: any }>;
  pull: (cursor: number, extra?: Record<string, unknown>) => Promise<{ status: number; body: any }>;
  // Pulls every page from `cursor` and returns the changes and the final answer.
  pullAll: (cursor?: number, limit?: number) => Promise<{ changes: Change[]; cursor: number; pages: number; last: PullResponse }>;
};

export const wirePhone = (s: TestServer, joined: JoinedPhone): WirePhone => {
  const post = async (path: string, body: unknown) => {
    const res = await s.request(path, { method: 'POST', headers: s.auth(joined.token), body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const phone: WirePhone = {
    ...joined,
    hlc: new HlcClock(joined.deviceId),
    nextSeq: 1,
    m: (name, args, at = s.clock.now()) => ({ seq: phone.nextSeq++, id: String(args.id), name, args, hlc: phone.hlc.send(at) }),
    push: (mutations, extra = {}) => post('/api/sync/push', { protocol: PROTOCOL, schema: SCHEMA, deviceId: joined.deviceId, mutations, ...extra }),
    pull: (cursor, extra = {}) => post('/api/sync/pull', { protocol: PROTOCOL, schema: SCHEMA, deviceId: joined.deviceId, cursor, ...extra }),
    pullAll: async (from = 0, limit = 1000) => {
      let cursor = from;
      const changes: Change[] = [];
      let pages = 0;
      for (;;) {
        const { status, body } = await phone.pull(cursor, { limit });
        if (status !== 200) throw new Error(`pull failed: ${status} ${JSON.stringify(body)}`);
        pages++;
        if (!('changes' in body)) return { changes, cursor, pages, last: body };
        changes.push(...body.changes);
        cursor = body.cursor;
        if (!body.hasMore) return { changes, cursor, pages, last: body };
      }
    },
  };
  return phone;
};

// Records shaped as the phone writes them (DESIGN §2).
export const household = (id: string, villageId: string, extra: Record<string, unknown> = {}) => ({
  id,
  villageId,
  headName: 'Lò Văn Pọm',
  houseLabel: 'Số 1',
  ...extra,
});

export const resident = (id: string, householdId: string, villageId: string, extra: Record<string, unknown> = {}) => ({
  id,
  householdId,
  villageId,
  label: 'Lò Thị Ón',
  birthYear: 1990,
  ...extra,
});

export const checklistCell = (residentId: string, householdId: string, villageId: string, itemId: string, state: string, by: string, at: number) => ({
  id: `${itemId}@${residentId}`,
  villageId,
  householdId,
  residentId,
  itemId,
  state,
  by,
  at,
});

export const visit = (id: string, householdId: string, villageId: string, memberId: string, at: number, extra: Record<string, unknown> = {}) => ({
  id,
  villageId,
  householdId,
  memberId,
  memberName: 'Lò Thị Mai',
  at,
  // A visit records something (core/model/checks.ts checkVisit): the household's fibre line, a household item.
  items: [{ itemId: 'fibre', residentIds: [], outcome: 'done' }],
  dossiers: [],
  language: 'vi',
  minutes: 15,
  note: '',
  followUpOn: null,
  replaces: null,
  ...extra,
});
