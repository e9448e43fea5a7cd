import { expect, test, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCentralServer, startWebShellProcess, tempDir } from '../fixtures/processes';
import { choose, completeFinancingDiagnosis, completeVisit, countyTeam, expectSaved, pickDate, receivedAfterSync, signIn, syncNow } from './helpers';

test.use({ actionTimeout: 30_000 });

const light = (page: Page) => page.locator('[data-testid^="demand-light-"]').first();

/** A follow-up of demo-01's open problem on `day`, as the officer records it. */
async function followUp(page: Page, url: string, day: string, fill: () => Promise<void>): Promise<void> {
  await page.goto(`${url.split('#')[0]}#/firm/demo-01`);
  await page.getByTestId('start-followup').click();
  await pickDate(page, 'visit-date', day);
  await page.locator('#people-met').fill('王建国');
  await page.locator('[data-testid^="take-up-"]').first().click();
  await fill();
  await expectSaved(page);
  await completeVisit(page);
}

/**
 * Issue 31 in Chromium with the real server: an officer hands a financing problem to 金融办 on the
 * Monday before National Day; 15 working days (the holiday skipped, the make-up Saturday counted)
 * fall due on 23 October. The test clock (the file both web shells follow) moves: yellow on
 * 20 October, red on the 26th. The supervisor's 督办 note reaches the officer's home screen; the
 * department's answer and a 满意 call-back resolve it, late; the supervisor closes it (销号); the
 * summary and the report count one demand resolved late, 100 % satisfied.
 *
 * The server keeps the real time: the test's days are past for it, so it takes the visits as any
 * late sync; moving its clock a month would end the sessions it keeps.
 */
