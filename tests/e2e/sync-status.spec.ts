import { expect, test, type Page } from '@playwright/test';
import type { SyncProblem } from '../../shared/api/contract';
import { deviceTokenOf, freePort, preparedServerData, startCentralServer, startWebShellProcess, tempDir } from '../fixtures/processes';
import { startMisbehavingServer, type Misbehaviour } from '../fixtures/misbehaving-server';
import { CATALOGUES, TECHNICAL, type Lang } from './catalogue-text';
import { completeVisit, fillPatrol } from './helpers';

/** What the bar and its tooltip say, read from the rendered page. */
async function shown(page: Page, lang: Lang = 'zh-CN'): Promise<{ bar: string; tip: string[] }> {
  const bar = (await page.getByRole('banner').getByTestId('sync-text').innerText()).trim();
  await page.getByRole('banner').getByTestId('sync-indicator').hover();
  const tooltip = page.getByTestId('sync-tooltip');
  await expect(tooltip).toBeVisible();
  // The popup may still fade out in the other language: wait for this language's first line.
  await expect(tooltip).toContainText(CATALOGUES[lang].strings.sync.server.replace('{{url}}', ''));
  const tip = (await tooltip.innerText()).split('\n').map((l) => l.trim()).filter(Boolean);
  await page.mouse.move(0, 0);
  return { bar, tip };
}

/** Everything the officer reads about sync is a catalogue sentence of the current language, and nothing technical is on screen. */
async function expectOnlyCatalogueText(page: Page, lang: Lang): Promise<{ bar: string; tip: string[] }> {
  const { bar, tip } = await shown(page, lang);
  const catalogue = CATALOGUES[lang];
  expect(bar, `bar: ${bar}`).toMatch(catalogue.piece);
  for (const line of tip) expect(line, `tooltip line: ${line}`).toMatch(catalogue.line);
  expect(await page.locator('body').innerText()).not.toMatch(TECHNICAL);
  return { bar, tip };
}

