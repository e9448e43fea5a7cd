import { expect, test } from '@playwright/test';
import { startCentralServer, startWebShellProcess, tempDir } from '../fixtures/processes';
import { completeVisit, countyTeam, expectSaved, pickOption, signIn } from './helpers';

const CODE = '91371502MA3R8T2W4C';

test('an officer adds a firm offline and diagnoses it; it syncs as proposed; the supervisor confirms it and decides its tier; both laptops see the register', async ({ browser }) => {
  test.setTimeout(180_000);
  const { port, serverUrl, serverData } = await countyTeam();
  let server: Awaited<ReturnType<typeof startCentralServer>> | null = await startCentralServer({ port, dataDir: serverData });
  const officerShell = await startWebShellProcess({ dataDir: tempDir('e2e-officer'), serverUrl });
  const supervisorShell = await startWebShellProcess({ dataDir: tempDir('e2e-supervisor'), serverUrl });
  const officer = await browser.newPage();
  const supervisor = await browser.newPage();
  try {
    await signIn(officer, officerShell.url, 'wang');
    await server.stop();
    server = null;

    // Offline: a firm found in the field, and a patrol visit to it.
    await officer.getByTestId('nav-firms').click();
    await officer.getByTestId('add-firm').click();
    await officer.locator('#firm-name-input').fill('聊城新发现绿色建材有限公司');
    await officer.locator('#credit-code').fill(CODE);
    if (await officer.getByTestId('use-implied-county').isVisible()) await officer.getByTestId('use-implied-county').click();
    await officer.getByTestId('save-firm').click();
    await expect(officer.getByTestId('firm-name')).toHaveText('聊城新发现绿色建材有限公司');
    await expect(officer.getByTestId('register-state')).toHaveAttribute('data-state', 'local');
    await officer.getByTestId('start-diagnosis').click();
    await officer.locator('#people-0-name').fill('刘经理');
    await officer.getByTestId('section-conclusion').click();
    await officer.locator('#conclusion').fill('新建生产线，提交名录待确认');
    await expectSaved(officer);
    await completeVisit(officer);

    // Back online: the firm goes first, as proposed, then its visit.
    server = await startCentralServer({ port, dataDir: serverData });
    await officer.getByRole('banner').getByTestId('sync-now').click();
    await expect(officer.getByRole('banner').getByTestId('sync-indicator')).toHaveAttribute('data-waiting', '0');
    await officer.getByTestId('nav-firms').click();
    await officer.getByTestId('firm-search').locator('input').fill('新发现');
    await officer.getByTestId('firm-table').getByText('聊城新发现绿色建材有限公司').click();
    await expect(officer.getByTestId('register-state')).toHaveAttribute('data-state', 'proposed');

    // The officer asks for the firm to be a cultivated key firm.
    await officer.getByTestId('tier-request').click();
    await pickOption(officer, 'tier-to', '培育企业');
    await officer.locator('#tier-reason').fill('新建绿色建材生产线，拟纳入培育');
    await officer.getByTestId('tier-submit').click();
    await expect(officer.getByText('已提交申请，等待科室负责人审核')).toBeVisible();
    await expect(officer.getByTestId('tier-history')).toContainText('待审核');
    // …and, wrongly, for a 专精特新 level the firm does not hold yet.
    await officer.getByTestId('tier-request').click();
    await pickOption(officer, 'tier-field', '专精特新');
    await pickOption(officer, 'tier-to', '创新型中小企业');
    await officer.locator('#tier-reason').fill('企业称已申报创新型中小企业');
    await officer.getByTestId('tier-submit').click();
    await expect(officer.getByTestId('tier-history')).toContainText('企业称已申报创新型中小企业');

    // The supervisor confirms the firm and approves the request.
    await signIn(supervisor, supervisorShell.url, 'zhao');
    // A supervisor of one county is offered that county in the filters, not all eight.
    await supervisor.getByTestId('nav-firms').click();
    await supervisor.locator('#filter-county').click();
    await expect(supervisor.locator('.ant-select-dropdown:visible .ant-select-item-option')).toHaveText(['东昌府区']);
    await supervisor.keyboard.press('Escape');
    await supervisor.getByTestId('nav-review').click();
    await expect(supervisor.getByTestId('review-proposed')).toContainText('聊城新发现绿色建材有限公司');
    // Every decision is confirmed first; cancelling changes nothing.
    await supervisor.getByTestId('review-proposed').getByRole('button', { name: '确认入库' }).click();
    await expect(supervisor.getByRole('dialog')).toContainText('把“聊城新发现绿色建材有限公司”收入企业名录？');
    await supervisor.getByTestId('cancel-decision').click();
    await expect(supervisor.getByTestId('review-proposed')).toContainText('聊城新发现绿色建材有限公司');
    await supervisor.getByTestId('review-proposed').getByRole('button', { name: '确认入库' }).click();
    await supervisor.getByTestId('confirm-decision').click();
    await expect(supervisor.getByTestId('review-proposed')).toContainText('没有待处理的事项');
    const tiers = supervisor.getByTestId('review-tiers');
    await expect(tiers).toContainText('新建绿色建材生产线，拟纳入培育');
    await tiers.locator('tr', { hasText: '新建绿色建材生产线' }).locator('[data-testid^="approve-"]').click();
    await supervisor.getByTestId('confirm-decision').click();
    await expect(tiers).not.toContainText('新建绿色建材生产线');
    // A decline says why: without a reason it is not sent.
    await tiers.locator('tr', { hasText: '企业称已申报' }).locator('[data-testid^="decline-"]').click();
    await supervisor.getByTestId('decline-submit').click();
    await expect(supervisor.getByRole('dialog')).toContainText('请写明不同意的理由');
    await supervisor.getByTestId('decline-reason').fill('尚未取得认定文件，取得后再申请');
    await supervisor.getByTestId('decline-submit').click();
    await expect(tiers).toContainText('没有待处理的事项');
    // The key-firm list of today has the firm, entered today with its reason.
    await supervisor.getByTestId('nav-summary').click();
    await supervisor.getByTestId('key-firms-show').click();
    await expect(supervisor.getByTestId('key-firm-changes')).toContainText('聊城新发现绿色建材有限公司');
    await expect(supervisor.getByTestId('key-firm-changes')).toContainText('新进入');
    await expect(supervisor.getByTestId('key-firm-table')).toContainText('聊城新发现绿色建材有限公司');
    // The supervisor's pull brings the officer's visit to the new firm.
    await supervisor.getByRole('banner').getByTestId('sync-now').click();
    await supervisor.getByTestId('nav-visits').click();
    await expect(supervisor.locator('main')).toContainText('聊城新发现绿色建材有限公司');
    // …counted in the supervisors' summary…
    await supervisor.getByTestId('nav-summary').click();
    await expect(supervisor.getByTestId('figure-visits')).toContainText('1');
    // …and the confirmed firm is in the firm handbook, printed from the supervisor's copy of the register.
    await supervisor.getByTestId('handbook-print').click();
    await expect(supervisor.getByTestId('report')).toHaveAttribute('data-ready', 'true');
    await expect(supervisor.getByTestId('handbook-toc')).toContainText('东昌府区 · 中游制造');
    const entry = supervisor.getByTestId('handbook-entry').filter({ hasText: '聊城新发现绿色建材有限公司' });
    await expect(entry).toContainText('91371502MA3R8T2W4C');
    await expect(entry).toContainText('培育企业');
    await expect(entry).not.toContainText('尚未诊链'); // its diagnosis date is there
    await expect(entry).not.toContainText('刘经理'); // contacts left out unless asked for

    // The officer's next sync brings the register's word: confirmed, cultivated.
    await officer.getByRole('banner').getByTestId('sync-now').click();
    await officer.reload();
    await expect(officer.getByTestId('register-state')).toHaveCount(0);
    await expect(officer.getByTestId('tier-history')).toContainText('已生效');
    await expect(officer.getByTestId('tier-history')).toContainText('驳回理由：尚未取得认定文件，取得后再申请');
    await expect(officer.locator('main')).toContainText('培育企业');
  } finally {
    await officer.close();
    await supervisor.close();
    await officerShell.stop();
    await supervisorShell.stop();
    await server?.stop();
  }
});
