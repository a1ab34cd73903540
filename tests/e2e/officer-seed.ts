import { generateDemoCommune } from '../../src/core/sample/demo-commune.ts';
import { SAMPLE_VILLAGES } from '../../src/core/sample/sample-commune.ts';
import { HlcClock } from '../../src/core/sync/hlc.ts';
import { PROTOCOL, SCHEMA, type Mutation, type MutationName } from '../../src/core/sync/protocol.ts';

// Real synced data for the officer's browser tests and screenshots: the trainer demo's generated commune (five
// villages, ~300 households, six months of visits and sessions) sent to a running server the way phones send it —
// each team member joins with an invite code the officer creates, and their village's records travel in pushes of
// 100. The demo's villages land in the sample commune's five villages; one member of the last village joins but
// never syncs, so the team-activity page has a device to flag.
export type Seeded = { token: string; villages: { id: string; name: string }[]; households: number; mutations: number };

const json = async (res: Response) => {
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
};

export const seedOfficerData = async (base: string, password: string, now = Date.now()): Promise<Seeded> => {
  const post = (path: string, body: unknown, token?: string) =>
    fetch(base + path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) }).then(json);
  const { token } = await post('/api/auth/login', { username: 'admin', password });
  const demo = generateDemoCommune('officer-e2e', now);
  const villageOf = new Map(demo.villages.map((v, i) => [v.id, SAMPLE_VILLAGES[i].id]));
  const memberOf = new Map<string, string>();
  const phones = new Map<string, { token: string; deviceId: string; clock: HlcClock; seq: number; memberId: string }>();
  let n = 0;
  for (const [i, v] of demo.villages.entries()) {
    const target = SAMPLE_VILLAGES[i].id;
    const invite = await post('/api/admin/invites', { villageId: target, uses: 20, expiresInDays: 30 }, token);
    const crew = demo.members.filter((m) => m.villageIds.length === 1 && m.villageIds[0] === v.id);
    for (const m of crew) {
      const deviceId = `e2e-${i}-${++n}`;
      const joined = await post('/api/auth/join', { code: invite.code, deviceId, displayName: m.displayName, label: `Điện thoại của ${m.displayName.split(' ').at(-1)}` });
      memberOf.set(m.id, joined.member.id);
      if (!phones.has(v.id)) phones.set(v.id, { token: joined.token, deviceId, clock: new HlcClock(deviceId), seq: 0, memberId: joined.member.id });
    }
  }
  const remap = (row: Record<string, unknown>): Record<string, unknown> => {
    const out = { ...row };
    if (typeof out.villageId === 'string') out.villageId = villageOf.get(out.villageId) ?? out.villageId;
    for (const k of ['memberId', 'by'] as const) if (typeof out[k] === 'string') out[k] = memberOf.get(out[k] as string) ?? out[k];
    return out;
  };
  const queue = new Map<string, Mutation[]>();
  const add = (villageId: string, name: MutationName, row: Record<string, unknown>, at: number) => {
    const p = phones.get(villageId)!;
    const list = queue.get(villageId) ?? [];
    list.push({ seq: ++p.seq, id: String(row.id), name, args: remap(row), hlc: p.clock.send(Math.min(at, now)) });
    queue.set(villageId, list);
  };
  for (const h of demo.households) add(h.villageId, 'household.put', h, now - 170 * 86_400_000);
  for (const r of demo.residents) add(r.villageId, 'resident.put', r, now - 170 * 86_400_000);
  for (const c of demo.cells) add(c.villageId, 'checklist.set', c, c.at);
  for (const f of demo.followUps) add(f.villageId, 'followup.put', f, now);
  for (const v of demo.visits) add(v.villageId, 'visit.add', v, v.at);
  for (const s of demo.sessions) add(s.villageId, 'session.add', s, now);
  for (const x of demo.voids) add(x.villageId, x.target === 'visit' ? 'visit.void' : 'session.void', x, x.at);
  let mutations = 0;
  for (const [villageId, list] of queue) {
    const p = phones.get(villageId)!;
    for (let k = 0; k < list.length; k += 100) {
      const res = await post('/api/sync/push', { protocol: PROTOCOL, schema: SCHEMA, deviceId: p.deviceId, mutations: list.slice(k, k + 100) }, p.token);
      const refused = (res.results as { status: string; reason?: string }[]).filter((r) => r.status !== 'applied');
      if (refused.length) throw new Error(`push refused: ${JSON.stringify(refused.slice(0, 3))}`);
      mutations += list.slice(k, k + 100).length;
    }
  }
  for (const t of demo.targets) await post('/api/admin/targets', { itemId: t.itemId, unit: t.unit, value: t.value, dueOn: t.dueOn, source: t.source }, token);
  return { token, villages: SAMPLE_VILLAGES.map((v) => ({ id: v.id, name: v.name })), households: demo.households.length, mutations };
};