async function setLang(page: Page, lang: Lang): Promise<void> {
  const current = (await page.locator('html').getAttribute('lang')) ?? 'zh-CN';
  if (current !== lang) await page.getByTestId('switch-lang').click();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

const CASES: { mode: Misbehaviour | 'revoked'; problem: SyncProblem; state: 'offline' | 'problem' }[] = [
  { mode: 'reset', problem: 'network', state: 'offline' },
  { mode: 'cut', problem: 'badAnswer', state: 'problem' },
  { mode: 'hang', problem: 'timeout', state: 'offline' },
  { mode: 'portal', problem: 'captivePortal', state: 'problem' },
  { mode: 'truncated', problem: 'badAnswer', state: 'problem' },
  { mode: 'error500', problem: 'server', state: 'problem' },
  { mode: 'busy503', problem: 'busy', state: 'problem' },
  { mode: 'revoked', problem: 'signInAgain', state: 'problem' },
];

test('the sync status tells the officer what happened, in their language, for every way sync fails', async ({ page }) => {
  test.setTimeout(240_000);
  const port = await freePort();
  const serverData = preparedServerData([{ username: 'wang', county: '371502' }]);
  const server = await startCentralServer({ port, dataDir: serverData });
  const front = await startMisbehavingServer(`http://127.0.0.1:${port}`);
  const dataDir = tempDir('e2e');
  // A hung request is given up after 4 s, not 15: the hang and the stalled push are noticed sooner.
  const shell = await startWebShellProcess({ dataDir, serverUrl: front.url, env: { XUNLIAN_SYNC_TIMEOUT_MS: '4000' } });
  try {
    await page.goto(shell.url);
    await page.getByTestId('nav-account').click();
    await page.locator('#username').fill('wang');
    await page.locator('#password').fill('correct horse 1');
    await page.getByTestId('sign-in').click();
    await expect(page.getByTestId('signed-in-as')).toContainText('wang');
    const indicator = page.getByRole('banner').getByTestId('sync-indicator');
    const syncNow = page.getByRole('banner').getByTestId('sync-now');
    await syncNow.click();
    await expect(indicator).toHaveAttribute('data-state', 'idle');
    await expect(page.getByRole('banner').getByTestId('sync-text')).toHaveText(/^已全部同步 · \d{4}-\d\d-\d\d \d\d:\d\d$/);
    await expectOnlyCatalogueText(page, 'zh-CN');

    // Everything was sent, then a later attempt fails: the bar no longer says "all synced";
    // it says the server is unreachable, when the last sync succeeded and when it tries again.
    front.mode = 'reset';
    await syncNow.click();
    await expect(indicator).toHaveAttribute('data-state', 'offline');
    await expect(page.getByRole('banner').getByTestId('sync-text')).toHaveText(/^离线 · 上次同步 \d{4}-\d\d-\d\d \d\d:\d\d · \d\d:\d\d:\d\d 重试$/);
    const afterSent = await expectOnlyCatalogueText(page, 'zh-CN');
    expect(afterSent.tip).toContain(CATALOGUES['zh-CN'].strings.sync.problem.network);
    expect(afterSent.tip.some((l) => l.startsWith('下次尝试：'))).toBe(true);

    // One visit waits from here on.
    await page.getByTestId('nav-firms').click();
    await fillPatrol(page, 'demo-01', { peopleMet: '王建国（总经理）', summary: '生产正常', conclusion: '继续跟踪' });
    await completeVisit(page);
    await expect(indicator).toHaveAttribute('data-waiting', '1');

    for (const { mode, problem, state } of CASES) {
      if (mode === 'revoked') {
        front.mode = 'pass';
        const token = deviceTokenOf(dataDir);
        const revoked = await fetch(`http://127.0.0.1:${port}/api/v1/session`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
        expect(revoked.status).toBe(200);
      } else front.mode = mode;
      await syncNow.click();
      await expect(indicator, mode).toHaveAttribute('data-problem', problem, { timeout: 25_000 });
      await expect(indicator, mode).toHaveAttribute('data-state', state);
      for (const lang of ['zh-CN', 'en'] as const) {
        await setLang(page, lang);
        const strings = CATALOGUES[lang].strings.sync;
        const { bar, tip } = await expectOnlyCatalogueText(page, lang);
        const headline = state === 'offline' ? strings.offline : problem === 'signInAgain' ? strings.problem.signInAgain : strings.problemShort[problem];
        expect(bar.startsWith(headline), `${mode} (${lang}): ${bar}`).toBe(true);
        expect(tip, `${mode} (${lang})`).toContain(strings.problem[problem]);
      }
      await setLang(page, 'zh-CN');
    }
    expect((await shown(page)).bar).toBe('登录已过期或已被撤销，请重新登录 · 1 条待同步');

    // Signed in again, a push that hangs is reported as waiting for the server well before it times out.
    await page.getByTestId('nav-account').click();
    await page.getByTestId('sign-out').click();
    await page.locator('#username').fill('wang');
    await page.locator('#password').fill('correct horse 1');
    front.mode = 'stallPush';
    await page.getByTestId('sign-in').click();
    await expect(indicator).toHaveAttribute('data-state', 'sending');
    await expect(page.getByRole('banner').getByTestId('sync-text')).toContainText('等待服务器响应', { timeout: 5_000 });
    const stalled = await expectOnlyCatalogueText(page, 'zh-CN');
    expect(stalled.bar).toMatch(/^正在发送 0\/1 · 等待服务器响应（\d+ 秒）$/);
    front.mode = 'pass';
    await expect(indicator).toHaveAttribute('data-state', 'idle', { timeout: 40_000 });
    await expect(indicator).toHaveAttribute('data-waiting', '0');
  } finally {
    await shell.stop();
    await front.close();
    await server.stop();
  }
});
