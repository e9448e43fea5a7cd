import { expect, test } from '@playwright/test';
import { currentCode } from '../../server/totp/totp-store';
import { freePort, preparedServerData, startCentralServer, startWebShellProcess, tempDir } from '../fixtures/processes';

/**
 * Issue 29's second factor as an administrator meets it (XUNLIAN_TOTP_ROLES=admin): the first
 * sign-in sets it up with a QR code and shows the recovery codes once; the next sign-in asks for
 * a code after the password, refuses a wrong one and takes a recovery code.
 */
test('an administrator sets up two-step verification, then signs in with it', async ({ page }) => {
  test.setTimeout(180_000);
  const port = await freePort();
  const server = await startCentralServer({ port, dataDir: preparedServerData([{ username: 'root', county: '371502', role: 'admin' }]), env: { XUNLIAN_TOTP_ROLES: 'admin' } });
  const shell = await startWebShellProcess({ dataDir: tempDir('e2e'), serverUrl: `http://127.0.0.1:${port}` });
  const signIn = async (otp?: string) => {
    await page.getByTestId('nav-account').click();
    await page.locator('#username').fill('root');
    await page.locator('#password').fill('correct horse 1');
    if (otp) await page.locator('#otp').fill(otp);
    await page.getByTestId('sign-in').click();
  };
  try {
    await page.goto(shell.url);
    await signIn();
    const gate = page.getByTestId('totp-gate');
    await expect(gate).toContainText('设置两步验证');
    await expect(page.getByTestId('totp-qr')).toBeVisible();
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    await page.getByTestId('totp-code').fill(await currentCode(secret));
    await page.getByTestId('totp-confirm').click();
    const codes = (await page.getByTestId('recovery-codes').innerText()).split('\n').map((c) => c.trim()).filter(Boolean);
    expect(codes).toHaveLength(10);
    await page.getByTestId('recovery-saved').click();
    await expect(page.getByTestId('signed-in-as')).toContainText('root');

    await page.getByTestId('sign-out').click();
    await signIn();
    await expect(page.getByText('身份验证器 App 中的 6 位动态码')).toBeVisible(); // asked for after the right password
    await page.locator('#otp').fill('000000');
    await page.getByTestId('sign-in').click();
    await expect(page.getByText('动态码不正确或已用过')).toBeVisible();
    await page.locator('#password').fill('correct horse 1');
    await page.locator('#otp').fill(codes[0]!);
    await page.getByTestId('sign-in').click();
    await expect(page.getByTestId('signed-in-as')).toContainText('root');
  } finally {
    await shell.stop();
    await server.stop();
  }
});
