// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePublicUrl } from '../../../src/server/http/public-url.ts';
import { createTestServer, DATABASES, type TestServer } from '../helpers/test-server.ts';

// Invites in bulk from a CSV (village, count, expiry, role): all rows or none, in the officer's commune only, each
// audited; the invite list tells the officer the public address sheets carry, and when it is unset or not https.
const NOW = Date.UTC(2026, 11, 4, 3); // 10:00 on 04/12/2026 in Vietnam
const DAY = 86_400_000;

describe.each(DATABASES)('bulk invites on %s', (db) => {
  let s: TestServer;
  let officer: string;
  const post = (path: string, body: unknown, token = officer) =>
    s.request(path, { method: 'POST', headers: { ...s.auth(token), 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const list = async (token = officer) => (await (await s.request('/api/admin/invites', { headers: s.auth(token) })).json()) as {
    invites: { code: string; villageId: string; uses: number; role: string; expiresAt: number }[];
    publicUrl: string | null;
    publicUrlProblem: string | null;
  };

  beforeAll(async () => {
    s = await createTestServer({ db, now: NOW });
    officer = await s.login();
  }, 60_000);
  afterAll(() => s?.close());

  it('creates one invite per row, with the count, expiry and role asked for', async () => {
    const before = (await list()).invites.length;
    const csv = 'Thôn, bản;Số lượng;Hạn;Vai trò\nBan Na Pong;20;31/12/2026;Thành viên\nBản Huổi Lạ;1;7;Tổ trưởng\n';
    const res = await post('/api/admin/invites/bulk', { csv });
    expect(res.status).toBe(201);
    const { invites } = (await res.json()) as { invites: { villageId: string; uses: number; role: string; expiresAt: number; createdAt: number }[] };
    // 31/12/2026 is 27 days after 04/12/2026.
    expect(invites.map((i) => [i.villageId, i.uses, i.role, i.expiresAt - i.createdAt])).toEqual([
      ['v-na-pong', 20, 'member', 27 * DAY],
      ['v-huoi-la', 1, 'leader', 7 * DAY],
    ]);
    expect((await list()).invites.length).toBe(before + 2);
    const audit = await s.ctx.store.db.selectFrom('audit_log').select('action').where('action', '=', 'invite.create').where('commune_id', '=', s.communeId).execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });

  it('a file with a bad row creates nothing and names the line', async () => {
    const before = (await list()).invites.length;
    const res = await post('/api/admin/invites/bulk', { csv: 'Thôn,Số lượng,Hạn\nBản Nà Pồng,3,10\nThôn Một,3,10\n' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { issues: unknown[] } };
    expect(body.error.issues).toEqual([{ field: 'rows.3.villageId', rule: 'unknown-village' }]); // the other commune's village
    expect((await list()).invites.length).toBe(before);
  });

  it('says which address invite sheets carry, and warns when it is unset or not https', async () => {
    s.ctx.publicUrl = null;
    expect(await list()).toMatchObject({ publicUrl: null, publicUrlProblem: 'unset' });
    s.ctx.publicUrl = 'http://192.168.1.20:8080/';
    expect(await list()).toMatchObject({ publicUrl: 'http://192.168.1.20:8080', publicUrlProblem: 'not-https' });
    s.ctx.publicUrl = 'https://tungnha.sonCuoc.gov.vn/app/';
    expect(await list()).toMatchObject({ publicUrl: 'https://tungnha.soncuoc.gov.vn/app', publicUrlProblem: null });
    expect(parsePublicUrl('ftp://x')).toEqual({ url: null, problem: 'invalid' });
    expect(parsePublicUrl('  ')).toEqual({ url: null, problem: 'unset' });
  });
});
