// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, DATABASES, type TestServer } from './helpers/test-server.ts';

// The audit log in words and filtered: by person, by kind (an action's group), by local dates, sign-ins apart.
const NOW = Date.UTC(2026, 11, 4, 3); // 10:00, 04/12/2026 in Vietnam

describe.each(DATABASES)('audit log filters on %s', (db) => {
  let s: TestServer;
  let officer: string;
  type Answer = { entries: { action: string; actorName: string | null; actorId: string | null }[]; actors: { id: string; name: string }[] };
  const audit = async (q: string) => (await (await s.request(`/api/admin/audit?${q}`, { headers: s.auth(officer) })).json()) as Answer;

  beforeAll(async () => {
    s = await createTestServer({ db, now: NOW });
    officer = await s.login();
    const res = await s.request('/api/admin/invites', { method: 'POST', headers: { ...s.auth(officer), 'content-type': 'application/json' }, body: JSON.stringify({ villageId: 'v-na-pong', uses: 3, expiresInDays: 7 }) });
    expect(res.status).toBe(201);
  }, 60_000);
  afterAll(() => s?.close());

  it('lists sign-ins apart from changes, and names the person', async () => {
    const signins = await audit('signins=only');
    expect(signins.entries.length).toBeGreaterThan(0);
    expect(new Set(signins.entries.map((e) => e.action))).toEqual(new Set(['auth.login']));
    const changes = await audit('signins=without');
    expect(changes.entries.some((e) => e.action === 'auth.login')).toBe(false);
    const invite = changes.entries.find((e) => e.action === 'invite.create')!;
    expect(invite.actorName).toBeTruthy();
    expect(changes.actors.map((a) => a.name)).toContain(invite.actorName);
  });

  it('filters by kind, person and dates', async () => {
    // The first start made one invite per sample village (by the system), the officer one more.
    const invites = (await audit('action=invite')).entries;
    expect(invites.map((e) => e.action)).toEqual(Array(6).fill('invite.create'));
    expect(invites.filter((e) => e.actorId === null)).toHaveLength(5);
    expect((await audit('action=invite.revoke')).entries).toEqual([]);
    const me = invites.find((e) => e.actorId !== null)!.actorId!;
    expect((await audit(`actor=${me}&action=invite`)).entries).toHaveLength(1);
    expect((await audit(`actor=${me}&signins=without`)).entries.every((e) => e.actorId === me)).toBe(true);
    expect((await audit('actor=nobody')).entries).toEqual([]);
    expect((await audit(`from=2026-12-04&to=2026-12-04&action=invite&actor=${me}`)).entries).toHaveLength(1);
    expect((await audit('to=2026-12-03')).entries).toEqual([]);
    expect((await audit('from=2026-12-05')).entries).toEqual([]);
    expect((await s.request('/api/admin/audit?from=04/12/2026', { headers: s.auth(officer) })).status).toBe(400);
  });
});
