import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { freePort, preparedServerData, serverVisits, startCentralServer, startWebShellProcess, tempDir } from '../fixtures/processes';
import { completeVisit, fillPatrol } from './helpers';

test('a fresh install starts empty, offers sign-in or the demo, and the first sync brings the register', async ({ page }) => {
  test.setTimeout(120_000);
  const port = await freePort();
  const server = await startCentralServer({ port, dataDir: preparedServerData([{ username: 'wang', county: '371502' }]) });
  // XUNLIAN_DEMO=0: an empty store, as an installed app has.
  const shell = await startWebShellProcess({ dataDir: tempDir('e2e-fresh'), serverUrl: server.url, env: { XUNLIAN_DEMO: '0' } });
  try {
    await page.goto(shell.url);
    await expect(page.getByTestId('welcome')).toBeVisible();
    await expect(page.getByTestId('welcome-demo')).toBeVisible();
    await page.screenshot({ path: 'test-results/welcome.png' });
    await page.getByTestId('welcome-sign-in').click();
    await page.locator('#username').fill('wang');
    await page.locator('#password').fill('correct horse 1');
    await page.getByTestId('sign-in').click();
    await expect(page.getByTestId('signed-in-as')).toContainText('wang');
    await page.getByTestId('nav-firms').click();
    await expect(page.getByText('聊城预拌混凝土有限公司')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('welcome')).toHaveCount(0);
  } finally {
    await shell.stop();
    await server.stop();
  }
});

