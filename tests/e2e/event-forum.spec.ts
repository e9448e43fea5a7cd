import { expect, test } from '@playwright/test';
import { startCentralServer, startWebShellProcess, tempDir } from '../fixtures/processes';
import { callBack, choose, completeFinancingDiagnosis, completeVisit, countyTeam, expectSaved, exportedSummaryFigures, signIn } from './helpers';

const BANK = '工商银行聊城分行';
/** The bank list's name of that bank (shared/reference/banks.ts): what both steps count as. */
const LISTED_BANK = '中国工商银行聊城分行';

test('a financing need met through a forum: the diagnosis, a forum where the firm meets a bank, the loan in a follow-up; the supervisor’s summary and XLSX show the need met and the event held', async ({ browser }) => {
  test.setTimeout(240_000);
  const { port, serverUrl, serverData } = await countyTeam();
  const server = await startCentralServer({ port, dataDir: serverData });
  const officerShell = await startWebShellProcess({ dataDir: tempDir('e2e-event-officer'), serverUrl });
  const supervisorShell = await startWebShellProcess({ dataDir: tempDir('e2e-event-supervisor'), serverUrl });
  const officer = await browser.newPage();
  const supervisor = await browser.newPage();
  const base = officerShell.url.split('#')[0];
  try {
    await signIn(officer, officerShell.url, 'wang');
    await officer.getByTestId('nav-firms').click();
    await completeFinancingDiagnosis(officer, 'demo-01', { description: '技改项目缺少中长期贷款', amount: '3000' });

    // The forum: a bank takes part, two firms are invited, one comes and its financing problem is referred there.
    await officer.getByTestId('nav-events').click();
    await officer.getByTestId('new-event').click();
    await officer.locator('#event-title').fill('金融支持建筑建材行业座谈会');
    await expect(officer.locator('.ant-select', { has: officer.locator('#event-county') })).toContainText('东昌府区'); // the officer's one county, chosen for them
    await officer.locator('#event-place').fill('市住建局三楼会议室');
    await officer.locator('#event-organiser').fill('市住建局、人民银行聊城市分行');
    await officer.getByTestId('add-organisation').click();
    await officer.locator('#organisation-0-name').fill(BANK);
    const invite = async (name: string) => {
      await officer.getByTestId('event-firm-search').click();
      await officer.keyboard.type(name);
      await officer.locator('.ant-select-item-option', { hasText: name }).click();
    };
    await invite('聊城预拌混凝土有限公司');
    await invite('聊城绿筑新型墙材有限公司');
    await officer.getByTestId('attended-1').click(); // the second firm did not come
    await expect(officer.getByTestId('event-firm-1')).toContainText('未到场');
    const takeUp = officer.getByTestId('event-firm-0').locator('[data-testid^="take-up-"]').first();
    const need = ((await takeUp.getAttribute('data-testid')) ?? '').replace('take-up-', '');
    await takeUp.click();
    await officer.locator('#update-0-0-note').fill('与工商银行现场对接技改贷款');
    await officer.getByTestId('record-bank-0-0').click();
    await officer.locator('#update-0-0-bank').fill(BANK);
    await officer.locator('#event-topics').fill('绿色建材企业融资需求与银行产品对接');
    await officer.locator('#event-outcomes').fill('工商银行受理技改贷款申请');
    await expectSaved(officer);
    await officer.screenshot({ path: 'test-results/event-editor.png', fullPage: true });
    await completeVisit(officer);

    // The firm's page lists the forum, and its case stands referred to the bank.
    await officer.goto(`${base}#/firm/demo-01`);
    await expect(officer.getByTestId('firm-events')).toContainText('金融支持建筑建材行业座谈会');
    await expect(officer.getByTestId('firm-events')).toContainText('到场');
    await expect(officer.getByTestId('firm-financing')).toContainText('已推荐给银行');
    // The problem's trail says where it was taken up.
    await officer.getByTestId('firm-problems').locator('.ant-table-row-expand-icon').first().click();
    await expect(officer.getByTestId(`problem-trail-${need}`)).toContainText('活动「金融支持建筑建材行业座谈会」');
    await officer.screenshot({ path: 'test-results/firm-page-events.png', fullPage: true });

    // The follow-up: the loan received, the problem resolved.
    await officer.getByTestId('start-followup').click();
    await officer.locator('#people-met').fill('王建国');
    await officer.locator('[data-testid^="take-up-"]').first().click();
    await officer.getByTestId('record-bank-0').click();
    // The same bank under the short name the officer writes: the field says which bank it counts as.
    await officer.locator('#update-0-bank').fill('工行聊城分行');
    await expect(officer.getByTestId('financing-step-0')).toContainText(`计为：${LISTED_BANK}`);
    await choose(officer, 'update-0-stage', '资金已到位');
    await officer.locator('#update-0-amount').fill('3000');
    // The funds meet the need: the problem resolves by itself, and the officer is told why.
    await expect(officer.getByTestId('need-met-0')).toContainText('已满足融资需求');
    await expect(officer.getByTestId('followup-problem-' + need)).toContainText('已解决');
    await officer.locator('#update-0-note').fill('3000 万元技改贷款已放款');
    // Resolved: the firm is called back first (issue 31).
    await callBack(officer);
    await expectSaved(officer);
    await completeVisit(officer);
    await officer.getByRole('banner').getByTestId('sync-now').click();
    await expect(officer.getByRole('banner').getByTestId('sync-indicator')).toHaveAttribute('data-waiting', '0');

    // The supervisor pulls the consolidated visits and events of the county.
    await signIn(supervisor, supervisorShell.url, 'zhao');
    await supervisor.getByRole('banner').getByTestId('sync-now').click();
    await supervisor.getByTestId('nav-summary').click();
    await expect(supervisor.getByTestId('figure-demand-met')).toContainText('100.0%');
    await expect(supervisor.getByTestId('figure-events')).toContainText('1');
    await expect(supervisor.getByTestId('figure-firms-reached')).toContainText('1');
    await expect(supervisor.getByTestId('summary-events')).toContainText('金融支持座谈会');
    // The forum's referral (工商银行聊城分行) and the follow-up's funds (工行聊城分行) are one bank.
    await expect(supervisor.getByTestId('financing-by-bank')).toContainText(LISTED_BANK);
    await expect(supervisor.getByTestId('financing-by-bank').locator('tbody tr.ant-table-row')).toHaveCount(1);
    await supervisor.getByTestId('summary-events').screenshot({ path: 'test-results/summary-events.png' });
    const figures = await exportedSummaryFigures(supervisor);
    expect(figures.get('融资需求（万元）')).toBe(3000);
    expect(figures.get('融资需求满足率（%）')).toBe(100);
    expect(figures.get('举办活动次数')).toBe(1);
    expect(figures.get('活动覆盖企业数（到场）')).toBe(1);
    expect(figures.get(`按银行：${LISTED_BANK} 对接企业（家次）`)).toBe(1);
    expect(figures.get(`按银行：${LISTED_BANK} 到位资金（万元）`)).toBe(3000);
    expect([...figures.keys()].filter((k) => k.startsWith('按银行：'))).toHaveLength(3); // one bank: cases, approved, received
  } finally {
    await Promise.all([officerShell.stop(), supervisorShell.stop()]);
    await server.stop();
  }
});
