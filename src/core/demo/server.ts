import * as v from 'valibot';
import { v7 as uuidv7 } from 'uuid';
import { CodedError, statusOf } from '../errors.ts';
import type { CatalogueItem, ChecklistCell } from '../model/checklist.ts';
import { id } from '../model/fields.ts';
import type { FollowUp } from '../model/followup.ts';
import type { Household, Resident } from '../model/household.ts';
import { DisplayNameSchema, type Member, type Target } from '../model/people.ts';
import type { Village } from '../model/place.ts';
import { validate } from '../model/validate.ts';
import type { Session, Visit, Void } from '../model/visit.ts';
import { MemorySyncPort, type MemoryState } from '../sync/memory-port.ts';
import type { DeviceAuth } from '../sync/port.ts';
import { handlePull } from '../sync/pull.ts';
import { handlePushPull } from '../sync/push-pull.ts';
import type { Scope } from '../sync/protocol.ts';
import type { Period } from '../report/period.ts';
import type { ProvinceReport } from '../report/province.ts';
import type { DemoReportInput } from './report.ts';
import { DEMO_COMMUNE_TEXTS, demoNeighbours, demoProvinceReport, type DemoCommuneSource } from './province.ts';
import { buildDemoWorld, findInvite, type DemoDevice, type DemoWorld } from './world.ts';

// The trainer demo's server: the real sync logic (handlePushPull/handlePull) over the in-memory port, plus the one
// account call a phone makes (joining with an invite code), answering in the shapes and statuses the real HTTP
// server uses. No storage and no network here: the app keeps what changed since the seed (`delta`) in IndexedDB
// and rebuilds the server from the seed and that delta, so a reload keeps everything and a reset is exact.

// The demo hands out no credential: the phone needs a non-empty token to count as joined, and the demo database
// refuses to keep it (src/app/demo), so nothing a demo phone holds can open a real server.
export const DEMO_TOKEN = 'demo';

export type DemoAnswer = { status: number; body: unknown };
type Entry = MemoryState['entries'][number];

// What changed since the seed: enough, with the seed and epoch, to rebuild the server exactly.
export type DemoDelta = {
  versions: MemoryState['versions'];
  lastSeqs: MemoryState['devices'];
  rejections: MemoryState['rejections'];
  flags: MemoryState['flags'];
  entries: Entry[]; // rows written after the seed (the seed's copy of a row is replaced by its newer one)
  devices: DemoDevice[]; // every device, with its latest sync
};


const JoinSchema = v.object({ code: v.pipe(v.string('required'), v.maxLength(40, 'too-long')), deviceId: id(), displayName: DisplayNameSchema });

export type DemoRecords = {
  villages: Village[];
  catalogue: CatalogueItem[];
  targets: Target[];
  members: Member[];
  households: Household[];
  residents: Resident[];
  cells: ChecklistCell[];
  visits: Visit[];
  sessions: Session[];
  voids: Void[];
  followUps: FollowUp[];
};

export type DemoEvent = { kind: 'push' | 'pull' | 'join'; deviceId: string; at: number; applied: number; version: number };

export class DemoServer {
  readonly world: DemoWorld;
  readonly port: MemorySyncPort;
  private devices = new Map<string, DemoDevice>();
  private neighbours?: DemoCommuneSource[];
  private provinceMemo: NonNullable<Parameters<typeof demoProvinceReport>[0]['memo']> = new Map();

  constructor(seed: string | number, epoch: number, delta?: DemoDelta) {
    this.world = buildDemoWorld(seed, epoch);
    const state = this.world.state;
    if (delta) {
      // As the live store did it: a rewritten row leaves its old place and joins the end, in the order written.
      const changed = new Set(delta.entries.map((e) => `${e.table}|${e.id}`));
      state.entries = [...state.entries.filter((e) => !changed.has(`${e.table}|${e.id}`)), ...delta.entries];
      Object.assign(state.versions, delta.versions);
      Object.assign(state.devices, delta.lastSeqs);
      Object.assign(state.rejections, delta.rejections);
      state.flags.push(...delta.flags);
    }
    this.port = new MemorySyncPort(state);
    for (const d of this.world.devices) this.devices.set(d.id, d);
    for (const d of delta?.devices ?? []) this.devices.set(d.id, d);
  }

  get communeId(): string {
    return this.world.commune.commune.id;
  }

  version(): number {
    return this.port.state.versions[this.communeId] ?? 0;
  }

  // Everything since the seed, for storage.
  delta(): DemoDelta {
    const s = this.port.state;
    return {
      versions: { ...s.versions },
      lastSeqs: { ...s.devices },
      rejections: { ...s.rejections },
      flags: [...s.flags],
      entries: this.entriesAfter(this.world.seedVersion),
      devices: [...this.devices.values()],
    };
  }

  entriesAfter(version: number): Entry[] {
    return this.port.state.entries.filter((e) => e.version > version);
  }

  // What each village's records last changed at, with the catalogue (which every village's tallies depend on): a
  // village's dashboard rollup is good while its key stays the same.
  rollupKeys(): Map<string, string> {
    const latest = new Map<string, number>();
    let catalogue = 0;
    for (const e of this.port.state.entries) {
      if (e.table === 'catalogue') catalogue = Math.max(catalogue, e.version);
      else if (e.villageId !== null && (latest.get(e.villageId) ?? -1) < e.version) latest.set(e.villageId, e.version);
    }
    return new Map([...latest].map(([v, version]) => [v, `${version}|${catalogue}`]));
  }

