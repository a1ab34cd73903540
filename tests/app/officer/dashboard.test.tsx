// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { navigate } from '../../../src/app/router.ts';
import { exportInput } from '../../server/reports/export-fixture.ts';
import { renderApp } from '../screens/render.tsx';

// The officer's dashboard in the real app shell (router, lazy screens, i18n), with the server answered at the
// network edge by the hand-counted fixture: the figures shown are the ones counted by hand.
const input = exportInput();
const member = { id: 'm-officer', communeId: input.tallies.commune.id, teamId: null, displayName: 'Cán bộ xã', role: 'officer', villageIds: [] };
const calls: string[] = [];

beforeEach(() => {
  calls.length = 0;
  sessionStorage.setItem('tn.officer.token', 'test-token');
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    calls.push(`${init?.method ?? 'GET'} ${url}`);
    const ok = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    if (url.startsWith('/api/auth/me')) return ok({ member });
    if (url.startsWith('/api/reports/communes')) return ok({ communes: [input.tallies.commune] });
    if (url.startsWith('/api/reports/tallies')) return ok(input.tallies);
    if (url.startsWith('/api/reports/activity')) return ok(input.activity);
    return new Response(JSON.stringify({ error: { code: 'not-found' } }), { status: 404 });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

describe('officer dashboard', () => {
  it('shows each indicator with numerator/denominator, target, share of target and band in words', async () => {
    await renderApp('/officer?period=2026-Q3');
    await screen.findByRole('heading', { level: 1, name: 'Tổng quan kết quả' }, { timeout: 5000 });
    const table = await screen.findByRole('table', { name: /Các chỉ tiêu của Xã Nậm Tiên \(mẫu\), Quý III năm 2026/ }, { timeout: 5000 });
    const vneid = within(table).getByRole('row', { name: /Cài đặt ứng dụng VNeID/ });
    expect(vneid.textContent).toContain('60%');
    expect(vneid.textContent).toContain('3/5');
    expect(vneid.textContent).toContain('Người từ 14 tuổi trở lên');
    expect(vneid.textContent).toContain('80%');
    expect(vneid.textContent).toContain('75%');
    expect(within(vneid).getByText('Từ 50% đến 80%')).toBeTruthy();
    const health = within(table).getByRole('row', { name: /Sổ sức khỏe/ });
    expect(within(health).getByText('Chưa có chỉ tiêu')).toBeTruthy();
    expect(screen.getByText('Hạn gửi báo cáo: trước ngày 05/09/2026', { exact: false })).toBeTruthy();
    expect(screen.getByText(/Số liệu tính đến 08:59 20\/08\/2026/)).toBeTruthy();
    expect(calls).toContain('GET /api/reports/tallies?period=2026-Q3');
  });

  it('lists villages with every indicator at once, and follows the period picker', async () => {
    await renderApp('/officer?period=2026-Q3');
    const villages = await screen.findByRole('table', { name: /Kết quả từng thôn, bản/ }, { timeout: 5000 });
    expect(within(villages).getByRole('link', { name: 'Bản Nà Pồng' }).getAttribute('href')).toBe('/officer/villages/v1?period=2026-Q3');
    // No picker: the VNeID column is there beside the others.
    expect(screen.queryByLabelText('Xem chỉ tiêu')).toBeNull();
    const cell = within(villages).getByRole('row', { name: /Bản Nà Pồng/ }).querySelector('td[data-item="vneid"]')!;
    expect(cell.textContent).toContain('2/4');
    expect(cell.textContent).toContain('Đạt và vượt'); // the band in words for screen readers, beside its shape
    expect(villages.querySelectorAll('thead th').length).toBeGreaterThan(6);
    fireEvent.change(screen.getByLabelText('Kỳ'), { target: { value: '2026-Q2' } });
    await waitFor(() => expect(calls).toContain('GET /api/reports/tallies?period=2026-Q2'));
    expect(location.search).toBe('?period=2026-Q2');
  });

  it('sends an officer without a sign-in to the sign-in page, keeping where they were going', async () => {
    sessionStorage.clear();
    await renderApp('/officer/activity');
    await screen.findByRole('heading', { level: 1, name: 'Đăng nhập cán bộ xã' }, { timeout: 5000 });
    expect(location.pathname + location.search).toBe('/officer/login?next=%2Fofficer%2Factivity');
    navigate('/officer', { replace: true, force: true });
  });
});
