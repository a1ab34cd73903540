// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TalliesReport } from '../../src/core/report/shapes.ts';
import { wirePhone, type WirePhone } from './helpers/phone.ts';
import { createTestServer, DATABASES, type TestServer } from './helpers/test-server.ts';

// The officer workspace's administration: villages (with CSV import), targets, the checklist catalogue, teams and
// roles. Every change is audited, reaches phones by pull, and stays inside the officer's commune.
describe.each(DATABASES)('officer administration on %s', (db) => {
  let s: TestServer;
  let token: string;
  let phone: WirePhone;
  // The officer's own browser pulls the whole commune (a team member's phone sees only its villages).
  let desk: WirePhone;
  let cursor = 0;
  const call = async (method: string, path: string, body?: unknown, t = token) => {
    const res = await s.request(path, { method, headers: s.auth(t), ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  // What the phone receives since its last pull.
  const pulled = async () => {
    const r = await desk.pullAll(cursor);
    cursor = r.cursor;
    return r.changes;
  };
  const audit = async () => (await call('GET', '/api/admin/audit')).body.entries as { action: string; subject: string; actorId: string; details: Record<string, unknown> }[];

  beforeAll(async () => {
    s = await createTestServer({ db });
    token = await s.login();
    phone = wirePhone(s, await s.join('v-na-pong'));
    const deskToken = await s.login(s.officer, 'officer-desk-1');
    desk = wirePhone(s, { token: deskToken, deviceId: 'officer-desk-1', member: phone.member, scope: { communeId: s.communeId, villageIds: [], wholeCommune: true } });
    await pulled();
  }, 60_000);
  afterAll(() => s?.close());

  describe('villages', () => {
    it('adds a village with its team; phones receive it; a duplicate name is refused', async () => {
      const res = await call('POST', '/api/admin/villages', { name: 'Bản Pá Khoang', kind: 'ban' });
      expect(res.status).toBe(201);
      const changes = await pulled();
      expect(changes.find((c) => c.table === 'villages' && c.id === res.body.id)?.row).toMatchObject({ name: 'Bản Pá Khoang', kind: 'ban', retired: false });
      const teams = (await call('GET', '/api/admin/teams')).body.teams as { name: string; villageIds: string[] }[];
      expect(teams.find((t) => t.villageIds.includes(res.body.id))?.name).toBe('Tổ công nghệ số cộng đồng Bản Pá Khoang');
      const dup = await call('POST', '/api/admin/villages', { name: 'bản pa khoang', kind: 'ban' });
      expect(dup).toMatchObject({ status: 400, body: { error: { code: 'invalid', issues: [{ field: 'name', rule: 'duplicate' }] } } });
      expect((await call('POST', '/api/admin/villages', { name: '', kind: 'lang' })).body.error.issues).toEqual([
        { field: 'name', rule: 'required' },
        { field: 'kind', rule: 'bad-choice' },
      ]);
    });

    it('renames and retires a village, audited', async () => {
      const list = (await call('GET', '/api/admin/villages')).body.villages as { id: string; name: string }[];
      const v = list.find((x) => x.name === 'Bản Pá Khoang')!;
      expect((await call('PUT', `/api/admin/villages/${v.id}`, { name: 'Bản Pá Khoang Mới' })).status).toBe(200);
      expect((await call('PUT', `/api/admin/villages/${v.id}`, { retired: true })).body).toMatchObject({ retired: true, name: 'Bản Pá Khoang Mới' });
      expect((await pulled()).filter((c) => c.id === v.id).at(-1)?.row).toMatchObject({ retired: true });
      const actions = (await audit()).filter((e) => e.subject === `village:${v.id}`).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['village.add', 'village.edit', 'village.retire']));
      expect((await call('POST', '/api/admin/invites', { villageId: v.id })).status).toBe(400);
    });

    it('imports a CSV all or nothing, naming each bad line', async () => {
      const before = (await call('GET', '/api/admin/villages')).body.villages.length;
      const bad = await call('POST', '/api/admin/villages/import', { csv: 'Tên thôn,Loại\nThôn Nà Hừ,thôn\n,bản\nBản Nà Pồng,bản\n' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.issues).toEqual([
        { field: 'rows.3.name', rule: 'required' },
        { field: 'rows.4.name', rule: 'duplicate' }, // the sample commune already has it
      ]);
      expect((await call('GET', '/api/admin/villages')).body.villages.length).toBe(before);
      const csv = 'Tên thôn,Loại\nThôn Nà Hừ,thôn\nBản Co Muông,bản\nTổ dân phố 5,tdp\n';
      const dry = await call('POST', '/api/admin/villages/import', { csv, dryRun: true });
      expect(dry.body).toMatchObject({ imported: 0, rows: [{ line: 2, name: 'Thôn Nà Hừ', kind: 'thon' }, { line: 3, kind: 'ban' }, { line: 4, kind: 'to-dan-pho' }] });
      expect((await call('GET', '/api/admin/villages')).body.villages.length).toBe(before);
      const done = await call('POST', '/api/admin/villages/import', { csv });
      expect(done).toMatchObject({ status: 201, body: { imported: 3 } });
      expect((await call('GET', '/api/admin/villages')).body.villages.length).toBe(before + 3);
      expect((await pulled()).filter((c) => c.table === 'villages')).toHaveLength(3);
      expect((await audit()).find((e) => e.action === 'village.import')?.details).toMatchObject({ count: 3 });
    });
  });

  describe('targets', () => {
    it('adds, changes and removes a target; phones follow; bad values are refused', async () => {
      const add = await call('POST', '/api/admin/targets', { itemId: 'vneid', unit: 'commune', value: 80, dueOn: '2026-12-31', source: 'Kế hoạch 12/KH-UBND' });
      expect(add.status).toBe(201);
      expect((await pulled()).find((c) => c.table === 'targets')?.row).toMatchObject({ itemId: 'vneid', value: 80, dueOn: '2026-12-31', communeId: s.communeId });
      const edit = await call('PUT', `/api/admin/targets/${add.body.id}`, { itemId: 'vneid', unit: 'commune', value: 90, dueOn: '2026-12-31', source: 'Kế hoạch 12/KH-UBND' });
      expect(edit.body.value).toBe(90);
      expect((await pulled()).find((c) => c.table === 'targets')?.row).toMatchObject({ value: 90 });
      const r = (await call('GET', '/api/reports/tallies')).body as TalliesReport;
      expect(r.rows.find((x) => x.villageId === '*' && x.itemId === 'vneid')?.target).toMatchObject({ value: 90 });
      expect((await call('POST', '/api/admin/targets', { itemId: 'vneid', unit: 'commune', value: 120, dueOn: '2026-12-31', source: '' })).body.error.issues).toEqual([{ field: 'value', rule: 'too-large' }]);
      expect((await call('POST', '/api/admin/targets', { itemId: 'nope', unit: 'xa', value: 50, dueOn: '2026-02-30', source: '' })).body.error.issues).toEqual([
        { field: 'unit', rule: 'bad-choice' },
        { field: 'dueOn', rule: 'bad-date' },
      ]);
      expect((await call('POST', '/api/admin/targets', { itemId: 'nope', unit: 'commune', value: 50, dueOn: '2026-12-31', source: '' })).body.error.issues).toEqual([{ field: 'itemId', rule: 'bad-choice' }]);
      expect((await call('DELETE', `/api/admin/targets/${add.body.id}`)).status).toBe(200);
      expect((await pulled()).find((c) => c.table === 'targets' && c.id === add.body.id)).toMatchObject({ deleted: true });
      const actions = (await audit()).filter((e) => e.subject === `target:${add.body.id}`).map((e) => e.action);
      expect(actions.sort()).toEqual(['target.add', 'target.edit', 'target.remove']);
    });
  });

  describe('checklist catalogue', () => {
    it('adds an item with its own rule; phones and tallies pick it up', async () => {
      const res = await call('POST', '/api/admin/catalogue', {
        level: 'resident', rule: { kind: 'age', min: 60 }, label: { vi: 'Nhận lương hưu qua tài khoản' }, short: { vi: 'Lương hưu' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ communeId: s.communeId, label: { vi: 'Nhận lương hưu qua tài khoản', en: 'Nhận lương hưu qua tài khoản' }, retired: false });
      expect((await pulled()).find((c) => c.table === 'catalogue' && c.id === res.body.id)?.row).toMatchObject({ rule: { kind: 'age', min: 60 } });
      const r = (await call('GET', '/api/reports/tallies')).body as TalliesReport;
      expect(r.items.map((i) => i.id)).toContain(res.body.id);
    });

    it('retires and restores a default item, but keeps its wording and rule', async () => {
      expect((await call('PUT', '/api/admin/catalogue/digital-signature', { retired: true })).body.retired).toBe(true);
      let r = (await call('GET', '/api/reports/tallies')).body as TalliesReport;
      expect(r.items.map((i) => i.id)).not.toContain('digital-signature');
      expect(r.rows.some((x) => x.itemId === 'digital-signature')).toBe(false);
      expect((await call('PUT', '/api/admin/catalogue/digital-signature', { retired: false })).status).toBe(200);
      r = (await call('GET', '/api/reports/tallies')).body as TalliesReport;
      expect(r.items.map((i) => i.id)).toContain('digital-signature');
      expect((await call('PUT', '/api/admin/catalogue/vneid', { rule: { kind: 'age', min: 16 } })).status).toBe(400);
      expect((await call('PUT', '/api/admin/catalogue/vneid', { label: { vi: 'Khác' } })).status).toBe(400);
      expect((await call('PUT', '/api/admin/catalogue/vneid', { order: 5 })).body.order).toBe(5);
      const actions = (await audit()).filter((e) => e.subject === 'item:digital-signature').map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['catalogue.retire', 'catalogue.restore']));
    });

    it('refuses a rule that does not fit the level, or an empty age range', async () => {
      expect((await call('POST', '/api/admin/catalogue', { level: 'household', rule: { kind: 'age', min: 18 }, label: { vi: 'X' }, short: { vi: 'X' } })).body.error.issues).toEqual([
        { field: 'rule.kind', rule: 'bad-choice' },
      ]);
      expect((await call('POST', '/api/admin/catalogue', { level: 'resident', rule: { kind: 'age', min: 60, max: 18 }, label: { vi: 'X' }, short: { vi: 'X' } })).body.error.issues).toEqual([
        { field: 'rule.max', rule: 'too-small' },
      ]);
    });
  });

  describe('teams, roles and accounts', () => {
    it('makes a member team leader and moves them between teams; phones see the change', async () => {
      const teams = (await call('GET', '/api/admin/teams')).body.teams as { id: string; villageIds: string[] }[];
      const created = await call('POST', '/api/admin/teams', { name: 'Tổ liên bản', villageIds: ['v-na-pong', 'v-huoi-la'] });
      expect(created.status).toBe(201);
      const res = await call('PUT', `/api/admin/teams/members/${phone.member.id}`, { role: 'leader', teamId: created.body.id });
      expect(res.body).toMatchObject({ role: 'leader', teamId: created.body.id });
      expect((await pulled()).find((c) => c.table === 'members' && c.id === phone.member.id)?.row).toMatchObject({ role: 'leader', teamId: created.body.id });
      const removed = await call('DELETE', `/api/admin/teams/${created.body.id}`);
      expect(removed.body).toMatchObject({ ok: true, unassigned: 1 });
      expect((await pulled()).find((c) => c.table === 'members' && c.id === phone.member.id)?.row).toMatchObject({ teamId: null });
      expect((await call('PUT', `/api/admin/teams/members/${phone.member.id}`, { teamId: teams[0].id })).body.teamId).toBe(teams[0].id);
      expect((await call('PUT', `/api/admin/teams/members/${phone.member.id}`, { role: 'admin' })).status).toBe(400);
    });

    it('creates another officer account that can sign in', async () => {
      const res = await call('POST', '/api/admin/teams/accounts', { displayName: 'Chị Hoa (văn hóa xã)', username: 'hoa.vhx', password: 'mat-khau-dai-du', role: 'officer' });
      expect(res.status).toBe(201);
      expect(res.body.username).toBe('hoa.vhx@c-sample');
      const t = await s.login({ username: 'hoa.vhx@c-sample', password: 'mat-khau-dai-du' });
      expect((await call('GET', '/api/reports/tallies', undefined, t)).status).toBe(200);
      expect((await call('POST', '/api/admin/teams/accounts', { displayName: 'X', username: 'HOA.VHX', password: 'mat-khau-dai-du', role: 'officer' })).body.error.issues).toEqual([
        { field: 'username', rule: 'duplicate' },
      ]);
      expect((await audit()).find((e) => e.action === 'account.add')?.details).toMatchObject({ username: 'hoa.vhx@c-sample', role: 'officer' });
      // Another commune's officer is `officer2`: the same name here is simply this commune's own, so the answer
      // says nothing about who exists elsewhere.
      const same = await call('POST', '/api/admin/teams/accounts', { displayName: 'Y', username: s.otherOfficer.username, password: 'mat-khau-dai-du', role: 'trainer' });
      expect(same.status).toBe(201);
      expect(same.body.username).toBe(`${s.otherOfficer.username}@c-sample`);
    });

    it('refuses weak officer passwords', async () => {
      const weak = ['aaaaaaaaaaaa', 'short1!', 'password123', 'Matkhau@2024', '1234567890', 'qwertyuiop', 'abababababab', 'lan.vhx-lan.vhx'];
      for (const password of weak) {
        const res = await call('POST', '/api/admin/teams/accounts', { displayName: 'Z', username: 'lan.vhx', password, role: 'officer' });
        expect([res.status, password, res.body.error?.issues]).toEqual([400, password, [{ field: 'password', rule: password.length < 10 ? 'too-short' : 'too-weak' }]]);
      }
      expect((await call('POST', '/api/admin/teams/accounts', { displayName: 'Z', username: 'lan.vhx', password: 'núi cao suối trong', role: 'officer' })).status).toBe(201);
    });
  });

  describe('authorisation', () => {
    it('another commune’s officer and a phone cannot change this commune', async () => {
      const other = await s.login(s.otherOfficer);
      for (const [method, path, body] of [
        ['POST', `/api/admin/villages?commune=${s.communeId}`, { name: 'X', kind: 'thon' }],
        ['PUT', `/api/admin/villages/v-na-pong?commune=${s.communeId}`, { retired: true }],
        ['POST', `/api/admin/villages/import?commune=${s.communeId}`, { csv: 'Tên\nX\n' }],
        ['POST', `/api/admin/targets?commune=${s.communeId}`, { itemId: 'vneid', unit: 'commune', value: 1, dueOn: '2026-12-31', source: '' }],
        ['PUT', `/api/admin/catalogue/vneid?commune=${s.communeId}`, { retired: true }],
        ['POST', `/api/admin/teams?commune=${s.communeId}`, { name: 'X', villageIds: ['v-na-pong'] }],
      ] as const) {
        const res = await call(method, path, body, other);
        expect(res.status, path).toBe(403);
      }
      // Their own commune has no such village, item or member.
      expect((await call('PUT', '/api/admin/villages/v-na-pong', { retired: true }, other)).status).toBe(404);
      expect((await call('PUT', `/api/admin/teams/members/${phone.member.id}`, { role: 'leader' }, other)).status).toBe(404);
      expect((await call('POST', '/api/admin/targets', { itemId: 'vneid', unit: 'commune', value: 1, dueOn: '2026-12-31', source: '' }, phone.token)).status).toBe(403);
      expect((await call('GET', '/api/admin/villages')).body.villages.find((v: { id: string }) => v.id === 'v-na-pong').retired).toBe(false);
    });
  });
});
