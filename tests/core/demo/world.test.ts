import { describe, expect, it } from 'vitest';
import { buildDemoWorld, DEMO_INVITE_ALPHABET, DEMO_SEED, findInvite, formatDemoInvite } from '../../../src/core/demo/world.ts';
import { generateDemoCommune } from '../../../src/core/sample/demo-commune.ts';
import { MemorySyncPort } from '../../../src/core/sync/memory-port.ts';
import { handlePull } from '../../../src/core/sync/pull.ts';
import { PROTOCOL, SCHEMA } from '../../../src/core/sync/protocol.ts';

const EPOCH = Date.UTC(2026, 10, 23, 3, 15);
const byId = (rows: readonly object[]) => [...rows].sort((a, b) => ((a as { id: string }).id < (b as { id: string }).id ? -1 : 1));

describe('the demo world', () => {
  const w = buildDemoWorld(DEMO_SEED, EPOCH);
  const d = generateDemoCommune(DEMO_SEED, EPOCH);
  const port = new MemorySyncPort(structuredClone(w.state));

  it('is the generated commune, every record once, in the sync store', () => {
    expect(byId(port.rows('households'))).toEqual(byId(d.households));
    expect(byId(port.rows('residents'))).toEqual(byId(d.residents));
    expect(byId(port.rows('checklist'))).toEqual(byId(d.cells));
    expect(byId(port.rows('visits'))).toEqual(byId(d.visits));
    expect(byId(port.rows('voids'))).toEqual(byId(d.voids));
    expect(byId(port.rows('sessions'))).toEqual(byId(d.sessions));
    expect(byId(port.rows('followups'))).toEqual(byId(d.followUps));
    expect(byId(port.rows('villages'))).toEqual(byId(d.villages));
    expect(byId(port.rows('members'))).toEqual(byId(d.members));
    expect(port.rows('catalogue')).toHaveLength(d.catalogue.length);
    expect(new Set(w.state.entries.map((e) => `${e.table}|${e.id}`)).size).toBe(w.state.entries.length);
  });

  it('is the same for the same seed and epoch, and different for another seed', () => {
    expect(JSON.stringify(buildDemoWorld(DEMO_SEED, EPOCH))).toBe(JSON.stringify(w));
    expect(buildDemoWorld('other', EPOCH).invites.map((i) => i.code)).not.toEqual(w.invites.map((i) => i.code));
  });

  it('stamps versions in the order records were made, a parent never after its children', () => {
    expect(w.seedVersion).toBe(w.state.versions[d.commune.id]);
    expect(w.seedVersion).toBeGreaterThan(50);
    const version = new Map(w.state.entries.map((e) => [`${e.table}|${e.id}`, e.version]));
    for (const r of d.residents) expect(version.get(`residents|${r.id}`)).toBeGreaterThanOrEqual(version.get(`households|${r.householdId}`)!);
    for (const v of d.visits) expect(version.get(`visits|${v.id}`)).toBeGreaterThanOrEqual(version.get(`households|${v.householdId}`)!);
    // merged rows carry a clock for every field but the ones that identify them
    const h = w.state.entries.find((e) => e.table === 'households')!;
    expect(Object.keys(h.clocks!).sort()).toEqual(['code', 'flags', 'headName', 'houseLabel', 'notes', 'phone', 'removed']);
    expect(h.clocks!.headName).toMatch(/^\d{15}-0000-demo-seed$/);
  });

  it('gives one usable invite code per village and devices for the field members', () => {
    expect(w.invites).toHaveLength(5);
    for (const i of w.invites) {
      expect([...i.code].every((c) => DEMO_INVITE_ALPHABET.includes(c))).toBe(true);
      expect(findInvite(w, formatDemoInvite(i.code).toLowerCase())).toEqual(i);
      expect(i.teamId).toBe(d.teams.find((t) => t.villageIds.includes(i.villageId))!.id);
    }
    expect(findInvite(w, 'ABCD-EFGH')).toBeUndefined();
    expect(w.devices.length).toBe(d.members.filter((m) => m.role !== 'officer').length);
    expect(w.devices.filter((x) => EPOCH - x.lastSyncAt! > 3 * 86_400_000)).toHaveLength(1);
  });

  it('a phone of one village pulls that village and the commune’s reference data, in pages that never split a day', async () => {
    const village = d.villages[1].id;
    const auth = { deviceId: 'p1', memberId: 'm1', scope: { communeId: d.commune.id, villageIds: [village], wholeCommune: false } };
    let cursor = 0;
    const got = new Map<string, number>();
    for (let pages = 0; pages < 50; pages++) {
      const res = await handlePull(port, auth, { protocol: PROTOCOL, schema: SCHEMA, deviceId: 'p1', cursor, limit: 200 }, EPOCH);
      if (!('changes' in res)) throw new Error('unexpected');
      for (const c of res.changes) got.set(c.table, (got.get(c.table) ?? 0) + 1);
      cursor = res.cursor;
      if (!res.hasMore) break;
    }
    expect(got.get('households')).toBe(d.households.filter((h) => h.villageId === village).length);
    expect(got.get('residents')).toBe(d.residents.filter((r) => r.villageId === village).length);
    expect(got.get('visits')).toBe(d.visits.filter((v) => v.villageId === village).length);
    expect(got.get('villages')).toBe(1); // a village row belongs to its village, like on the server
    expect(got.get('catalogue')).toBe(d.catalogue.length);
    expect(cursor).toBe(w.seedVersion);
  });
});
