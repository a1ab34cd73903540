import { CodedError, type ErrorCode } from '../../../src/core/errors.ts';
import { DEFAULT_CATALOGUE } from '../../../src/core/model/catalogue-defaults.ts';
import type { Member } from '../../../src/core/model/people.ts';
import { SAMPLE_COMMUNE, SAMPLE_VILLAGES } from '../../../src/core/sample/sample-commune.ts';
import { MemorySyncPort } from '../../../src/core/sync/memory-port.ts';
import type { DeviceAuth } from '../../../src/core/sync/port.ts';
import { handlePull } from '../../../src/core/sync/pull.ts';
import { handlePush } from '../../../src/core/sync/push.ts';
import { handlePushPull } from '../../../src/core/sync/push-pull.ts';
import { PROTOCOL, SCHEMA, type MutationName, type Scope } from '../../../src/core/sync/protocol.ts';
import { formatHlc } from '../../../src/core/sync/hlc.ts';
import type { Household, Resident } from '../../../src/core/model/household.ts';
import { parseRoster } from '../../../src/core/roster/parse.ts';
import { planRoster } from '../../../src/core/roster/plan.ts';
import { readCsvRows } from '../../../src/core/roster/template.ts';
import { simRosterCsv } from './sim.ts';
import { gunzipText } from '../../../src/app/sync/gzip.ts';
import type { FetchLike } from '../../../src/app/sync/transport.ts';

// The core's sync logic (handlePushPull/handlePull over MemorySyncPort) behind an HTTP-shaped fetch, so the client is
// tested through its real transport (gzip, Bearer token, status codes) with only the network edge replaced.
export const C = SAMPLE_COMMUNE.id;
export const [V1, V2, V3] = SAMPLE_VILLAGES.map((v) => v.id);

const STATUS: Partial<Record<ErrorCode, number>> = {
  'bad-request': 400,
  invalid: 400,
  unauthorized: 401,
  'token-revoked': 401,
  'token-expired': 401,
  forbidden: 403,
  'scope-forbidden': 403,
  'payload-too-large': 413,
  'rate-limited': 429,
  unavailable: 503,
};

type Device = DeviceAuth & { token: string; revoked?: boolean; expired?: boolean };
export type Exchange = { path: string; body: Record<string, unknown>; status: number; answer: unknown; gzip: boolean; bytes: number };

// protocol1: answer as a server that predates PROTOCOL 2 would, ignoring a push's `pull`.
export const createMemoryServer = (opts: { now?: () => number; protocol1?: boolean } = {}) => {
  const port = new MemorySyncPort();
  for (const v of SAMPLE_VILLAGES) port.putReference(C, 'villages', v, v.id);
  for (const item of DEFAULT_CATALOGUE) port.putReference(C, 'catalogue', item);
  const devices = new Map<string, Device>();
  const log: Exchange[] = [];
  // Real time by default, strictly increasing like a server's commits.
  let last = 0;
  const now = opts.now ?? (() => (last = Math.max(last + 1, Date.now())));
  // Test hooks: fail the next N calls of a path with a status, or run something before answering.
  const faults: { path: string; status: number; code?: ErrorCode; times: number }[] = [];

  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

  const fetch: FetchLike = async (url, init) => {
    const path = new URL(url, 'http://x').pathname;
    const headers = new Headers(init.headers);
    const raw = init.body as string | ArrayBuffer;
    const gzip = headers.get('Content-Encoding') === 'gzip';
    const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw).length : raw.byteLength;
    const text = gzip ? await gunzipText(raw as ArrayBuffer) : (raw as string);
    const body = JSON.parse(text) as Record<string, unknown>;
    const record = (status: number, answer: unknown) => {
      log.push({ path, body, status, answer, gzip, bytes });
      return json(status, answer);
    };
    const fault = faults.find((f) => f.path === path && f.times > 0);
    if (fault) {
      fault.times--;
      return record(fault.status, { error: { code: fault.code ?? 'unavailable', message: 'injected' } });
    }
    const token = headers.get('Authorization')?.replace(/^Bearer /, '');
    const device = [...devices.values()].find((d) => d.token === token);
    if (!device) return record(401, { error: { code: 'unauthorized', message: 'unknown token' } });
    if (device.revoked) return record(401, { error: { code: 'token-revoked', message: 'revoked' } });
    if (device.expired) return record(401, { error: { code: 'token-expired', message: 'expired' } });
    try {
      const t = now();
      if (path === '/api/sync/push') {
        const res = await (opts.protocol1 ? handlePush : handlePushPull)(port, device, body, t);
        return record('error' in res ? 409 : 200, res); // the real server answers a gap with 409
      }
      if (path === '/api/sync/pull') return record(200, await handlePull(port, device, body, t));
      return record(404, { error: { code: 'not-found' } });
    } catch (e) {
      if (e instanceof CodedError) return record(STATUS[e.code] ?? 400, { error: { code: e.code, message: e.message } });
      return record(500, { error: { code: 'internal', message: String(e) } });
    }
  };

  let n = 0;
  const addDevice = (deviceId: string, scope: Partial<Scope> = {}): { token: string; member: Member; scope: Scope } => {
    const full: Scope = { communeId: C, villageIds: [V1], wholeCommune: false, ...scope };
    const token = `tok-${deviceId}-${++n}`;
    const memberId = `m-${deviceId}`;
    devices.set(deviceId, { deviceId, memberId, scope: full, token });
    const member: Member = { id: memberId, communeId: C, teamId: null, displayName: `Thành viên ${n}`, role: full.wholeCommune ? 'officer' : 'member', villageIds: full.villageIds };
    return { token, member, scope: full };
  };

  return {
    port,
    fetch,
    log,
    faults,
    addDevice,
    device: (id: string) => devices.get(id)!,
    move: (deviceId: string, villageIds: string[]) => void (devices.get(deviceId)!.scope = { ...devices.get(deviceId)!.scope, villageIds }),
    now,
  };
};
export type MemoryServer = ReturnType<typeof createMemoryServer>;

