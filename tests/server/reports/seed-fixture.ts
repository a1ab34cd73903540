import type { Mutation } from '../../../src/core/sync/protocol.ts';
import { inCommuneWrite } from '../../../src/server/store/commune-write.ts';
import { wirePhone, type WirePhone } from '../helpers/phone.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { at, CELLS, FOLLOWUPS, HOUSEHOLDS, RESIDENTS, SESSIONS, TARGETS, V1, V2, VISITS, VOIDS } from '../../core/report/fixture.ts';

// Pushes the hand-counted fixture of the core tests through the real sync protocol: two phones (one per village
// of the sample commune), records in the order a phone would send them. Member ids m1/m2 become the phones'
// members. digital-signature is then retired by the commune, as in the fixture's catalogue.
export const ROSTER_AT = at('2026-07-01', 8);
export const VILLAGE = { [V1]: 'v-na-pong', [V2]: 'v-huoi-la' } as Record<string, string>;

const remap = <T extends Record<string, unknown>>(row: T, members: Record<string, string>): T => {
  const out: Record<string, unknown> = { ...row };
  if (typeof out.villageId === 'string') out.villageId = VILLAGE[out.villageId] ?? out.villageId;
  if (typeof out.memberId === 'string') out.memberId = members[out.memberId] ?? out.memberId;
  if (typeof out.by === 'string') out.by = members[out.by] ?? out.by;
  return out as T;
};

export type Seeded = { a: WirePhone; b: WirePhone; members: Record<string, string> };

export const seedFixture = async (s: TestServer): Promise<Seeded> => {
  const a = wirePhone(s, await s.join('v-na-pong', { displayName: 'Lò Văn A' }));
  const b = wirePhone(s, await s.join('v-huoi-la', { displayName: 'Giàng Thị B' }));
  // Records name their author (memberId) apart from the phone that sends them: m2's Nà Pồng records travel on
  // phone a, as when a teammate logs on a shared phone.
  const members = { m1: a.member.id, m2: b.member.id };
  const phoneFor = (villageId: string) => (villageId === V1 ? a : b);
  const batches = new Map<WirePhone, Mutation[]>();
  const add = (villageId: string, name: Mutation['name'], args: Record<string, unknown>, at?: number) => {
    const p = phoneFor(villageId);
    batches.set(p, [...(batches.get(p) ?? []), p.m(name, remap(args, members), at)]);
  };
  // The roster was written before the first checklist cell (7 July): a period's figures read the records as
  // they stood at its end, so a household stamped later would not count in July.
  for (const h of HOUSEHOLDS) add(h.villageId, 'household.put', h, ROSTER_AT);
  for (const r of RESIDENTS) add(r.villageId, 'resident.put', r, ROSTER_AT);
  for (const c2 of CELLS) add(c2.villageId, 'checklist.set', c2, c2.at);
  for (const f of FOLLOWUPS) add(f.villageId, 'followup.put', f);
  for (const v of VISITS) add(v.villageId, 'visit.add', v, v.at);
  for (const x of SESSIONS) add(x.villageId, 'session.add', x);
  for (const x of VOIDS) add(x.villageId, x.target === 'visit' ? 'visit.void' : 'session.void', x, x.at);
  for (const [p, ms] of batches) {
    for (let i = 0; i < ms.length; i += 100) {
      const res = await p.push(ms.slice(i, i + 100));
      if (res.status !== 200) throw new Error(`push failed ${res.status} ${JSON.stringify(res.body)}`);
      const bad = (res.body.results as { status: string; seq: number; reason?: string; issues?: unknown }[]).filter((r) => r.status !== 'applied');
      // The fixture's void of a visit id as a session is refused by the server (no such session): expected.
      const unexpected = bad.filter((r) => !(r.reason === 'unknown-parent' && ms.find((m) => m.seq === r.seq)?.id === 'void3'));
      if (unexpected.length) throw new Error(`push refused: ${JSON.stringify(unexpected)}`);
    }
  }
  await inCommuneWrite(s.ctx.store.db, s.ctx.store.kind, s.communeId, s.ctx.now(), async (w) => {
    const row = await w.trx.selectFrom('catalogue').selectAll().where('commune_id', '=', s.communeId).where('id', '=', 'digital-signature').executeTakeFirstOrThrow();
    await w.trx.updateTable('catalogue').set({ retired: 1, version: await w.version() }).where('commune_id', '=', s.communeId).where('id', '=', row.id).execute();
    for (const t of TARGETS) await w.putReference('targets', { ...t, communeId: s.communeId });
  });
  return { a, b, members };
};
