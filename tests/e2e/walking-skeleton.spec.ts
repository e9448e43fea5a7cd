import { expect, test } from '@playwright/test';
import { completeVisit, fillPatrol } from './helpers';
import { gzipSync } from 'node:zlib';
import { readFileSync, statSync } from 'node:fs';
import { openSqlite } from '../../db/sqlite';
import { storeKeyOf } from '../fixtures/store-key';
import { join } from 'node:path';
import { deviceTokenOf, freePort, preparedServerData, serverVisits, startCentralServer, startWebShellProcess, tempDir } from '../fixtures/processes';

test('an officer signs in, completes a visit offline; it syncs exactly once when the server comes up', async ({ page }) => {
  const port = await freePort();
  const serverUrl = `http://127.0.0.1:${port}`;
  const serverData = preparedServerData([{ username: 'wang', county: '371502' }]);
  const dataDir = tempDir('e2e');
  const shell = await startWebShellProcess({ dataDir, serverUrl });
  let server: Awaited<ReturnType<typeof startCentralServer>> | null = await startCentralServer({ port, dataDir: serverData });
  try {
    await page.goto(shell.url);
    await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'signedOut');

    // Sign in once, online: the laptop gets a device token, kept in a user-only file in the web shell.
    await page.getByTestId('nav-account').click();
    await page.locator('#username').fill('wang');
    await page.locator('#password').fill('wrong password');
    await page.getByTestId('sign-in').click();
    await expect(page.getByText('用户名或密码错误')).toBeVisible();
    await page.locator('#password').fill('correct horse 1');
    await page.getByTestId('sign-in').click();
    await expect(page.getByTestId('signed-in-as')).toContainText('wang');
    await expect(page.getByTestId('token-storage')).toContainText('仅当前用户可读');
    await server.stop();
    server = null;
    await page.getByTestId('nav-firms').click();
    await expect(page.getByTestId('firm-table')).toContainText('聊城预拌混凝土有限公司');

    // Search narrows the directory.
    await page.getByTestId('firm-search').locator('input').fill('冠县');
    await expect(page.getByTestId('firm-table').locator('tbody tr')).toHaveCount(1);
    await page.getByTestId('firm-search').locator('input').fill('');

    // A patrol (巡链) visit: the short check-in.
    await fillPatrol(page, 'demo-01', { peopleMet: '王建国（总经理）', summary: '生产正常，流动资金紧张，贷款审批周期长', conclusion: '建议召开银企对接会' });

    // A reload mid-survey restores every field from the store.
    await page.reload();
    await expect(page.locator('#people-met')).toHaveValue('王建国（总经理）');
    await expect(page.locator('#summary')).toHaveValue('生产正常，流动资金紧张，贷款审批周期长');
    await expect(page.locator('#conclusion')).toHaveValue('建议召开银企对接会');

    await completeVisit(page);
    await page.getByTestId('nav-visits').click();
    const tag = page.locator('[data-testid^="sync-state-"]').first();
    await expect(tag).toHaveAttribute('data-state', 'waiting');
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'offline');

    server = await startCentralServer({ port, dataDir: serverData });
    // On the visit's own page, its tag follows the sync (issue 25: 待同步 stayed after 已全部同步).
    await page.goBack();
    const pageTag = page.locator('[data-testid^="sync-state-"]').first();
    await expect(pageTag).toHaveAttribute('data-state', 'waiting');
    await page.getByTestId('sync-now').click();
    await expect(pageTag).toHaveAttribute('data-state', 'synced');
    await page.getByTestId('nav-visits').click();
    await expect(tag).toHaveAttribute('data-state', 'synced');
    await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'idle');

    const token = deviceTokenOf(dataDir);
    expect(statSync(join(dataDir, 'device-token')).mode & 0o077).toBe(0);
    const held = await serverVisits(serverUrl, token);
    expect(held.total).toBe(1);

    // Pushing the very same batch again changes nothing.
    const db = openSqlite(join(dataDir, 'xunlian.db'), { key: storeKeyOf(dataDir) }, { readonly: true });
    const payloads = (db.prepare('SELECT payload FROM outbox').all() as { payload: string }[]).map((r) => JSON.parse(r.payload) as unknown);
    db.close();
    const again = await fetch(`${serverUrl}/api/v1/visits/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify({ protocol: 1, visits: payloads })),
    });
    expect(((await again.json()) as { results: { status: string }[] }).results).toEqual([expect.objectContaining({ status: 'duplicate' })]);
    expect(await serverVisits(serverUrl, token)).toEqual(held);

    // Export: a CSV download with a BOM and the visit in it.
    const download = page.waitForEvent('download');
    await page.getByTestId('export-csv').click();
    const file = await (await download).path();
    const csv = readFileSync(file);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).toContain('流动资金紧张');
  } finally {
    await server?.stop();
    await shell.stop();
  }
});

test('the completion form names missing fields, in Chinese and in English', async ({ page }) => {
  const shell = await startWebShellProcess({ dataDir: tempDir('e2e'), serverUrl: `http://127.0.0.1:${await freePort()}` });
  try {
    await page.goto(shell.url);
    await page.getByTestId('firm-link-demo-02').click();
    await page.getByTestId('start-diagnosis').click();
    await page.getByTestId('complete-visit').click();
    await expect(page.getByText('必填').first()).toBeVisible();
    await page.getByTestId('switch-lang').click();
    await expect(page.getByText('Required').first()).toBeVisible();
  } finally {
    await shell.stop();
  }
});

test('the page cannot reach other origins (CSP)', async ({ page }) => {
  const shell = await startWebShellProcess({ dataDir: tempDir('e2e'), serverUrl: `http://127.0.0.1:${await freePort()}` });
  try {
    await page.goto(shell.url);
    await expect(page.getByTestId('firm-table')).toBeVisible();
    const blocked = await page.evaluate(async () => {
      try {
        await fetch('http://example.invalid/');
        return false;
      } catch {
        return true;
      }
    });
    expect(blocked).toBe(true); // CSP connect-src 'self'
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("default-src 'self'");
  } finally {
    await shell.stop();
  }
});
