import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { freePort, preparedServerData, startCentralServer, startWebShellProcess, tempDir } from '../fixtures/processes';
import { signIn } from './helpers';

/**
 * Issue 28 as the bureau's people meet it, in three browsers (three laptops) against the real
 * server: an administrator creates an officer and changes a scope on the accounts screen; an
 * officer's CSV export reaches the log with the next sync; the auditor finds all three on the
 * audit screen and exports them; the administrator is refused the log, the auditor the accounts.
 */
test('an admin manages accounts, an officer exports, the auditor finds and exports all of it; each role is refused the other’s screen', async ({ browser }) => {
  test.setTimeout(240_000);
  const port = await freePort();
  const serverUrl = `http://127.0.0.1:${port}`;
  const serverData = preparedServerData([
    { username: 'wang', county: '371502' },
    { username: 'root', county: null, role: 'admin' },
    { username: 'audi', county: null, role: 'auditor' },
  ]);
  const server = await startCentralServer({ port, dataDir: serverData });
  const shells = await Promise.all(['officer', 'admin', 'auditor'].map((who) => startWebShellProcess({ dataDir: tempDir(`e2e-audit-${who}`), serverUrl })));
  const [officer, admin, auditor] = await Promise.all(shells.map(async () => browser.newPage({ viewport: { width: 1366, height: 768 } })));
  try {
    // The officer exports the visit list; the next sync carries the record of it.
    await signIn(officer!, shells[0]!.url, 'wang');
    await officer!.getByTestId('nav-visits').click();
    const download = officer!.waitForEvent('download');
    await officer!.getByTestId('export-csv').click();
    await download;
    await officer!.getByRole('banner').getByTestId('sync-now').click();

    // The administrator: a new officer for 阳谷县, then a second county.
    await signIn(admin!, shells[1]!.url, 'root');
    await expect(admin!.getByTestId('nav-audit')).toHaveCount(0);
    await admin!.getByTestId('nav-accounts').click();
    await expect(admin!.getByTestId('account-wang')).toBeVisible();
    await admin!.getByTestId('account-create').click();
    await admin!.getByTestId('account-username').fill('liu');
    await admin!.getByTestId('account-display-name').fill('刘洋');
    await admin!.locator('.ant-modal').getByTestId('account-counties').click();
    await admin!.locator('.ant-select-dropdown:visible').getByText('阳谷县', { exact: true }).click();
    await admin!.keyboard.press('Escape');
    await admin!.getByTestId('account-password').fill('short');
    await admin!.getByTestId('account-dialog-ok').click();
    await expect(admin!.getByTestId('account-dialog-error')).toContainText('密码至少需要 10 个字符'); // the server's rule, in the dialog, nothing lost
    await admin!.getByTestId('account-password').fill('Spring-Rain-2026');
    await admin!.getByTestId('account-dialog-ok').click();
    await expect(admin!.getByTestId('account-liu')).toBeVisible();
    const liuRow = admin!.locator('tr', { has: admin!.getByTestId('account-liu') });
    await expect(liuRow).toContainText('阳谷县');
    await expect(liuRow).toContainText('待改密码');
    await admin!.getByTestId('more-liu').click();
    await admin!.getByText('变更区县').click();
    await admin!.locator('.ant-modal').getByTestId('account-counties').click();
    await admin!.locator('.ant-select-dropdown:visible').getByText('东昌府区', { exact: true }).click();
    await admin!.keyboard.press('Escape');
    await admin!.getByTestId('account-dialog-ok').click();
    await expect(liuRow).toContainText('东昌府区');
    // The administrator's own account cannot be disabled from here.
    await expect(admin!.getByTestId('disable-root')).toBeDisabled();
    await admin!.screenshot({ path: 'test-results/accounts-screen-1366.png' });

    // The auditor: the log, and nothing else.
    await signIn(auditor!, shells[2]!.url, 'audi');
    await expect(auditor!.getByTestId('nav-firms')).toHaveCount(0);
    await expect(auditor!.getByTestId('nav-accounts')).toHaveCount(0);
    await auditor!.getByTestId('nav-audit').click();
    const table = auditor!.getByTestId('audit-table');
    await expect(table).toContainText('创建账号');
    await expect(table).toContainText('变更负责区县');
    // The officer's sync may still be on its way: searched again until its record is there.
    await expect(async () => {
      await auditor!.getByTestId('audit-search').click();
      await expect(table).toContainText('导出走访记录 CSV', { timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    await auditor!.screenshot({ path: 'test-results/audit-screen-1366.png' });
    // Narrowed to one account: the officer's rows alone.
    await auditor!.getByTestId('audit-username').fill('wang');
    await auditor!.getByTestId('audit-search').click();
    await expect(table).toContainText('导出走访记录 CSV');
    await expect(table).not.toContainText('创建账号');
    const exported = auditor!.waitForEvent('download');
    await auditor!.getByTestId('audit-export').click();
    const csv = readFileSync((await (await exported).path())!, 'utf8');
    expect(csv).toContain('导出走访记录 CSV');
    expect(csv).toContain('wang');
    expect(csv).not.toContain('创建账号');
    // A link to the accounts screen opens the log instead.
    await auditor!.goto(`${shells[2]!.url.split('#')[0]}#/accounts`);
    await expect(auditor!.getByTestId('audit-page')).toBeVisible();

    // The administrator opening the log's address is refused by the server's rule, in words.
    await admin!.goto(`${shells[1]!.url.split('#')[0]}#/audit`);
    await expect(admin!.getByTestId('audit-error')).toContainText('无权执行此操作');

    // The auditor sees its own reads and the export in the log too.
    await auditor!.getByTestId('audit-username').fill('audi');
    await auditor!.getByTestId('audit-search').click();
    await expect(table).toContainText('导出审计日志');
  } finally {
    await Promise.all([officer, admin, auditor].map((p) => p?.close()));
    await Promise.all(shells.map((s) => s.stop()));
    await server.stop();
  }
});

test('an administrator keeps the bank list: a dry run that refuses a short name of two banks, then the list imported with its source', async ({ page }) => {
  test.setTimeout(120_000);
  const port = await freePort();
  const serverData = preparedServerData([{ username: 'root', county: null, role: 'admin' }]);
  const server = await startCentralServer({ port, dataDir: serverData });
  const shell = await startWebShellProcess({ dataDir: tempDir('e2e-reference'), serverUrl: `http://127.0.0.1:${port}` });
  try {
    await page.setViewportSize({ width: 1366, height: 768 });
    await signIn(page, shell.url, 'root');
    await page.getByTestId('nav-reference').click();
    const banks = page.getByTestId('reference-bank');
    await expect(banks).toContainText('中国农业银行聊城分行'); // the seeded list, with its short names
    await expect(banks).toContainText('农行聊城分行');
    const file = (rows: string[]) => ({ name: '银行目录.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF编码,名称,分组,别名\r\n${rows.join('\r\n')}\r\n`) });
    await page.getByTestId('reference-file-bank').setInputFiles(file(['B-ABC,中国农业银行聊城分行,国有大型银行,农行', 'B-DCV,聊城东昌村镇银行,村镇银行,农行']));
    await expect(page.getByTestId('reference-report-bank')).toContainText('有错误，未写入');
    await expect(page.getByTestId('reference-report-bank')).toContainText('第 3 行');
    await page.getByTestId('reference-file-bank').setInputFiles(file(['B-ABC,中国农业银行聊城分行,国有大型银行,农行、农业银行', 'B-DCV,聊城东昌村镇银行,村镇银行,东昌村镇银行']));
    await expect(page.getByTestId('reference-report-bank')).toContainText('新增 1');
    await expect(page.getByTestId('reference-apply-bank')).toBeDisabled(); // the source first
    await page.getByTestId('reference-source-bank').fill('聊城市金融办 2026 年银行名录');
    await page.getByTestId('reference-apply-bank').click();
    await expect(page.getByTestId('reference-report-bank')).toContainText('已导入');
    await expect(banks).toContainText('聊城东昌村镇银行');
    await expect(banks).toContainText('已撤销'); // the banks the file left out stay, withdrawn
    await page.screenshot({ path: 'test-results/reference-lists-1366.png' });
  } finally {
    await shell.stop();
    await server.stop();
  }
});
