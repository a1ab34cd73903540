import type { Member } from '../../../src/core/model/people.ts';
import { SAMPLE_COMMUNE } from '../../../src/core/sample/sample-commune.ts';
import type { Scope } from '../../../src/core/sync/protocol.ts';
import { insertInvite } from '../../../src/server/accounts/invites.ts';
import { createMember } from '../../../src/server/accounts/members.ts';
import { hashPassword } from '../../../src/server/accounts/password.ts';
import { inCommuneWrite } from '../../../src/server/store/commune-write.ts';
import { addCommune } from '../../../src/server/store/seed.ts';
import type { FetchLike } from '../../../src/app/sync/transport.ts';
import { createTestServer, type DbChoice, type TestServer } from '../../server/helpers/test-server.ts';
import { simRosterCsv, type SimServer } from './sim.ts';

// The real server (the server engineer's Hono app on SQLite or PostgreSQL, driven with app.request, no socket) as
// the property simulation sees it. One server for a whole property run; each run gets a commune of its own, with two villages,
// an invite code per village and an officer, so runs do not see each other's records.
const OFFICER_PASSWORD = 'sim-officer-password';

type JoinAnswer = { token: string; member: Member; scope: Scope };

// `through`: the phones' requests go another way (over sockets, through tests/server/faults) to servers on the same
// database, while setting up and checking stay on this in-process one.
export type RealSimOptions = { server?: TestServer; through?: { fetch: FetchLike; setHealthy?: SimServer['setHealthy'] } };

export const createRealSimServers = async (db: DbChoice = 'sqlite', opts: RealSimOptions = {}) => {
  const s = opts.server ?? (await createTestServer({ db }));
  const officerHash = await hashPassword(OFFICER_PASSWORD);
  let runs = 0;
  // A 503 is the server saying "busy, try again" (on SQLite, another process on the same file holding the write
  // lock, as in tests/server/faults): the caller tries again, as a phone or a browser does.
  const post = async (path: string, body: unknown): Promise<JoinAnswer> => {
    for (let attempt = 1; ; attempt++) {
      const res = await s.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      if (res.status === 503 && attempt < 8) {
        await new Promise((r) => setTimeout(r, 100 * attempt));
        continue;
      }
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as JoinAnswer;
    }
  };

  const make = async (): Promise<SimServer> => {
    const k = ++runs;
    const communeId = `c-sim-${k}`;
    const villages = [`v-sim-${k}-a`, `v-sim-${k}-b`];
    const username = `officer-sim-${k}`;
    await addCommune(s.ctx, { id: SAMPLE_COMMUNE.provinceId, name: '' }, { id: communeId, name: `Xã mô phỏng ${k}`, kind: 'xa' }, [
      { id: villages[0], name: 'Thôn Trên', kind: 'thon' },
      { id: villages[1], name: 'Bản Dưới', kind: 'ban' },
    ]);
    const invites: Record<string, string> = {};
    await inCommuneWrite(s.ctx.store.db, s.ctx.store.kind, communeId, s.ctx.now(), async (w) => {
      await createMember(w, { provinceId: SAMPLE_COMMUNE.provinceId, role: 'officer', displayName: 'Cán bộ xã', teamId: null, villageIds: [], username, passwordHash: officerHash });
      for (const v of villages) invites[v] = (await insertInvite(w, { villageId: v, uses: 50, expiresInDays: 30, role: 'member', teamId: null, createdBy: null })).code;
    });
    let n = 0;
    let officerToken: string | undefined;
    const token = async () => (officerToken ??= (await post('/api/auth/login', { username, password: OFFICER_PASSWORD })).token);
    const officerCall = async (path: string, body: string, type = 'application/json') => {
      const res = await s.request(`${path}${path.includes('?') ? '&' : '?'}commune=${communeId}`, { method: 'POST', headers: { Authorization: `Bearer ${await token()}`, 'Content-Type': type }, body });
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    };
    return {
      merge: async (villageId, pick) => {
        const hs = await s.ctx.store.db.selectFrom('households').select('id').where('commune_id', '=', communeId).where('village_id', '=', villageId).where('removed', '=', 0).orderBy('id').execute();
        if (hs.length < 2) return;
        const keep = hs[pick % hs.length].id;
        const away = hs[(pick + 1) % hs.length].id;
        await officerCall('/api/admin/households/merge', JSON.stringify({ keepId: keep, mergeId: away }));
      },
      unmerge: async (villageId, pick) => {
        const merged = await s.ctx.store.db
          .selectFrom('households')
          .select(['id', 'merged_into'])
          .where('commune_id', '=', communeId)
          .where('village_id', '=', villageId)
          .where('merged_into', 'is not', null)
          .orderBy('id')
          .execute();
        if (!merged.length) return;
        const b = merged[pick % merged.length];
        // Refused (400: its month has ended, or its survivor was merged on) changes nothing.
        await officerCall('/api/admin/households/unmerge', JSON.stringify({ keepId: b.merged_into, mergeId: b.id })).catch((e: Error) => {
          if (!/: 400 /.test(e.message)) throw e;
        });
      },
      importRoster: async (villageId, count) => officerCall(`/api/admin/households/import?villageId=${villageId}`, simRosterCsv(count), 'text/csv'),
      fetch: opts.through?.fetch ?? s.fetch,
      setHealthy: opts.through?.setHealthy,
      villages,
      communeId,
      addDevice: async (deviceId, scope = {}) => {
        if (scope.wholeCommune) return post('/api/auth/login', { username, password: OFFICER_PASSWORD, deviceId });
        const want = scope.villageIds ?? [villages[0]];
        let joined = await post('/api/auth/join', { code: invites[want[0]], deviceId, displayName: `Thành viên ${++n}` });
        // A member of two villages joins with both invite codes; the second join proves it holds the first token.
        for (const v of want.slice(1))
          joined = await post('/api/auth/join', { code: invites[v], deviceId, displayName: joined.member.displayName, previousToken: joined.token });
        return joined;
      },
      lastSeq: async (deviceId) =>
        Number((await s.ctx.store.db.selectFrom('devices').select('last_seq').where('id', '=', deviceId).executeTakeFirst())?.last_seq ?? 0),
      flags: async () =>
        Number((await s.ctx.store.db.selectFrom('flags').select((eb) => eb.fn.countAll().as('n')).where('commune_id', '=', communeId).executeTakeFirstOrThrow()).n),
    };
  };
  return { make, close: () => s.close(), server: s };
};
