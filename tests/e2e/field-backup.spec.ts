import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { addHousehold, firstRun, logVisit, nav } from './field-helpers.ts';

// A phone with no signal for weeks hands its records to another phone in a file: exported from Settings on one,
// imported on the other, with nothing lost and nothing queued twice.
const YEAR = new Date().getFullYear();

test('exports all data to a file and another phone imports it once', async ({ browser }) => {
  const a = await browser.newContext({ locale: 'vi-VN', acceptDownloads: true });
  const pageA = await a.newPage();
  await pageA.goto('/');
  await firstRun(pageA, 'Giàng Thị Mỷ');
  await addHousehold(pageA, 'Giàng A Páo', [
    { label: 'Giàng A Páo', year: YEAR - 50 },
    { label: 'Vàng Thị Dế', year: YEAR - 47 },
  ]);
  await logVisit(pageA, 'Cài VNeID', ['Giàng A Páo']);
  await expect(pageA.getByText('Đã lưu lượt hỗ trợ.')).toBeVisible();
  await pageA.goto('/settings');
  const [download] = await Promise.all([pageA.waitForEvent('download'), pageA.getByRole('button', { name: 'Xuất dữ liệu ra tệp' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^tungnha-\d{4}-\d{2}-\d{2}-.{8}\.json$/);
  const file = test.info().outputPath('backup.json');
  await download.saveAs(file); // downloads go with their context
  const backup = JSON.parse(fs.readFileSync(file, 'utf8'));
  expect(backup.tables.households).toHaveLength(1);
  expect(backup.tables.outbox).toHaveLength(5); // household, 2 residents, visit, 1 checklist cell
  await a.close();

  const b = await browser.newContext({ locale: 'vi-VN' });
  const pageB = await b.newPage();
  await pageB.goto('/');
  await firstRun(pageB, 'Lò Thị Hoa');
  await pageB.goto('/settings');
  await pageB.locator('#f-import').setInputFiles(file);
  const result = pageB.getByTestId('import-result');
  await expect(result).toContainText('5 bản ghi mới được thêm vào máy');
  await expect(result).toContainText('5 thay đổi chưa gửi của máy kia sẽ được gửi từ máy này');
  await pageB.locator('#f-import').setInputFiles([]);
  await pageB.locator('#f-import').setInputFiles(file);
  await expect(result).toContainText('0 thay đổi chưa gửi của máy kia sẽ được gửi từ máy này');
  await expect(result).toContainText('0 bản ghi mới được thêm vào máy');
  await nav(pageB, 'Hộ gia đình').click();
  await pageB.getByRole('link', { name: /Giàng A Páo/ }).click();
  await expect(pageB.getByRole('button', { name: 'Cài VNeID — Giàng A Páo: Đã xong' })).toBeVisible();
  await expect(pageB.getByText('Giàng Thị Mỷ')).toBeVisible();
  await nav(pageB, 'Trang chủ').click();
  await expect(pageB.getByTestId('unsent')).toHaveText('5 thay đổi đã lưu trên máy, chưa gửi');
  await b.close();
});
