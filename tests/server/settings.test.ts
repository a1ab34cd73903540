// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityReport, TalliesReport } from '../../src/core/report/shapes.ts';
import { createTestServer, DATABASES, type TestServer } from './helpers/test-server.ts';

// The silent-device threshold is the commune's setting: a phone that joined 4 days ago and never synced is silent
// at the default 3 days, not at 5; the figures, the team activity and the export's column say the same.
const NOW = Date.UTC(2026, 11, 1, 3);
const DAY = 86_400_000;

describe.each(DATABASES)('silent-device threshold on %s', (db) => {
  let s: TestServer;
  let officer: string;
  const json = async <T>(path: string, init?: RequestInit) => (await (await s.request(path, { ...init, headers: { ...s.auth(officer), 'content-type': 'application/json' } })).json()) as T;
  const put = (days: unknown) => s.request('/api/admin/settings', { method: 'PUT', headers: { ...s.auth(officer), 'content-type': 'application/json' }, body: JSON.stringify({ silentDays: days }) });

  beforeAll(async () => {
    s = await createTestServer({ db, now: NOW });
    await s.join('v-na-pong');
    s.clock.advance(4 * DAY);
    officer = await s.login();
  }, 60_000);
  afterAll(() => s?.close());

  it('counts a device silent past the commune’s threshold, 3 days unless changed', async () => {
    expect(await json('/api/admin/settings')).toEqual({ silentDays: 3 });
    const before = await json<TalliesReport>('/api/reports/tallies');
    expect(before.total.freshness).toMatchObject({ staleDevices: 1, silentDays: 3 });
    expect((await put(5)).status).toBe(200);
    const after = await json<TalliesReport>('/api/reports/tallies');
    expect(after.total.freshness).toMatchObject({ staleDevices: 0, silentDays: 5 });
    const activity = await json<ActivityReport>('/api/reports/activity');
    expect(activity).toMatchObject({ staleDevices: 0, silentDays: 5 });
    expect((await put(2)).status).toBe(200);
    expect((await json<ActivityReport>('/api/reports/activity')).staleDevices).toBe(1);
  });

  it('takes whole days from 1 to 30, and audits the change', async () => {
    expect((await put(0)).status).toBe(400);
    expect((await put(31)).status).toBe(400);
    expect((await put(2.5)).status).toBe(400);
    const audit = await json<{ entries: { action: string; details: unknown }[] }>('/api/admin/audit?action=settings');
    expect(audit.entries[0]).toMatchObject({ action: 'settings.edit', details: { from: { silentDays: 5 }, to: { silentDays: 2 } } });
  });
});
