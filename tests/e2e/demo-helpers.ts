import AxeBuilder from '@axe-core/playwright';
import { expect, type BrowserContext, type FrameLocator, type Page, type Request } from '@playwright/test';

// Shared steps of the demo's browser tests: the phone inside the stage's frame, the figures on the stage, the
// network log, axe.
export const PHONE = 'iframe[name="tungnha-demo-phone"]';
export const phoneOf = (page: Page): FrameLocator => page.frameLocator(PHONE);
export const YEAR = new Date().getFullYear();

export const ready = async (page: Page) => {
  await page.waitForSelector('html[data-demo-ready]', { timeout: 30_000 });
};

// A commune indicator's tile: "numerator / denominator".
export const tile = async (page: Page, itemId: string): Promise<[number, number]> => {
  const text = await page.locator(`.ds-tile[data-item="${itemId}"] .ds-tile-frac`).innerText();
  const [n, d] = text.split('/').map((x) => Number(x.replace(/\D/g, '')));
  return [n, d];
};

export const signal = (page: Page) => page.getByRole('switch', { name: /Sóng \(giả lập\)/ });

export const addHouseholdOnPhone = async (phone: FrameLocator, head: string, residents: { label: string; year: number }[]) => {
  await phone.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Hộ gia đình', exact: true }).click();
  await phone.getByRole('link', { name: 'Thêm hộ' }).first().click();
  await phone.getByLabel('Tên chủ hộ').fill(head);
  await phone.getByLabel('Số nhà, xóm hoặc nơi dễ nhận ra').fill('Bản Trên, số 40');
  for (const [i, r] of residents.entries()) {
    if (i > 0) await phone.getByRole('button', { name: '+ Thêm nhân khẩu' }).click();
    await phone.locator(`#f-residents-${i}-label`).fill(r.label);
    await phone.locator(`#f-residents-${i}-birthYear`).fill(String(r.year));
  }
  await phone.getByRole('button', { name: 'Lưu hộ' }).click();
  await expect(phone.getByRole('heading', { level: 1, name: head })).toBeVisible();
};

export const logVisitOnPhone = async (phone: FrameLocator, item: string, residents: string[]) => {
  await phone.getByRole('link', { name: 'Ghi lượt hỗ trợ' }).click();
  await expect(phone.getByRole('heading', { level: 1, name: 'Ghi lượt hỗ trợ' })).toBeVisible();
  await phone.locator('label.chip', { hasText: item }).first().click();
  for (const r of residents) await phone.getByRole('checkbox', { name: new RegExp(`^${r}`) }).check();
  await phone.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(phone.getByText('Đã lưu lượt hỗ trợ.')).toBeVisible();
};

export const axeProblems = async (page: Page, name: string): Promise<string[]> => {
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return axe.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${name}: ${v.id} (${v.impact}) — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
};

// Every request the pages and the service worker make, with whether the service worker answered it from its cache.
export type Logged = { url: string; method: string; byWorker: boolean; fromCache?: boolean; failed?: string; body: boolean };
export const networkLog = (context: BrowserContext) => {
  const log: Logged[] = [];
  const entries = new Map<Request, Logged>();
  context.on('request', (r) => {
    const e: Logged = { url: r.url(), method: r.method(), byWorker: !!r.serviceWorker(), body: !!r.postData() };
    entries.set(r, e);
    log.push(e);
  });
  context.on('requestfinished', async (r) => {
    const e = entries.get(r);
    const res = await r.response().catch(() => null);
    if (e && res) e.fromCache = res.fromServiceWorker();
  });
  context.on('requestfailed', (r) => {
    const e = entries.get(r);
    if (e) e.failed = r.failure()?.errorText ?? 'failed';
  });
  return log;
};
