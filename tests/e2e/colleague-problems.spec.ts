import { expect, test, type Page } from '@playwright/test';
import { freePort, preparedServerData, startCentralServer, startWebShellProcess, tempDir } from '../fixtures/processes';
import { completeFinancingDiagnosis, completeVisit, expectSaved, signIn } from './helpers';

const syncNow = async (page: Page) => {
  await page.getByRole('banner').getByTestId('sync-now').click();
  await expect(page.getByRole('banner').getByTestId('sync-indicator')).toHaveAttribute('data-waiting', '0');
};

/**
 * Issue 27: officer A's diagnosis raises a financing problem; officer B of the same county syncs,
 * sees it on the firm's page and follows it up; A syncs and sees the new status and who moved it —
 * on a 1366×768 laptop screen, with a real central server and two web shells.
 */
test("a colleague's problem reaches the other officer of the county, who follows it up; the one who raised it sees who moved it", async ({ browser }) => {
  test.setTimeout(240_000);
  const port = await freePort();
  const serverUrl = `http://127.0.0.1:${port}`;
  const serverData = preparedServerData([
    { username: 'wang', county: '371502' },
    { username: 'li', county: '371502' },
  ]);
  const server = await startCentralServer({ port, dataDir: serverData });
  const shellA = await startWebShellProcess({ dataDir: tempDir('e2e-colleague-a'), serverUrl });
  const shellB = await startWebShellProcess({ dataDir: tempDir('e2e-colleague-b'), serverUrl });
  const viewport = { width: 1366, height: 768 };
  const a = await browser.newPage({ viewport });
  const b = await browser.newPage({ viewport });
  try {
    await signIn(a, shellA.url, 'wang');
    await a.getByTestId('nav-firms').click();
    await completeFinancingDiagnosis(a, 'demo-01', { description: '技改项目缺少中长期贷款', amount: '3000', dueDate: '2027-06-30' });
    await syncNow(a);

    // B has never visited the firm; after a sync its page lists A's problem, with who raised it.
    await signIn(b, shellB.url, 'li');
    await syncNow(b);
    await b.goto(`${shellB.url.split('#')[0]}#/firm/demo-01`);
    const problems = b.getByTestId('firm-problems');
    await expect(problems).toContainText('技改项目缺少中长期贷款');
    await problems.locator('.ant-table-row-expand-icon').first().click();
    await expect(problems.locator('[data-testid^="problem-trail-"]')).toContainText('记录人：wang');
    await b.screenshot({ path: 'test-results/colleague-problem-firm-page.png' });

    // B follows it up: referred to a bank.
    await b.getByTestId('start-followup').click();
    await b.locator('#people-met').fill('王建国');
    const takeUp = b.locator('[data-testid^="take-up-"]').first();
    const problemId = ((await takeUp.getAttribute('data-testid')) ?? '').replace('take-up-', '');
    await takeUp.click();
    await b.locator('#update-0-note').fill('李专员已推荐至工商银行');
    await expectSaved(b);
    await completeVisit(b);
    await syncNow(b);

    // A syncs: the problem is in progress, and its trail says li moved it and how.
    await syncNow(a);
    await a.goto(`${shellA.url.split('#')[0]}#/firm/demo-01`);
    const mine = a.getByTestId('firm-problems');
    await expect(mine).toContainText('办理中');
    await mine.locator('.ant-table-row-expand-icon').first().click();
    const trail = a.getByTestId(`problem-trail-${problemId}`);
    await expect(trail).toContainText('记录人：li');
    await expect(trail).toContainText('李专员已推荐至工商银行');
    await a.screenshot({ path: 'test-results/colleague-problem-moved.png' });
  } finally {
    await a.close();
    await b.close();
    await shellA.stop();
    await shellB.stop();
    await server.stop();
  }
});
