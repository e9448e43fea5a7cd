import { expect, test } from '@playwright/test';
import { freePort, startWebShellProcess, tempDir } from '../fixtures/processes';

/** Issue 25: a tab left open across a restart of the browser shell says it is out of date, instead of showing empty screens. */
test('an old tab after a restart says to open the new link', async ({ page }) => {
  test.setTimeout(120_000);
  const dataDir = tempDir('e2e');
  const port = await freePort();
  const serverUrl = `http://127.0.0.1:${await freePort()}`;
  let shell = await startWebShellProcess({ dataDir, serverUrl, port });
  try {
    await page.goto(shell.url);
    await expect(page.getByTestId('firm-table')).toBeVisible();
    await shell.stop();
    shell = await startWebShellProcess({ dataDir, serverUrl, port }); // a new key
    await page.getByTestId('nav-visits').click();
    await expect(page.getByTestId('stale-tab')).toContainText('这个页面已过期');
    await expect(page.getByTestId('stale-tab')).toContainText('#k=');
  } finally {
    await shell.stop();
  }
});