// The same server as the property simulation sees it (tests/app/sync/sim.ts).
export const memorySimServer = async (now: () => number) => {
  const s = createMemoryServer({ now });
  // The officer's merges and imports go through the same core as a push (the real server applies them so too).
  const officer: DeviceAuth = { deviceId: 'sim-officer', memberId: 'm-sim-officer', role: 'officer', scope: { communeId: C, villageIds: [], wholeCommune: true } };
  let seq = 0;
  let ids = 0;
  const asOfficer = async (ms: { name: MutationName; args: Record<string, unknown> }[], mayRefuse = false) => {
    for (let i = 0; i < ms.length; i += 100) {
      const t = now();
      const batch = ms.slice(i, i + 100).map((m) => ({ seq: ++seq, id: String(m.args.id), name: m.name, args: m.args, hlc: formatHlc({ ms: t, counter: seq % 0xffff, node: officer.deviceId }) }));
      const res = await handlePush(s.port, officer, { protocol: PROTOCOL, schema: SCHEMA, deviceId: officer.deviceId, mutations: batch }, t);
      if (!('results' in res) || res.results.some((r) => r.status !== 'applied' && !(mayRefuse && r.reason === 'invalid'))) throw new Error(`officer push: ${JSON.stringify(res)}`);
    }
  };
  return {
    merge: async (villageId: string, pick: number) => {
      const hs = (s.port.rows('households', C) as Household[]).filter((h) => h.villageId === villageId && !h.removed).sort((a, b) => a.id.localeCompare(b.id));
      if (hs.length < 2) return;
      const keep = hs[pick % hs.length];
      const away = hs[(pick + 1) % hs.length];
      await asOfficer([{ name: 'household.merge', args: { id: away.id, villageId, keepId: keep.id } }]);
    },
    unmerge: async (villageId: string, pick: number) => {
      const merged = (s.port.rows('households', C) as Household[])
        .filter((h) => h.villageId === villageId && h.mergedInto && (h.mergeUndo as { keepId?: string } | undefined)?.keepId)
        .sort((a, b) => a.id.localeCompare(b.id));
      if (!merged.length) return;
      const b = merged[pick % merged.length];
      await asOfficer([{ name: 'household.unmerge', args: { id: b.id, villageId, keepId: b.mergedInto } }], true);
    },
    importRoster: async (villageId: string, n: number) => {
      const file = parseRoster(readCsvRows(simRosterCsv(n)), { villageId, villages: [], thisYear: 2026 });
      const existing = { households: s.port.rows('households', C) as Household[], residents: s.port.rows('residents', C) as Resident[] };
      await asOfficer(planRoster(file, existing, () => `imp-${++ids}`).puts);
    },
    fetch: s.fetch,
    addDevice: s.addDevice,
    lastSeq: async (id: string) => s.port.state.devices[id]?.lastSeq ?? 0,
    flags: async () => s.port.state.flags.length,
    villages: [V1, V2],
    communeId: C,
  };
};
