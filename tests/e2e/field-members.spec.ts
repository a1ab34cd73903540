import { expect, test, type Page } from '@playwright/test';
import { SAMPLE_COMMUNE } from '../../src/core/sample/sample-commune.ts';
import { addHousehold, logVisit } from './field-helpers.ts';
import { badge, joinInUi, officer } from './sync-helpers.ts';

// A shared phone (DESIGN §1): two members join one phone with two invite codes, each logs visits with no signal,
// both sync, and the officer sees two members with each visit attributed to whoever logged it. Then the lock: idle
// for the set minutes, the phone shows nothing of the member's data until the PIN; and signing out refuses while
// changes are unsent.
const PASSWORD = 'e2e-admin-pass';
const YEAR = new Date().getFullYear();
const HOA = { name: 'Lò Thị Hoa', pin: '1357' };
const TU = { name: 'Giàng A Tú', pin: '2468' };
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screens/members-${name}.png`, fullPage: true });

const switchTo = async (page: Page, who: { name: string; pin: string }) => {
  await page.goto('/members');
  await page.locator('.members-list li').filter({ hasText: who.name }).getByRole('button', { name: 'Chuyển sang' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Máy đang khoá' })).toBeVisible();
  await expect(page.getByText(`Máy đang khoá cho ${who.name}`)).toBeVisible();
  await page.getByLabel('Mã PIN').fill(who.pin);
  await page.getByRole('button', { name: 'Mở khoá' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Chào ${who.name}` })).toBeVisible();
};

test('two members on one phone log visits offline; the officer sees each visit under who logged it', async ({ page, context, baseURL }) => {
  test.setTimeout(150_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 360, height: 740 });
  const admin = await officer(baseURL!, PASSWORD);
  const [codeHoa, codeTu] = [await admin.invite('v-huoi-la', 2), await admin.invite('v-huoi-la', 2)];

  await joinInUi(page, baseURL!, codeHoa, HOA.name, HOA.pin);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // A healthy phone's join screen offers to add another member (not "this phone must re-join").
  await page.goto('/members');
  await shot(page, '01-one-member');
  await page.getByRole('link', { name: 'Thêm thành viên khác' }).click();
  await expect(page.getByRole('radio', { name: 'Một thành viên khác dùng chung máy này' })).toBeChecked();
  await shot(page, '02-add-member');
  await joinInUi(page, baseURL!, codeTu, TU.name, TU.pin, '&mode=add');
  await expect(page.locator('header')).toContainText(`Người dùng: ${TU.name}`);

  await context.setOffline(true);
  await addHousehold(page, 'Hộ anh Tú ghi', [{ label: 'Thào A Dế', year: YEAR - 40 }]);
  await logVisit(page, 'VNeID mức 2', ['Thào A Dế']);
  await expect(page.getByText('Đã lưu lượt hỗ trợ.')).toBeVisible();

  await switchTo(page, HOA);
  await shot(page, '03-home-hoa');
  // Hoa's phone shows none of Tú's records.
  await page.goto('/households');
  await expect(page.getByText('Hộ anh Tú ghi')).toHaveCount(0);
  await addHousehold(page, 'Hộ chị Hoa ghi', [{ label: 'Lò Văn Páo', year: YEAR - 50 }]);
  await logVisit(page, 'VNeID mức 2', ['Lò Văn Páo']);
  await expect(page.getByText('Đã lưu lượt hỗ trợ.')).toBeVisible();

  await context.setOffline(false);
  // Each member's phone sends their own outbox once it is in use again with signal.
  await page.goto('/sync');
  await expect(badge(page)).toHaveText(/^Đã gửi hết/, { timeout: 30_000 });
  await switchTo(page, TU);
  // Each member's phone sends their own outbox once it is in use again with signal.
  await page.goto('/sync');
  await expect(badge(page)).toHaveText(/^Đã gửi hết/, { timeout: 30_000 });
  await page.goto('/members');
  await expect(page.locator('.members-list li')).toHaveCount(2);
  await shot(page, '04-two-members');

  // The officer: two members, each visit under its own member.
  const members = (await admin.call('/api/admin/members')) as { members?: { displayName: string; id: string }[] } | { displayName: string; id: string }[];
  const list = Array.isArray(members) ? members : (members.members ?? []);
  const hoa = list.find((m) => m.displayName === HOA.name);
  const tu = list.find((m) => m.displayName === TU.name);
  expect(hoa && tu && hoa.id !== tu.id).toBe(true);
  const village = await admin.call(`/api/reports/villages/v-huoi-la/households?commune=${SAMPLE_COMMUNE.id}`);
  const byHead = new Map<string, string>(village.households.map((h: { id: string; headName: string }) => [h.headName, h.id]));
  for (const [head, who] of [['Hộ anh Tú ghi', TU.name], ['Hộ chị Hoa ghi', HOA.name]] as const) {
    const detail = await admin.call(`/api/reports/households/${byHead.get(head)}?commune=${SAMPLE_COMMUNE.id}`);
    expect(detail.visits.map((v: { memberName: string }) => v.memberName)).toEqual([who]);
  }
  expect(errors).toEqual([]);
});

