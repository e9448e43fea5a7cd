import { expect, test, type Page } from '@playwright/test';
import { freePort, preparedServerData, startCentralServer, startWebShellProcess, tempDir } from '../fixtures/processes';
import { completeFinancingDiagnosis, completeVisit, expectSaved, pickOption, receivedAfterSync, signIn, syncNow } from './helpers';

/**
 * Issue 27, with a real server and three web shells on 1366×768 screens: officer A's diagnosis
 * raises a financing problem; officer B of the same county syncs, sees it on the firm's page and
 * follows it up; A syncs and sees the new status and who moved it. A asks for a firm's tier to
 * change; the supervisor, with the network gone, declines it with a reason; the decision waits on
 * the laptop, goes with the next sync, and A reads the reason on the firm's page.
 */
test("the bureau's side reaches every laptop: a colleague's problem followed up, a supervisor's offline decline read by the officer who asked", async ({ browser }) => {
  test.setTimeout(300_000);
  const port = await freePort();
  const serverUrl = `http://127.0.0.1:${port}`;
  const serverData = preparedServerData([
    { username: 'wang', county: '371502' },
    { username: 'li', county: '371502' },
    { username: 'zhao', county: '371502', role: 'supervisor' },
  ]);
  let server = await startCentralServer({ port, dataDir: serverData });
  const shells = await Promise.all(['a', 'b', 'supervisor'].map((who) => startWebShellProcess({ dataDir: tempDir(`e2e-channel-${who}`), serverUrl })));
  const [shellA, shellB, shellS] = shells as [(typeof shells)[number], (typeof shells)[number], (typeof shells)[number]];
  const viewport = { width: 1366, height: 768 };
  const a = await browser.newPage({ viewport });
  const b = await browser.newPage({ viewport });
  const supervisor = await browser.newPage({ viewport });
  const firmUrl = (shell: { url: string }, firmId: string) => `${shell.url.split('#')[0]}#/firm/${firmId}`;
  const firmPage = (page: Page, shell: { url: string }, firmId: string) => page.goto(firmUrl(shell, firmId));
  try {
    await signIn(a, shellA.url, 'wang');
    await a.getByTestId('nav-firms').click();
    await completeFinancingDiagnosis(a, 'demo-01', { description: '技改项目缺少中长期贷款', amount: '3000' });
    await syncNow(a);

    // B has never visited the firm; after a sync its page lists A's problem, with who raised it.
    await signIn(b, shellB.url, 'li');
    const problems = b.getByTestId('firm-problems');
    await receivedAfterSync(b, firmUrl(shellB, 'demo-01'), () => expect(problems).toContainText('技改项目缺少中长期贷款', { timeout: 2_000 }));
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
    const mine = a.getByTestId('firm-problems');
    await receivedAfterSync(a, firmUrl(shellA, 'demo-01'), () => expect(mine).toContainText('办理中', { timeout: 2_000 }));
    await mine.locator('.ant-table-row-expand-icon').first().click();
    const trail = a.getByTestId(`problem-trail-${problemId}`);
    await expect(trail).toContainText('记录人：li');
    await expect(trail).toContainText('李专员已推荐至工商银行');
    await a.screenshot({ path: 'test-results/colleague-problem-moved.png' });

    // A asks for 聊城绿筑 to become a cultivated firm instead of a key firm.
    await firmPage(a, shellA, 'demo-02');
    await a.getByTestId('tier-request').click();
    await pickOption(a, 'tier-to', '培育企业');
    await a.locator('#tier-reason').fill('产值下降，建议调整为培育企业');
    await a.getByTestId('tier-submit').click();
    await expect(a.getByRole('dialog')).toHaveCount(0); // sent (the form closes only once the request is made)
    await expect(a.getByTestId('tier-history')).toContainText('待审核');

    // The supervisor reads the list while online, then the network goes: the decision is made all the same, and waits.
    await signIn(supervisor, shellS.url, 'zhao');
    await supervisor.getByTestId('nav-review').click();
    const tiers = supervisor.getByTestId('review-tiers');
    await expect(tiers).toContainText('产值下降，建议调整为培育企业');
    await server.stop();
    await tiers.locator('tr', { hasText: '产值下降' }).locator('[data-testid^="decline-"]').click();
    await supervisor.getByTestId('decline-reason').fill('年报产值仍达重点企业标准，暂不调整');
    await supervisor.getByTestId('decline-submit').click();
    const queued = supervisor.getByTestId('review-queued');
    await expect(queued).toContainText('聊城绿筑新型墙材有限公司');
    await expect(queued.locator('[data-state="pending"]')).toContainText('待发送');
    await expect(supervisor.getByTestId('review-offline')).toBeVisible(); // the list shown is the one last read
    await expect(tiers).not.toContainText('产值下降');
    await supervisor.screenshot({ path: 'test-results/review-offline-queued.png' });

    // The network is back: the next sync sends it, and the queue says it is in force.
    server = await startCentralServer({ port, dataDir: serverData });
    await supervisor.getByRole('banner').getByTestId('sync-now').click();
    await expect(queued.locator('[data-state="done"]')).toContainText('已生效');

    // A's next sync: the firm's page says it was declined, and why.
    await syncNow(a);
    await a.reload();
    await expect(a.getByTestId('tier-history')).toContainText('驳回理由：年报产值仍达重点企业标准，暂不调整');
    await expect(a.getByTestId('tier-history')).toContainText('zhao 决定');
    await a.screenshot({ path: 'test-results/tier-declined-officer.png' });
  } finally {
    await Promise.all([a.close(), b.close(), supervisor.close()]);
    await Promise.all(shells.map((s) => s.stop()));
    await server.stop();
  }
});
