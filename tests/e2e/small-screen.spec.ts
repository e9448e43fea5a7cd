import { expect, test, type Locator, type Page } from '@playwright/test';
import { DIAGNOSIS_SECTIONS } from '../../shared/domain/answers';
import { completeFinancingDiagnosis, offlineShell } from './helpers';

/**
 * Issue 25: the screens of a county office laptop, 1366×768, asserted from element boxes —
 * ten firms wholly on the screen, the main tables without a horizontal scrollbar and their key
 * columns in view, and the diagnosis form's section menu beside its fields in every section.
 */
const box = async (locator: Locator) => (await locator.boundingBox())!;

async function noHorizontalScroll(table: Locator): Promise<void> {
  const overflow = await table.locator('.ant-table-content, .ant-table-body').first().evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(1);
}

/** Every table on the screen: none wider than its box. */
async function noTableScrolls(page: Page, where: string): Promise<void> {
  // A virtual table (the visit list) scrolls in its holder, the others in their content or body.
  const tables = page.locator('.ant-table-content, .ant-table-body, .ant-table-tbody-virtual-holder');
  await expect(tables.first()).toBeVisible();
  const overflows = await tables.evaluateAll((els) => els.map((el) => el.scrollWidth - el.clientWidth));
  for (const overflow of overflows) expect(overflow, where).toBeLessThanOrEqual(1);
}

async function inView(page: Page, locator: Locator): Promise<void> {
  const b = await box(locator);
  const viewport = page.viewportSize()!;
  expect(b.x + b.width).toBeLessThanOrEqual(viewport.width);
  expect(b.y + b.height).toBeLessThanOrEqual(viewport.height);
}

for (const size of [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
]) {
  test(`at ${size.width}×${size.height}: ten firms on screen, tables without a horizontal scrollbar, the form's menu beside its fields`, async ({ page }) => {
    test.setTimeout(180_000);
    const shell = await offlineShell();
    try {
      await page.setViewportSize(size);
      await page.goto(shell.url);
      const rows = page.getByTestId('firm-table').locator('tbody tr.ant-table-row');
      await expect(rows).toHaveCount(12);
      let whole = 0;
      for (const row of await rows.all()) {
        const b = await box(row);
        if (b.y >= 0 && b.y + b.height <= size.height) whole++;
      }
      expect(whole).toBeGreaterThanOrEqual(10);
      await noHorizontalScroll(page.getByTestId('firm-table'));

      // The diagnosis form: in each section the menu sits left of the fields, and the section starts above the fold.
      await page.getByTestId('firm-link-demo-03').click();
      await page.getByTestId('start-diagnosis').click();
      for (const [i, section] of DIAGNOSIS_SECTIONS.entries()) {
        const menu = await box(page.getByTestId('section-menu'));
        const fields = page.getByTestId('section-fields');
        const f = await box(fields);
        expect(menu.x + menu.width, section).toBeLessThanOrEqual(f.x + 1);
        const firstField = fields.locator('input, textarea, .ant-select, button').first();
        await expect(firstField).toBeVisible();
        expect((await box(firstField)).y, section).toBeLessThan(size.height);
        if (i < DIAGNOSIS_SECTIONS.length - 1) await page.getByTestId('next-section').click();
      }
      await page.getByTestId('back').click();
      await page.getByTestId('nav-firms').click();

      // A problem with a long description: urgency, deadline and status stay in view, no scrollbar.
      await completeFinancingDiagnosis(page, 'demo-01', {
        description: '流动资金紧张，两家银行的续贷审批周期长达三个月，新增订单需要的原材料采购资金缺口较大，希望协调银行加快审批并给予利率优惠',
        amount: '3000',
      });
      await page.getByTestId('nav-problems').click();
      const problems = page.getByTestId('problem-table');
      await expect(problems.locator('tbody tr.ant-table-row')).toHaveCount(1);
      await noHorizontalScroll(problems);
      const status = problems.locator('[data-testid^="problem-status-"]');
      await inView(page, status);
      // Dates and statuses never break inside: one line each (a handed demand's next deadline, issue 31).
      const due = problems.locator('[data-testid^="demand-due-"]');
      expect((await box(due)).height).toBeLessThan(30);

      // The firm page's cards (certificates, open problems, financing, events, tier, history) and the visit list.
      await problems.getByText('聊城预拌混凝土有限公司').click();
      await expect(page.getByTestId('firm-problems').locator('tbody tr.ant-table-row')).toHaveCount(1);
      await noTableScrolls(page, 'firm page');
      await inView(page, page.getByTestId('firm-problems').locator('[data-testid^="problem-status-"]'));
      await page.getByTestId('nav-visits').click();
      await expect(page.getByTestId('visit-table')).toContainText('聊城预拌混凝土有限公司');
      await noTableScrolls(page, 'visit list');
    } finally {
      await shell.stop();
    }
  });
}