test('locks after the idle minutes and shows nothing of the member until the PIN', async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  await page.clock.install();
  await page.setViewportSize({ width: 360, height: 740 });
  const admin = await officer(baseURL!, PASSWORD);
  await joinInUi(page, baseURL!, await admin.invite('v-khe-mat', 1), HOA.name, HOA.pin);
  await addHousehold(page, 'Hộ Bí Mật Văn A', [{ label: 'Bí Mật Văn A', year: YEAR - 30 }]);
  await page.goto('/members');
  await page.getByLabel('Tự khoá khi không dùng trong').selectOption('1');
  await page.goto('/households');
  await expect(page.getByText('Hộ Bí Mật Văn A')).toBeVisible();
  await page.clock.fastForward('01:10');
  await expect(page.getByRole('heading', { level: 1, name: 'Máy đang khoá' })).toBeVisible();
  await expect(page.getByText('Hộ Bí Mật Văn A')).toBeHidden();
  expect(await page.locator('body').innerText()).not.toContain('Bí Mật');
  await shot(page, '05-locked');
  // A reload does not open it.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Máy đang khoá' })).toBeVisible();
  await expect(page.getByText('Hộ Bí Mật Văn A')).toBeHidden();
  // Wrong PINs back off: three tries, then a wait even for the right one.
  for (let i = 0; i < 3; i++) {
    await page.getByLabel('Mã PIN').fill('0000');
    await page.getByRole('button', { name: 'Mở khoá' }).click();
    await expect(page.getByText(/Sai mã PIN/)).toBeVisible();
  }
  await expect(page.getByText(/Hãy chờ 30 giây/)).toBeVisible();
  await page.getByLabel('Mã PIN').fill(HOA.pin);
  await page.getByRole('button', { name: 'Mở khoá' }).click();
  await expect(page.getByText(/Hãy chờ \d+ giây/)).toBeVisible();
  await expect(page.getByText('Hộ Bí Mật Văn A')).toBeHidden();
  await page.clock.fastForward('00:31');
  await page.getByLabel('Mã PIN').fill(HOA.pin);
  await page.getByRole('button', { name: 'Mở khoá' }).click();
  await expect(page.getByText('Hộ Bí Mật Văn A')).toBeVisible();
});

test('signing out refuses while changes are unsent, and goes ahead once they are exported', async ({ page, context, baseURL }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 360, height: 740 });
  const admin = await officer(baseURL!, PASSWORD);
  await joinInUi(page, baseURL!, await admin.invite('v-lang-chua', 1), TU.name, TU.pin);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await context.setOffline(true);
  await addHousehold(page, 'Hộ chưa gửi', [{ label: 'Vàng A Chứ', year: YEAR - 33 }]);
  await page.goto('/members');
  await expect(page.getByText('Còn 2 thay đổi chưa gửi và chưa xuất ra tệp.')).toBeVisible();
  await page.getByRole('button', { name: 'Đăng xuất khỏi máy này' }).click();
  await expect(page.getByRole('dialog').getByRole('alert')).toContainText('Chưa đăng xuất được: còn 2 thay đổi chưa gửi');
  await shot(page, '06-signout-refused');
  const download = page.waitForEvent('download');
  await page.getByRole('dialog').getByRole('button', { name: 'Xuất dữ liệu ra tệp' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.json$/);
  await expect(page.getByRole('dialog').getByRole('button', { name: 'Đăng xuất và xoá' })).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: 'Đăng xuất và xoá' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bắt đầu dùng Từng Nhà' })).toBeVisible();
  // Her database is gone: the phone starts over (a fresh, empty one).
  const households = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('tungnha');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('households')) return db.close(), resolve(0);
          const req = db.transaction('households').objectStore('households').count();
          req.onsuccess = () => (db.close(), resolve(req.result));
        };
      }),
  );
  expect(households).toBe(0);
});
