import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startCentralServer, startWebShellProcess, tempDir } from '../fixtures/processes';
import { countyTeam, signIn } from './helpers';

/**
 * Issue 32 on a laptop without an OS keychain (the web shell with XUNLIAN_KEY_WRAP=password, as
 * Electron on Linux without a keyring): after the first sign-in the store's key is wrapped by the
 * officer's password, and the next start shows nothing but the start screen until it is typed.
 */
test('without a keychain, the next start asks for the password before it shows any data', async ({ page }) => {
  test.setTimeout(180_000);
  const team = await countyTeam();
  const server = await startCentralServer({ port: team.port, dataDir: team.serverData });
  const dataDir = tempDir('no-keychain');
  const env = { XUNLIAN_KEY_WRAP: 'password' };
  let shell = await startWebShellProcess({ dataDir, serverUrl: team.serverUrl, env });
  try {
    await signIn(page, shell.url, 'wang');
    await page.getByTestId('nav-care').click();
    await expect(page.getByTestId('encryption-kept-by')).toContainText('您的登录密码');
    await page.getByTestId('encryption-card').screenshot({ path: 'test-results/encryption-card-password.png' });
    expect(existsSync(join(dataDir, 'store-key.password'))).toBe(true);
    await shell.stop();

    shell = await startWebShellProcess({ dataDir, serverUrl: team.serverUrl, env });
    await page.goto(shell.url);
    const start = page.getByTestId('start-screen');
    await expect(start).toContainText('打开本机数据');
    await expect(start).toContainText('wang');
    await expect(page.getByTestId('nav-firms')).toHaveCount(0);
    await page.getByTestId('start-password').fill('correct horse 2');
    await page.keyboard.press('Enter');
    await expect(start).toContainText('密码不正确');
    await page.screenshot({ path: 'test-results/start-password.png' });
    await page.getByTestId('start-password').fill('correct horse 1');
    await page.keyboard.press('Enter');
    await expect(start).toHaveCount(0);
    await page.getByTestId('nav-firms').click();
    await expect(page.getByTestId('firm-table')).toContainText('聊城');
    await expect(page.locator('.ant-message-error')).toHaveCount(0); // nothing behind the start screen asked for data
  } finally {
    await shell.stop();
    await server.stop();
  }
});
