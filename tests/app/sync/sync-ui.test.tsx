// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHousehold } from '../../../src/app/store/households-repo.ts';
import { stopSync, syncNow } from '../../../src/app/sync/app-sync.ts';
import { go, renderApp } from '../screens/render.tsx';
import { createMemoryServer, V1, V2 } from './memory-server.ts';
import { closePhones, joinedPhone } from './phone.ts';

// The sync status as the member sees it: the header badge, the sync screen with what is waiting and what the
// commune refused (translated), "Gửi ngay", and the household's "xã đã xác nhận" mark.
afterEach(async () => {
  await stopSync();
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  await closePhones();
});

const badge = () => document.querySelector<HTMLAnchorElement>('.sync-badge');

describe('sync status on screen', () => {
  it('shows waiting, sends on "Gửi ngay", then all sent and confirmed by the commune', async () => {
    const server = createMemoryServer();
    vi.stubGlobal('fetch', (url: string, init: RequestInit) => server.fetch(url, init));
    const phone = await joinedPhone(server);
    const h = await createHousehold(phone.db, V1, { headName: 'Lò Văn Páo', houseLabel: 'Xóm Trên', phone: '', flags: [], notes: '' }, []);
    await createHousehold(phone.db, V1, { headName: 'Hà Thị Dung', houseLabel: '', phone: '', flags: [], notes: '' }, []);
    await renderApp('/sync', phone.db);
    await screen.findByRole('heading', { level: 1, name: 'Đồng bộ với xã' });
    await waitFor(() => expect(badge()?.textContent).toBe('2 đang chờ'));
    expect(badge()?.getAttribute('aria-label')).toBe('Đồng bộ: 2 đang chờ. Mở màn hình đồng bộ.');
    const waiting = document.querySelector('[data-list="waiting"]') as HTMLElement;
    expect(within(waiting).getByText('Hộ Lò Văn Páo — thông tin hộ')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Đang chờ gửi (2)' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Gửi ngay/ }));
    await screen.findByText('Mọi thay đổi đã được gửi lên xã.', {}, { timeout: 5000 });
    await waitFor(() => expect(badge()?.textContent).toMatch(/^Đã gửi hết lúc \d\d:\d\d$/));
    await screen.findByText('Không có thay đổi nào đang chờ gửi.');
    expect(server.port.rows('households')).toHaveLength(2);
    await go(`/households/${h.id}`, 'Lò Văn Páo');
    await screen.findByText('Xã đã xác nhận');
  });

  it('lists what the commune refused, with the reason, and asks to re-join when the token is revoked', async () => {
    const server = createMemoryServer();
    vi.stubGlobal('fetch', (url: string, init: RequestInit) => server.fetch(url, init));
    const phone = await joinedPhone(server);
    await createHousehold(phone.db, V2, { headName: 'Hộ ngoài thôn', houseLabel: '', phone: '', flags: [], notes: '' }, []);
    const h = await createHousehold(phone.db, V1, { headName: 'Lò Văn Páo', houseLabel: '', phone: '', flags: [], notes: '' }, []);
    await phone.sync.syncNow();
    await renderApp('/sync', phone.db);
    await screen.findByRole('heading', { name: 'Cần xử lý (1)' });
    const refused = document.querySelector('[data-list="attention"]') as HTMLElement;
    expect(within(refused).getByText('Hộ Hộ ngoài thôn — thông tin hộ')).toBeTruthy();
    expect(within(refused).getByText(/Bản ghi này thuộc thôn\/bản bạn không phụ trách\./)).toBeTruthy();
    await waitFor(() => expect(badge()?.textContent).toBe('1 cần xử lý'));
    // The household that went through is confirmed; the refused one is marked and links here.
    await go(`/households/${h.id}`, 'Lò Văn Páo');
    await screen.findByText('Xã đã xác nhận');
    server.device(phone.id).revoked = true;
    await go('/sync', 'Đồng bộ với xã');
    fireEvent.click(screen.getByRole('button', { name: /Kiểm tra dữ liệu mới|Gửi ngay/ }));
    await screen.findByText(/Xã đã thu hồi quyền gửi dữ liệu của máy này/, {}, { timeout: 5000 });
    await waitFor(() => expect(badge()?.textContent).toBe('Cần tham gia lại'));
    expect(screen.getByRole('link', { name: 'Tham gia tổ lại' }).getAttribute('href')).toBe('/join');
  });

  it('every refused change can be opened, exported to a file, or dismissed after a confirmation', async () => {
    const server = createMemoryServer();
    vi.stubGlobal('fetch', (url: string, init: RequestInit) => server.fetch(url, init));
    const files: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => (files.push(b as Blob), 'blob:x'));
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const phone = await joinedPhone(server);
    const out = await createHousehold(phone.db, V2, { headName: 'Hộ ngoài thôn', houseLabel: '', phone: '', flags: [], notes: '' }, []);
    await phone.sync.syncNow();
    await renderApp('/sync', phone.db);
    await screen.findByRole('heading', { name: 'Cần xử lý (1)' });
    const refused = document.querySelector('[data-list="attention"]') as HTMLElement;
    expect(within(refused).getByRole('link', { name: 'Mở hộ này' }).getAttribute('href')).toBe(`/households/${out.id}`);
    fireEvent.click(within(refused).getByRole('button', { name: 'Xuất ra tệp' }));
    await screen.findByText('Đã xuất 1 mục ra tệp.');
    const file = JSON.parse(await files[0].text());
    expect(file).toMatchObject({ kind: 'tungnha-attention', entries: [{ name: 'household.put', reason: 'scope-forbidden', args: { id: out.id } }] });
    // Dismissing asks first; cancelling keeps it. (jsdom has no modal <dialog>: read the element itself.)
    const dialog = async () => {
      await waitFor(() => expect(document.querySelector('dialog h2')?.textContent).toBe('Bỏ mục này khỏi danh sách?'));
      return document.querySelector('dialog') as HTMLElement;
    };
    fireEvent.click(within(refused).getByRole('button', { name: 'Bỏ qua' }));
    fireEvent.click(within(await dialog()).getByText('Huỷ'));
    await waitFor(() => expect(document.querySelector('dialog')).toBeNull());
    expect(await phone.db.attention.count()).toBe(1);
    fireEvent.click(within(refused).getByRole('button', { name: 'Bỏ qua' }));
    fireEvent.click(within(await dialog()).getByText('Bỏ khỏi danh sách'));
    await screen.findByRole('heading', { name: 'Cần xử lý (0)' });
    expect(await phone.db.attention.count()).toBe(0);
    await waitFor(() => expect(badge()?.textContent).not.toBe('1 cần xử lý'));
  });

  it('joins from a QR link: the code is filled in, mistakes are named, and the village arrives', { timeout: 90_000 }, async () => {
    const { createTestServer } = await import('../../server/helpers/test-server.ts');
    const real = await createTestServer({ db: 'sqlite' });
    try {
      vi.stubGlobal('fetch', (url: string, init: RequestInit) => real.fetch(url, init));
      const code = real.invites[V1]; // as printed: ABCD-2345
      await renderApp(`/join?code=${encodeURIComponent(code.toLowerCase())}`);
      await screen.findByRole('heading', { level: 1, name: 'Tham gia tổ' });
      const codeInput = screen.getByLabelText(/Mã mời/) as HTMLInputElement;
      expect(codeInput.value).toBe(code);
      expect(screen.getByRole('link', { name: /Dùng thử với xã mẫu/ }).getAttribute('href')).toBe('/start');
      fireEvent.click(screen.getByRole('button', { name: 'Tham gia tổ' }));
      await screen.findByText('Tên của bạn: không được để trống.', { selector: '.summary a' });
      expect(screen.getByText('Mã PIN: không được để trống.', { selector: '.summary a' })).toBeTruthy();
      fireEvent.input(screen.getByLabelText(/Tên của bạn/), { target: { value: 'Vàng Thị Dế' } });
      fireEvent.input(screen.getByLabelText(/Mã PIN của bạn/), { target: { value: '1357' } });
      fireEvent.input(screen.getByLabelText(/Nhập lại mã PIN/), { target: { value: '1375' } });
      fireEvent.click(screen.getByRole('button', { name: 'Tham gia tổ' }));
      await screen.findByText('Nhập lại mã PIN: chưa trùng với mã PIN ở trên.', { selector: '.summary a' });
      fireEvent.input(screen.getByLabelText(/Nhập lại mã PIN/), { target: { value: '1357' } });
      fireEvent.click(screen.getByRole('button', { name: 'Tham gia tổ' }));
      await screen.findByRole('heading', { level: 1, name: 'Chào Vàng Thị Dế' }, { timeout: 30_000 });
      await waitFor(() => expect(document.querySelector('.brand-place')?.textContent).toContain('Bản Nà Pồng'));
      await waitFor(() => expect(badge()?.textContent).toMatch(/^Đã gửi hết lúc \d\d:\d\d$/));
    } finally {
      await real.close();
    }
  });
});

describe('the sync screen opened while a sync is under way', () => {
  it('counts what is waiting, as the header badge does', async () => {
    const server = createMemoryServer();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      if (String(url).endsWith('/api/sync/push')) await gate;
      return server.fetch(url, init);
    });
    const phone = await joinedPhone(server);
    await createHousehold(phone.db, V1, { headName: 'Lò Văn Páo', houseLabel: '', phone: '', flags: [], notes: '' }, []);
    await createHousehold(phone.db, V1, { headName: 'Hà Thị Dung', houseLabel: '', phone: '', flags: [], notes: '' }, []);
    await renderApp('/', phone.db);
    const running = syncNow();
    await waitFor(() => expect(badge()?.textContent).toMatch(/2 chờ gửi$/));
    await go('/sync', 'Đồng bộ với xã');
    expect(await screen.findByRole('heading', { name: 'Đang chờ gửi (2)' })).toBeTruthy();
    open();
    await running;
    await screen.findByText('Mọi thay đổi đã được gửi lên xã.', {}, { timeout: 5000 });
  });
});