test('本机: back up, restore with a confirmation that compares the two, and export diagnostics without secrets', async ({ page }) => {
  test.setTimeout(120_000);
  const dataDir = tempDir('e2e-care');
  const serverUrl = `http://127.0.0.1:${await freePort()}`;
  let shell = await startWebShellProcess({ dataDir, serverUrl });
  try {
    await page.goto(shell.url);
    await page.getByTestId('nav-care').click();
    await expect(page.getByTestId('update-state')).toHaveAttribute('data-state', 'unavailable');
    // The data is encrypted; the web shell keeps its key in a file beside (not in) the data folder.
    await expect(page.getByTestId('encryption-kept-by')).toContainText('数据文件夹之外的密钥文件');
    await expect(page.getByTestId('encryption-card')).toContainText(`${dataDir}-keys`);
    await expect(page.getByTestId('encryption-recovery')).toContainText('尚未取得');
    await expect(page.getByTestId('encryption-card')).toContainText('尚未同步的工作无法找回');

    // A backup to another place asks for a passphrase first: a weak one cannot be used.
    await page.getByTestId('backup-to-folder').click();
    await page.locator('#backup-passphrase').fill('12345678');
    await expect(page.getByTestId('passphrase-strength')).toHaveAttribute('data-level', 'weak');
    await expect(page.getByText('口令太容易猜')).toBeVisible();
    await expect(page.getByTestId('passphrase-ok')).toBeDisabled();
    await page.locator('#backup-passphrase').fill('聊城绿色建材-2026秋');
    await expect(page.getByTestId('passphrase-strength')).not.toHaveAttribute('data-level', 'weak');
    await page.locator('#backup-passphrase-repeat').fill('聊城绿色建材-2026冬');
    await expect(page.getByText('两次输入的口令不一致')).toBeVisible();
    await expect(page.getByTestId('passphrase-ok')).toBeDisabled();
    await page.locator('#backup-passphrase-repeat').fill('聊城绿色建材-2026秋');
    await page.screenshot({ path: 'test-results/backup-passphrase.png' });
    const outside = page.waitForEvent('download');
    await page.getByTestId('passphrase-ok').click();
    const outsideBytes = readFileSync((await (await outside).path())!);
    expect(outsideBytes.length).toBeGreaterThan(4096);
    expect(outsideBytes.subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
    expect(outsideBytes.includes(Buffer.from('聊城预拌混凝土有限公司'))).toBe(false);

    await page.getByTestId('backup-now').click();
    const rows = page.getByTestId('backup-list').locator('tbody tr.ant-table-row');
    await expect(rows).toHaveCount(1);

    // A visit after the backup, so the confirmation shows the difference.
    await page.getByTestId('nav-firms').click();
    await page.getByTestId('firm-link-demo-01').click();
    await page.getByTestId('start-patrol').click();
    await page.locator('#summary').fill('巡查：备份之后的记录');
    await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');

    await page.getByTestId('nav-visits').click();
    await expect(page.getByTestId('visit-total')).toHaveText('共 1 条');
    await page.getByTestId('nav-care').click();
    await rows.first().getByRole('button').click();
    const confirm = page.getByTestId('restore-confirm');
    await expect(confirm).toContainText('备份中有 0 条走访');
    await expect(confirm).toContainText('本机当前有 1 条走访');
    await page.screenshot({ path: 'test-results/restore-confirm.png' });
    await page.getByTestId('restore-ok').click();
    await expect(page.getByText('请关闭并重新启动巡链以完成恢复。')).toBeVisible();
    await expect(page.getByTestId('restore-pending')).toBeVisible();
    // A restore chosen by mistake is called off before the restart…
    await page.getByTestId('cancel-restore').click();
    await expect(page.getByTestId('restore-pending')).toHaveCount(0);
    // …and chosen again.
    await rows.first().getByRole('button').click();
    await page.getByTestId('restore-ok').click();
    await expect(page.getByTestId('restore-pending')).toBeVisible();

    const download = page.waitForEvent('download');
    await page.getByTestId('export-diagnostics').click();
    const diagnostics = readFileSync((await (await download).path())!, 'utf8');
    expect(JSON.parse(diagnostics).store.integrityCheck).toBe('ok');
    expect(diagnostics).not.toContain('备份之后的记录');

    // The restart finishes the restore: the patrol is gone, the data before it is kept as a backup.
    await shell.stop();
    shell = await startWebShellProcess({ dataDir, serverUrl });
    await page.goto(shell.url);
    // After the restart it says the restore was done, and where the data from before it is.
    await expect(page.getByTestId('restore-done')).toContainText('从备份恢复本机数据');
    await expect(page.getByTestId('restore-done')).toContainText('before-restore-');
    await page.getByTestId('nav-visits').click();
    await expect(page.getByTestId('visit-total')).toHaveText('共 0 条');
    await page.getByTestId('nav-care').click();
    await expect(rows).toHaveCount(2);
    await expect(page.getByTestId('backup-list')).toContainText('恢复前的数据');
    await expect(page.getByTestId('restore-pending')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/care.png', fullPage: true });
    await page.getByTestId('restore-done').locator('.ant-alert-close-icon').click();
    await expect(page.getByTestId('restore-done')).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('backup-list')).toBeVisible();
    await expect(page.getByTestId('restore-done')).toHaveCount(0); // read once, gone for good
  } finally {
    await shell.stop();
  }
});

test('the demo profile is marked everywhere, kept apart from the real data, and never syncs', async ({ page }) => {
  test.setTimeout(150_000);
  const port = await freePort();
  const server = await startCentralServer({ port, dataDir: preparedServerData([{ username: 'wang', county: '371502' }]) });
  const dataDir = tempDir('e2e-demo');
  const start = () => startWebShellProcess({ dataDir, serverUrl: server.url, env: { XUNLIAN_DEMO: '0' } });
  let shell = await start();
  try {
    await page.goto(shell.url);
    await page.getByTestId('welcome-demo').click();
    // The browser shell cannot restart itself: the choice is shown (a dialog, then on the welcome screen) until it does.
    await expect(page.getByRole('dialog')).toContainText('已选择演示数据');
    await page.getByTestId('switch-understood').click();
    await expect(page.getByTestId('profile-pending')).toContainText('Ctrl+C');
    await shell.stop();
    shell = await start();
    await page.goto(shell.url);
    await expect(page.getByTestId('demo-banner')).toHaveText('演示数据 · 不会同步到服务器');
    await fillPatrol(page, 'demo-01', { peopleMet: '王建国（总经理）', summary: '演示巡查', conclusion: '演示' });
    await completeVisit(page);
    // No sign-in in the demo profile (the main process refuses it too), so nothing can reach the server.
    await page.getByTestId('nav-account').click();
    await expect(page.getByTestId('demo-no-sign-in')).toBeVisible();
    await expect(page.getByTestId('sign-in')).toHaveCount(0);
    expect((await serverVisits(server.url)).total).toBe(0);
    await page.screenshot({ path: 'test-results/demo-profile.png' });

    await page.getByTestId('leave-demo').click();
    // The switch is written before the shell says to restart: only then may it stop.
    await expect(page.getByRole('dialog')).toContainText('已选择正式数据');
    await shell.stop();
    shell = await start();
    await page.goto(shell.url);
    await expect(page.getByTestId('welcome')).toBeVisible(); // the real profile is still empty: no demo firm leaked into it
  } finally {
    await shell.stop();
    await server.stop();
  }
});
