import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { localDate } from '../../src/core/report/period.ts';

// Bulk data for the officer benchmark: a commune (or a whole province's worth of households in one commune, the
// worst case for one dashboard) written straight into the tables the sync port writes, in chunks, with a seeded
// random generator so every run sees the same data. Households ~4 residents, each resident with checklist cells
// for about half the items, visits spread over the last year, a session per village most weeks, some voids and
// follow-ups, 5 members with one phone each per village.
export type Shape = { communeId: string; villages: number; households: number; visits: number; now: number; version: number };

const RESIDENT_ITEMS = ['smartphone', 'vneid', 'vneid-l2', 'public-services', 'cashless', 'health-book', 'digital-skills', 'online-safety', 'digital-signature'];
const STATES = ['done', 'done', 'done', 'in-progress', 'not-yet', 'declined', 'na'];
const FIELDS = ['civil-status', 'residence', 'health-insurance', 'social-allowance', 'land', 'other'];
const KINDS = ['training', 'village-meeting', 'broadcast', 'dx-day'];
const DAY = 86_400_000;

// mulberry32
const rng = (seed: number) => () => {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

export type Rows = Record<string, Record<string, unknown>[]>;

export const villageIds = (s: Shape) => Array.from({ length: s.villages }, (_, i) => `${s.communeId}-v${i}`);
export const memberIds = (villageId: string) => Array.from({ length: 5 }, (_, i) => `${villageId}-m${i}`);

// One village's rows, table by table.
export const villageRows = (s: Shape, vi: number): Rows => {
  const r = rng(vi * 7919 + 17);
  const c = s.communeId;
  const v = `${c}-v${vi}`;
  const base = { commune_id: c, version: s.version, updated_at: s.now };
  const members = memberIds(v);
  const hh = Math.round(s.households / s.villages);
  const visitsPerVillage = Math.round(s.visits / s.villages);
  const rows: Rows = { households: [], residents: [], checklist: [], followups: [], visits: [], sessions: [], voids: [] };
  const residentsOf: string[][] = [];
  for (let h = 0; h < hh; h++) {
    const hid = `${v}-h${h}`;
    const producer = r() < 0.3;
    rows.households.push({ ...base, id: hid, clocks: '{}', village_id: v, house_label: `Số ${h + 1}`, head_name: `Chủ hộ ${h + 1}`, phone: '', flags: producer ? '["producer"]' : '[]', notes: '', removed: r() < 0.01 ? 1 : 0 });
    const people: string[] = [];
    const n = 2 + Math.floor(r() * 5);
    for (let p = 0; p < n; p++) {
      const rid = `${hid}-r${p}`;
      people.push(rid);
      rows.residents.push({ ...base, id: rid, clocks: '{}', village_id: v, household_id: hid, label: `Người ${p + 1}`, birth_year: 1940 + Math.floor(r() * 84), sex: r() < 0.5 ? 'f' : 'm', removed: 0 });
      for (const item of RESIDENT_ITEMS)
        if (r() < 0.5)
          rows.checklist.push({ ...base, id: `${item}@${rid}`, clocks: '{}', village_id: v, household_id: hid, resident_id: rid, item_id: item, state: STATES[Math.floor(r() * STATES.length)], set_by: members[0], set_at: s.now - Math.floor(r() * 365 * DAY) });
    }
    residentsOf.push(people);
    for (const item of ['fibre', 'ecommerce'])
      if (r() < 0.6)
        rows.checklist.push({ ...base, id: `${item}@${hid}`, clocks: '{}', village_id: v, household_id: hid, resident_id: null, item_id: item, state: STATES[Math.floor(r() * STATES.length)], set_by: members[0], set_at: s.now - Math.floor(r() * 365 * DAY) });
    if (r() < 0.1)
      rows.followups.push({ ...base, id: `${hid}-f`, clocks: '{}', village_id: v, household_id: hid, due_on: localDate(s.now + Math.floor((r() - 0.5) * 60) * DAY), status: 'open', visit_id: null, note: '' });
  }
  for (let k = 0; k < visitsPerVillage; k++) {
    const h = Math.floor(r() * hh);
    const m = members[Math.floor(r() * members.length)];
    const id = `${v}-vis${k}`;
    const dossiers = r() < 0.2 ? `[{"field":"${FIELDS[Math.floor(r() * FIELDS.length)]}","count":${1 + Math.floor(r() * 3)}}]` : '[]';
    rows.visits.push({
      ...base, device_id: `${m}-d`, received_at: s.now, id, village_id: v, household_id: `${v}-h${h}`, member_id: m, member_name: m, at: s.now - Math.floor(r() * 365 * DAY),
      items: `[{"itemId":"vneid","residentIds":["${residentsOf[h][0]}"],"outcome":"done"}]`, dossiers, language: 'vi', minutes: 5 + Math.floor(r() * 40), note: '', follow_up_on: null, replaces: null,
    });
    if (r() < 0.01) rows.voids.push({ ...base, device_id: `${m}-d`, received_at: s.now, id: `${id}-void`, village_id: v, target: 'visit', target_id: id, member_id: m, at: s.now, reason: '' });
  }
  for (let w = 0; w < 52; w++) {
    if (r() < 0.3) continue;
    const attendees = Array.from({ length: 5 + Math.floor(r() * 15) }, () => residentsOf[Math.floor(r() * hh)][0]);
    rows.sessions.push({
      ...base, device_id: `${members[0]}-d`, received_at: s.now, id: `${v}-s${w}`, village_id: v, member_id: members[w % 5], member_name: members[w % 5], kind: KINDS[w % KINDS.length],
      topics: '["vneid"]', attendees: attendees.length + Math.floor(r() * 20), resident_ids: JSON.stringify([...new Set(attendees)]), date: localDate(s.now - w * 7 * DAY), place: '', note: '', replaces: null,
    });
  }
  return rows;
};

export const peopleRows = (s: Shape, provinceId: string): Rows => {
  const rows: Rows = { members: [], member_villages: [], devices: [] };
  const r = rng(99);
  for (const v of villageIds(s))
    for (const m of memberIds(v)) {
      rows.members.push({ id: m, commune_id: s.communeId, province_id: provinceId, team_id: `t-${s.communeId}-${v}`, display_name: m, role: m.endsWith('m0') ? 'leader' : 'member', village_ids: JSON.stringify([v]), username: null, password_hash: null, version: s.version, created_at: s.now - 400 * DAY, updated_at: s.now, disabled_at: null });
      rows.member_villages.push({ member_id: m, village_id: v, commune_id: s.communeId, since: s.now - 400 * DAY, until: null });
      rows.devices.push({ id: `${m}-d`, member_id: m, commune_id: s.communeId, token_hash: null, label: m, last_seq: 500 + Math.floor(r() * 2000), last_sync_at: s.now - Math.floor(r() * 6 * DAY), app_build: null, created_at: s.now - 400 * DAY, expires_at: s.now + 300 * DAY, revoked_at: null });
    }
  return rows;
};

export type BulkWriter = { write: (rows: Rows) => Promise<number>; close: () => Promise<void> };

export const sqliteWriter = (file: string): BulkWriter => {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const stmts = new Map<string, BetterSqlite3.Statement>();
  const stmt = (table: string, cols: string[]) => {
    const key = `${table}|${cols.join(',')}`;
    let s = stmts.get(key);
    if (!s) stmts.set(key, (s = db.prepare(`insert into ${table} (${cols.join(',')}) values (${cols.map(() => '?').join(',')})`)));
    return s;
  };
  const tx = db.transaction((rows: Rows) => {
    let n = 0;
    for (const [table, list] of Object.entries(rows)) {
      if (!list.length) continue;
      const cols = Object.keys(list[0]);
      const s = stmt(table, cols);
      for (const row of list) s.run(cols.map((c) => row[c] as unknown));
      n += list.length;
    }
    return n;
  });
  return { write: async (rows) => tx(rows), close: async () => void db.close() };
};

// PostgreSQL: one INSERT … SELECT FROM unnest(arrays) per table and chunk (far fewer round trips than rows).
const PG_TYPES: Record<string, string> = {
  version: 'int8', updated_at: 'int8', received_at: 'int8', at: 'int8', set_at: 'int8', birth_year: 'int4', removed: 'int4', minutes: 'int4', attendees: 'int4',
  since: 'int8', until: 'int8', created_at: 'int8', last_seq: 'int8', last_sync_at: 'int8', expires_at: 'int8', revoked_at: 'int8', disabled_at: 'int8',
};

export const pgWriter = (url: string, schema: string): BulkWriter => {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  const ready = client.connect();
  return {
    write: async (rows) => {
      await ready;
      let n = 0;
      await client.query('begin');
      for (const [table, list] of Object.entries(rows)) {
        if (!list.length) continue;
        const cols = Object.keys(list[0]);
        for (let i = 0; i < list.length; i += 20_000) {
          const part = list.slice(i, i + 20_000);
          const arrays = cols.map((c) => part.map((r) => r[c] ?? null));
          const sql = `insert into ${table} (${cols.join(',')}) select * from unnest(${cols.map((c, k) => `$${k + 1}::${PG_TYPES[c] ?? 'text'}[]`).join(',')})`;
          await client.query(sql, arrays);
          n += part.length;
        }
      }
      await client.query('commit');
      return n;
    },
    close: async () => {
      await ready;
      await client.end();
    },
  };
};
