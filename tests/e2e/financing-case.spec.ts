import { expect, test } from '@playwright/test';
import { callBack, choose, completeFinancingDiagnosis, completeVisit, expectSaved, exportedSummaryFigures, offlineShell } from './helpers';

test('a financing need followed to the loan: referred to a bank, funds received; the summary and the XLSX show the need met', async ({ page }) => {
  const shell = await offlineShell();
  try {
    await page.goto(shell.url);
    await completeFinancingDiagnosis(page, 'demo-01', { description: '技改项目缺少中长期贷款', amount: '3000' });

    // Two follow-ups: the referral, then the funds.
    const followUp = async (stage: string, note: string, amount?: string) => {
      await page.goto(`${shell.url.split('#')[0]}#/firm/demo-01`);
      await page.getByTestId('start-followup').click();
      await page.locator('#people-met').fill('王建国');
      await page.locator('[data-testid^="take-up-"]').first().click();
      // The case so far is shown before the officer adds to it.
      if (amount) await expect(page.getByTestId('financing-step-0')).toContainText('已推荐给银行');
      await page.getByTestId('record-bank-0').click();
      await page.locator('#update-0-bank').fill('工商银行聊城分行');
      await choose(page, 'update-0-stage', stage);
      if (amount) await page.locator('#update-0-amount').fill(amount);
      if (stage === '资金已到位') {
        await choose(page, 'update-0-status', '已解决');
        await callBack(page);
      }
      await page.locator('#update-0-note').fill(note);
      await expectSaved(page);
      await completeVisit(page);
    };
    await followUp('已推荐给银行', '在融资对接会上推荐给工商银行');
    await followUp('资金已到位', '3000 万元技改贷款已放款', '3000');

    // The firm's page shows where the case stands.
    await page.goto(`${shell.url.split('#')[0]}#/firm/demo-01`);
    await expect(page.getByTestId('firm-financing')).toContainText('需求已满足');
    await expect(page.getByTestId('firm-financing')).toContainText('工商银行聊城分行');

    await page.getByTestId('nav-summary').click();
    await expect(page.getByTestId('figure-demand-met')).toContainText('100.0%');
    await expect(page.getByTestId('figure-financing-received')).toContainText('3,000');
    await expect(page.getByTestId('financing-by-bank')).toContainText('工商银行聊城分行');
    await page.getByTestId('summary-financing').screenshot({ path: 'test-results/summary-financing.png' });
    const figures = await exportedSummaryFigures(page);
    expect(figures.get('融资需求（万元）')).toBe(3000);
    expect(figures.get('已到位资金（万元）')).toBe(3000);
    expect(figures.get('融资需求满足率（%）')).toBe(100);
  } finally {
    await shell.stop();
  }
});
