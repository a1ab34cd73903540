import type { Role } from '../model/enums.ts';
import { generateDemoCommune, type DemoCommune } from '../sample/demo-commune.ts';
import { DAY_MS, makeRng, vnDate } from '../sample/demo-random.ts';
import { formatHlc } from '../sync/hlc.ts';
import { emptyMemoryState, type MemoryState } from '../sync/memory-port.ts';
import type { Row } from '../sync/merge.ts';
import { MUTATIONS } from '../sync/mutations.ts';
import type { LwwTable, SyncTable } from '../sync/protocol.ts';

// The trainer demo's server as it stands before anyone touches it: the generated commune laid into the in-memory
// sync store exactly as if its teams had pushed it over the last months (records stamped with versions in the
// order they were made, merged rows with a clock per field), the commune's invite codes, and the devices its
// members synced from. Pure and deterministic: the same (seed, epoch) gives the same world, so "reset" is
// "build it again" and only what happened since has to be kept.
export const DEMO_SEED = 'tung-nha';
export const DEMO_NODE = 'demo-seed'; // the HLC node of every seeded stamp (no phone has this id)

// Who syncs with the demo server: the generated members' phones (simulated, for data freshness) and any phone that
// joins with an invite code.
export type DemoDevice = {
  id: string;
  memberId: string;
  role: Role;
  villageIds: string[];
  label: string;
  createdAt: number;
  lastSyncAt: number | null;
};

export type DemoInvite = { code: string; villageId: string; teamId: string | null };

export type DemoWorld = {
  seed: string | number;
  epoch: number;
  commune: DemoCommune;
  state: MemoryState;
  seedVersion: number;
  invites: DemoInvite[];
  devices: DemoDevice[];
};

// The alphabet of invite codes (no 0/O, 1/I/L): the same as the real server's, so the join screen accepts them.
export const DEMO_INVITE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

// When a generated record was made: its own time where it has one, else the time in its UUIDv7-shaped id.
const idTime = (id: string): number => parseInt(id.replace(/-/g, '').slice(0, 12), 16);
const timeOf = (table: SyncTable, row: Row): number => {
  if (typeof row.at === 'number') return row.at;
  if (table === 'sessions') return Date.parse(`${String(row.date)}T09:00:00+07:00`);
  return idTime(String(row.id));
};

type Entry = MemoryState['entries'][number];

export const buildDemoWorld = (seed: string | number, epoch: number): DemoWorld => {
  const d = generateDemoCommune(seed, epoch);
  const state = emptyMemoryState();
  const communeId = d.commune.id;
  let version = 0;
  const entries: Entry[] = [];
  const put = (table: SyncTable, row: Row, villageId: string | null, v: number, clocks?: Entry['clocks']) =>
    entries.push({ table, id: String(row.id), communeId, villageId, version: v, row, ...(clocks ? { clocks } : {}) });

  // Reference data first, as the commune set it up.
  version++;
  for (const x of d.villages) put('villages', x, x.id, version);
  for (const x of d.catalogue) put('catalogue', x, null, version);
  for (const x of d.targets) put('targets', x, null, version);
  for (const x of d.members) put('members', x, null, version);

  // Then the field records, one version per local day they were made on (as if each day's pushes were one).
  type Pending = { table: SyncTable; row: Row; at: number };
  const records: Pending[] = [];
  const add = (table: SyncTable, rows: readonly object[]) => {
    for (const r of rows) records.push({ table, row: r as Row, at: timeOf(table, r as Row) });
  };
  add('households', d.households);
  add('residents', d.residents);
  add('checklist', d.cells);
  add('followups', d.followUps);
  add('visits', d.visits);
  add('voids', d.voids);
  add('sessions', d.sessions);
  // Parents before children on the same day: households, then residents, then what hangs off them.
  const rank = new Map<SyncTable, number>([['households', 0], ['residents', 1], ['checklist', 2], ['visits', 3], ['followups', 4], ['voids', 5], ['sessions', 6]]);
  records.sort((a, b) => a.at - b.at || (rank.get(a.table) ?? 9) - (rank.get(b.table) ?? 9));
  let day = '';
  for (const r of records) {
    const today = vnDate(r.at); // the commune's calendar day (Vietnam keeps UTC+7 all year)
    if (today !== day) {
      day = today;
      version++;
    }
    const spec = Object.values(MUTATIONS).find((m) => m.kind !== 'operation' && m.table === r.table);
    if (spec?.kind === 'lww') {
      const stamp = formatHlc({ ms: r.at, counter: 0, node: DEMO_NODE });
      const clocks: Record<string, string> = {};
      for (const k of Object.keys(r.row)) if (!spec.identity.includes(k)) clocks[k] = stamp;
      put(r.table as LwwTable, r.row, String(r.row.villageId), version, clocks);
    } else put(r.table, r.row, String(r.row.villageId), version);
  }
  state.entries = entries;
  state.versions[communeId] = version;

  // Invite codes, one per village (used any number of times in the demo), and the members' phones.
  const rng = makeRng(`${String(seed)}:demo-server`);
  const invites: DemoInvite[] = d.villages.map((v) => ({
    code: Array.from({ length: 8 }, () => rng.pick([...DEMO_INVITE_ALPHABET])).join(''),
    villageId: v.id,
    teamId: d.teams.find((t) => t.villageIds.includes(v.id))?.id ?? null,
  }));
  const field = d.members.filter((m) => m.role === 'member' || m.role === 'leader');
  // Most phones synced within the last day or two; one team's phone has been out of signal for most of a week,
  // so the dashboard's freshness column has something to say.
  const silent = field[rng.int(0, field.length - 1)].id;
  const devices: DemoDevice[] = field.map((m) => ({
    id: rng.uuid(epoch - rng.int(150, 400) * DAY_MS),
    memberId: m.id,
    role: m.role,
    villageIds: [...m.villageIds],
    label: m.displayName,
    createdAt: epoch - rng.int(150, 400) * DAY_MS,
    lastSyncAt: m.id === silent ? epoch - rng.int(4 * 24, 6 * 24) * 3_600_000 : epoch - rng.int(20, 40 * 60) * 60_000,
  }));
  return { seed, epoch, commune: d, state, seedVersion: version, invites, devices };
};

export const formatDemoInvite = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;

export const findInvite = (world: Pick<DemoWorld, 'invites'>, typed: unknown): DemoInvite | undefined => {
  if (typeof typed !== 'string') return undefined;
  const code = typed.toUpperCase().replace(/[\s\-_.]/g, '');
  return world.invites.find((i) => i.code === code);
};
