import { expect, type Page } from '@playwright/test';

// Steps of the field app that several browser tests share.
export const firstRun = async (page: Page, name = 'Lò Thị Hoa', village = 'Bản Nà Pồng') => {
  await expect(page.getByRole('heading', { level: 1, name: 'Bắt đầu dùng Từng Nhà' })).toBeVisible();
  await page.getByLabel('Tên của bạn').fill(name);
  await page.locator('label.chip', { hasText: village }).click();
  await page.getByRole('button', { name: 'Bắt đầu' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Chào ${name}` })).toBeVisible();
};

export const addHousehold = async (page: Page, head: string, residents: { label: string; year: number }[]) => {
  await page.goto('/households/new');
  await expect(page.getByRole('heading', { level: 1, name: 'Thêm hộ mới' })).toBeVisible();
  await page.getByLabel('Tên chủ hộ').fill(head);
  await page.getByLabel('Số nhà, xóm hoặc nơi dễ nhận ra').fill('Xóm Trên, số 12');
  for (const [i, r] of residents.entries()) {
    if (i > 0) await page.getByRole('button', { name: '+ Thêm nhân khẩu' }).click();
    await page.locator(`#f-residents-${i}-label`).fill(r.label);
    await page.locator(`#f-residents-${i}-birthYear`).fill(String(r.year));
  }
  await page.getByRole('button', { name: 'Lưu hộ' }).click();
  await expect(page.getByRole('heading', { level: 1, name: head })).toBeVisible();
};

export const logVisit = async (page: Page, item: string, residents: string[]) => {
  await page.getByRole('link', { name: 'Ghi lượt hỗ trợ' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ghi lượt hỗ trợ' })).toBeVisible();
  await page.locator('label.chip', { hasText: item }).first().click();
  for (const r of residents) await page.getByRole('checkbox', { name: new RegExp(`^${r}`) }).check();
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
};

// A tally row's "done / eligible" text on the results screen.
export const tallyOf = async (page: Page, itemLabel: string) => {
  const row = page.getByRole('row', { name: new RegExp(itemLabel) });
  return (await row.locator('td small').innerText()).trim();
};

export const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name, exact: true });
