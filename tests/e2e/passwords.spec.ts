import { expect, test } from '@playwright/test';
import { freePort, serverAdmin, startCentralServer, startWebShellProcess, tempDir } from '../fixtures/processes';
import { fillPatrol } from './helpers';

/**
 * Issue 29 as a new officer meets it: the first sign-in asks for a password of their own (the
 * rules ticked while typing); the laptop locks after the bureau's idle minutes (the page's clock
 * is moved on, not waited for) and unlocks offline; five wrong passwords sign it out, drafts kept.
 */
test('a new officer chooses a password, the idle laptop locks and unlocks offline, five wrong tries sign it out', async ({ page }) => {
  test.setTimeout(240_000);
  const serverData = tempDir('server');
  const made = serverAdmin(serverData, ['create-user', '--username', 'chen', '--name', '陈晓', '--role', 'officer', '--county', '371502'], 'Initial pass 2026\n');
  expect(made.status, made.stderr).toBe(0);
  expect(serverAdmin(serverData, ['seed-directory']).status).toBe(0);
  const port = await freePort();
  const server = await startCentralServer({ port, dataDir: serverData, env: { XUNLIAN_IDLE_LOCK_MINUTES: '10' } });
  const shell = await startWebShellProcess({ dataDir: tempDir('e2e'), serverUrl: `http://127.0.0.1:${port}` });
  let serverRunning = true;
  try {
    await page.clock.install();
    await page.goto(shell.url);
    await page.getByTestId('nav-account').click();
    await page.locator('#username').fill('chen');
    await page.locator('#password').fill('Initial pass 2026');
    await page.getByTestId('sign-in').click();

    // Nothing else until the officer has a password of their own.
    const gate = page.getByTestId('password-gate');
    await expect(gate).toContainText('这是您第一次登录');
    await page.getByTestId('current-password').fill('Initial pass 2026');
    await page.getByTestId('new-password').fill('chen');
    const rules = page.getByTestId('password-rules');
    await expect(rules.locator('.ant-typography-danger')).toHaveCount(3); // too short, one kind, holds the username
    await page.getByTestId('new-password').fill('Spring tea 2027');
    await expect(rules.locator('.ant-typography-success')).toHaveCount(3);
    await page.getByTestId('confirm-password').fill('Spring tea 2028');
    await page.getByTestId('save-password').click();
    await expect(gate).toContainText('两次输入的新密码不一致');
    await page.getByTestId('confirm-password').fill('Spring tea 2027');
    await page.getByTestId('save-password').click();
    await expect(gate).toHaveCount(0);
    await expect(page.getByTestId('signed-in-as')).toContainText('chen');

    // A draft, then ten idle minutes: every screen is covered.
    await page.getByTestId('nav-firms').click();
    await fillPatrol(page, 'demo-01', { peopleMet: '王经理', summary: '生产正常', conclusion: '继续跟踪' });
    await page.clock.fastForward('10:30');
    const lock = page.getByTestId('lock-screen');
    await expect(lock).toContainText('已闲置 10 分钟');
    await expect(lock).toContainText('陈晓');

    // The server goes away; the password set online unlocks offline.
    await server.stop();
    serverRunning = false;
    await page.getByTestId('unlock-password').fill('Initial pass 2026');
    await page.getByTestId('unlock').click();
    await expect(lock).toContainText('密码不正确');
    await expect(lock).toContainText('还可以再试 4 次');
    await page.getByTestId('unlock-password').fill('Spring tea 2027');
    await page.getByTestId('unlock').click();
    await expect(lock).toHaveCount(0);
    await page.getByTestId('nav-visits').click();
    await expect(page.getByTestId('visit-table')).toContainText('草稿');

    // Locked again; a reload does not open it (the main process holds the lock).
    await page.clock.fastForward('10:30');
    await expect(lock).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('lock-screen')).toBeVisible();
    await expect(page.getByTestId('lock-screen')).toContainText('还可以再试 5 次');
    await expect(page.getByTestId('lock-screen')).toContainText('陈晓（chen）');
    await expect(page.locator('.ant-message-error')).toHaveCount(0); // no screen behind the lock asked for anything
    for (let i = 1; i <= 5; i++) {
      await page.getByTestId('unlock-password').fill(`guess ${i}`);
      await page.getByTestId('unlock').click();
      if (i < 5) await expect(page.getByTestId('lock-screen')).toContainText(`还可以再试 ${5 - i} 次`);
    }
    await expect(page.getByRole('dialog')).toContainText('已退出登录');
    await expect(page.getByTestId('lock-screen')).toHaveCount(0);
    await page.getByRole('dialog').getByRole('button').click();
    await expect(page.locator('#username')).toBeVisible(); // signed out: the sign-in form
    await page.getByTestId('nav-visits').click();
    await expect(page.getByTestId('visit-table')).toContainText('草稿'); // the draft is still here
  } finally {
    await shell.stop();
    if (serverRunning) await server.stop();
  }
});