test('a demand handed across National Day turns yellow then red, is chased, resolved late with a satisfied firm and closed for good', async ({ browser }) => {
  test.setTimeout(300_000);
  const clockFile = join(tempDir('e2e-clock'), 'now.txt');
  const setDay = (day: string) => writeFileSync(clockFile, `${day}T10:00:00+08:00`);
  setDay('2026-09-28');
  const team = await countyTeam();
  const server = await startCentralServer({ port: team.port, dataDir: team.serverData });
  const env = { XUNLIAN_TEST_CLOCK_FILE: clockFile };
  const [shellW, shellZ] = await Promise.all(['wang', 'zhao'].map((who) => startWebShellProcess({ dataDir: tempDir(`e2e-demand-${who}`), serverUrl: team.serverUrl, env })));
  const viewport = { width: 1366, height: 768 };
  const wang = await browser.newPage({ viewport });
  const zhao = await browser.newPage({ viewport });
  try {
    await signIn(wang, shellW!.url, 'wang');
    await syncNow(wang); // the departments, the calendar and the deadlines
    await wang.getByTestId('nav-firms').click();
    await completeFinancingDiagnosis(wang, 'demo-01', { description: '流动资金紧张，续贷审批周期长', amount: '2000', visitDate: '2026-09-28' });
    // The department answers the next day: the resolve deadline is the next one.
    setDay('2026-09-29');
    await followUp(wang, shellW!.url, '2026-09-29', async () => {
      await choose(wang, 'update-0-status', '办理中');
      await wang.locator('#update-0-note').fill('已转市委金融办，金融办答复正在协调两家银行');
      await choose(wang, 'update-0-department-step', '已答复');
      await wang.locator('#update-0-department-by').fill('金融办李科长');
    });
    await syncNow(wang);
    await wang.getByTestId('nav-problems').click();
    await expect(light(wang)).toHaveAttribute('data-light', 'green');
    await expect(light(wang)).toContainText('办结时限：2026-10-23');

    // 20 October: 12 of the 15 working days used — yellow.
    setDay('2026-10-20');
    await wang.reload();
    await expect(light(wang)).toHaveAttribute('data-light', 'yellow');
    // 26 October: the deadline has passed — red, one working day late.
    setDay('2026-10-26');
    await wang.reload();
    await expect(light(wang)).toHaveAttribute('data-light', 'red');
    await expect(light(wang)).toContainText('超期 1 个工作日');
    await wang.locator('.ant-table-row-expand-icon').first().click();
    await expect(wang.locator('[data-testid^="demand-panel-"]')).toContainText('2026-10-23');
    await wang.screenshot({ path: 'test-results/demand-officer-red.png' });

    // The supervisor's 督办 list: red first; a note for the officer.
    await signIn(zhao, shellZ!.url, 'zhao');
    await receivedAfterSync(zhao, `${shellZ!.url.split('#')[0]}#/supervision`, () => expect(zhao.getByTestId('supervision-table')).toContainText('流动资金紧张', { timeout: 2_000 }));
    await expect(light(zhao)).toHaveAttribute('data-light', 'red');
    await expect(zhao.getByTestId('supervision-light')).toContainText('红灯 1');
    await zhao.screenshot({ path: 'test-results/demand-supervision.png' });
    await zhao.getByTestId('supervision-table').locator('.ant-table-row-expand-icon').first().click();
    await zhao.locator('[data-testid^="demand-supervise-"]').click();
    await zhao.getByTestId('demand-dialog-text').fill('已超过办结时限，请本周内协调金融办落实续贷');
    await zhao.getByTestId('demand-dialog-ok').click();
    await expect(zhao.getByText('已生效，下次同步后各电脑可见')).toBeVisible();

    // The officer's home screen shows it after a sync.
    await receivedAfterSync(wang, `${shellW!.url.split('#')[0]}#/firms`, () => expect(wang.getByTestId('supervised')).toContainText('请本周内协调金融办落实续贷', { timeout: 2_000 }));
    await wang.screenshot({ path: 'test-results/demand-officer-home.png' });

    // Resolved on the 26th, with the firm's word: 满意.
    await followUp(wang, shellW!.url, '2026-10-26', async () => {
      await choose(wang, 'update-0-status', '已解决');
      await wang.locator('#update-0-note').fill('续贷 2000 万元已放款');
      await choose(wang, 'update-0-callback-how', '电话');
      await pickDate(wang, 'update-0-callback-on', '2026-10-26');
      await choose(wang, 'update-0-callback-verdict', '满意');
      await wang.locator('#update-0-callback-note').fill('企业对金融办的协调表示满意');
    });
    await syncNow(wang);

    // The supervisor closes it for good (销号); it leaves the officer's open list.
    await receivedAfterSync(zhao, `${shellZ!.url.split('#')[0]}#/supervision`, () => expect(zhao.getByTestId('supervision-light')).toContainText('待销号 1', { timeout: 2_000 }));
    await zhao.getByTestId('supervision-light').getByText('待销号').click();
    await zhao.getByTestId('supervision-table').locator('.ant-table-row-expand-icon').first().click();
    await expect(zhao.locator('[data-testid^="demand-callback-"]')).toContainText('企业评价：满意');
    await zhao.locator('[data-testid^="demand-close-"]').click();
    await zhao.getByTestId('demand-close-confirm').click();
    await expect(zhao.getByText('已生效，下次同步后各电脑可见')).toBeVisible();
    await receivedAfterSync(wang, `${shellW!.url.split('#')[0]}#/problems`, () => expect(wang.getByTestId('problem-table')).toContainText('没有未解决的问题', { timeout: 2_000 }));

    // The figures: one demand, resolved late, the firm satisfied.
    // (This laptop pulled the officer's visits before it closed the demand.)
    await zhao.getByTestId('nav-summary').click();
    const range = zhao.locator('.ant-picker-range input');
    await range.nth(0).click();
    await range.nth(0).fill('2026-09-01');
    await range.nth(0).press('Enter');
    await range.nth(1).fill('2026-10-31');
    await range.nth(1).press('Enter');
    await expect(zhao.getByTestId('figure-demands-handed')).toContainText('1');
    await expect(zhao.getByTestId('figure-demands-resolved')).toContainText('1');
    await expect(zhao.getByTestId('figure-demands-on-time')).toContainText('0%');
    await expect(zhao.getByTestId('figure-demands-satisfaction')).toContainText('100%');
    await zhao.getByTestId('summary-demands').getByText('按承办部门').click();
    await expect(zhao.getByTestId('demands-by-department')).toContainText('市委金融办');
    await zhao.getByTestId('summary-demands').screenshot({ path: 'test-results/demand-summary.png' });
    const filter = Buffer.from(JSON.stringify({ from: '2026-09-01', to: '2026-10-31' })).toString('base64url');
    await zhao.goto(`${shellZ!.url.split('#')[0]}#/report/${filter}`);
    await expect(zhao.getByTestId('report-demands-line')).toContainText('交办诉求 1 件，已办结 1 件（按时 0 件、超时 1 件');
    await expect(zhao.getByTestId('report-demands-line')).toContainText('满意率 100%');
    await zhao.screenshot({ path: 'test-results/demand-report.png', fullPage: true });
  } finally {
    await Promise.all([shellW?.stop(), shellZ?.stop(), server.stop()]);
  }
});