  deviceList(): DemoDevice[] {
    return [...this.devices.values()];
  }

  records(): DemoRecords {
    const rows = <T,>(table: Parameters<MemorySyncPort['rows']>[0]) => this.port.rows(table, this.communeId) as unknown as T[];
    return {
      villages: rows<Village>('villages'),
      catalogue: rows<CatalogueItem>('catalogue'),
      targets: rows<Target>('targets'),
      members: rows<Member>('members'),
      households: rows<Household>('households'),
      residents: rows<Resident>('residents'),
      cells: rows<ChecklistCell>('checklist'),
      visits: rows<Visit>('visits'),
      sessions: rows<Session>('sessions'),
      voids: rows<Void>('voids'),
      followUps: rows<FollowUp>('followups'),
    };
  }

  // GET /api/reports/province as the demo answers it: the sample province's three communes, this one as it stands
  // now. The neighbours are generated on the first ask (the province step), not when the demo opens.
  provinceReport(period: Period, now: number, cache?: DemoReportInput['cache']): ProvinceReport {
    this.neighbours ??= demoNeighbours(this.world.seed, this.world.epoch);
    const live: DemoCommuneSource = { commune: this.world.commune, records: this.records(), devices: this.deviceList(), texts: DEMO_COMMUNE_TEXTS };
    return demoProvinceReport({ live, neighbours: this.neighbours, period, now, cache, memo: this.provinceMemo });
  }

  // One call as the HTTP server would answer it: a status and a JSON body ({error:{code,message,issues}} on failure).
  async answer(kind: 'push' | 'pull' | 'join', body: unknown, now: number): Promise<DemoAnswer & { event?: DemoEvent }> {
    try {
      if (kind === 'join') return this.join(body, now);
      const auth = this.auth(body);
      const device = this.devices.get(auth.deviceId) as DemoDevice;
      if (kind === 'push') {
        const before = this.version();
        const res = await handlePushPull(this.port, auth, body, now);
        this.devices.set(device.id, { ...device, lastSyncAt: now });
        const applied = 'results' in res ? res.results.filter((r) => r.status === 'applied').length : 0;
        return { status: 'error' in res ? 409 : 200, body: res, event: { kind, deviceId: auth.deviceId, at: now, applied, version: Math.max(before, this.version()) } };
      }
      const res = await handlePull(this.port, auth, body, now);
      this.devices.set(device.id, { ...device, lastSyncAt: now });
      return { status: 200, body: res, event: { kind, deviceId: auth.deviceId, at: now, applied: 0, version: this.version() } };
    } catch (e) {
      if (!(e instanceof CodedError)) throw e;
      return { status: statusOf(e.code), body: { error: { code: e.code, message: e.message, ...(e.issues ? { issues: e.issues } : {}) } } };
    }
  }

  private auth(body: unknown): DeviceAuth {
    const deviceId = (body as { deviceId?: unknown } | null)?.deviceId;
    const device = typeof deviceId === 'string' ? this.devices.get(deviceId) : undefined;
    if (!device) throw new CodedError('unauthorized', 'this phone has not joined the demo commune');
    const member = this.port.rows('members', this.communeId).find((m) => m.id === device.memberId) as Member | undefined;
    const villageIds = member?.villageIds ?? device.villageIds;
    const scope: Scope = { communeId: this.communeId, villageIds: [...villageIds], wholeCommune: false };
    return { deviceId: device.id, memberId: device.memberId, scope, role: (member?.role ?? device.role) as DeviceAuth['role'] };
  }

  // Joining with one of the demo's invite codes: a new team member of that village (or, for a phone that joined
  // before, the same member with the village added), and the phone's device registered, keeping its sequence.
  private join(body: unknown, now: number): DemoAnswer & { event: DemoEvent } {
    const checked = validate(JoinSchema, body);
    if (!checked.ok) throw new CodedError('invalid', undefined, checked.issues);
    const { code, deviceId, displayName } = checked.value;
    const invite = findInvite(this.world, code);
    if (!invite) throw new CodedError('invite-invalid');
    const existing = this.devices.get(deviceId);
    const members = this.port.rows('members', this.communeId) as Member[];
    const previous = existing && members.find((m) => m.id === existing.memberId);
    const member: Member = previous
      ? { ...previous, displayName, villageIds: previous.villageIds.includes(invite.villageId) ? previous.villageIds : [...previous.villageIds, invite.villageId] }
      : { id: uuidv7({ msecs: now }), communeId: this.communeId, teamId: invite.teamId, displayName, role: 'member', villageIds: [invite.villageId] };
    this.port.putReference(this.communeId, 'members', member);
    this.devices.set(deviceId, {
      id: deviceId,
      memberId: member.id,
      role: member.role,
      villageIds: [...member.villageIds],
      label: displayName,
      createdAt: existing?.createdAt ?? now,
      lastSyncAt: existing?.lastSyncAt ?? null,
    });
    const scope: Scope = { communeId: this.communeId, villageIds: [...member.villageIds], wholeCommune: false };
    return {
      status: 200,
      body: { token: DEMO_TOKEN, member, scope, device: { id: deviceId, lastSeq: this.port.state.devices[deviceId]?.lastSeq ?? 0 }, serverTime: now },
      event: { kind: 'join', deviceId, at: now, applied: 1, version: this.version() },
    };
  }
}
