import { expect, test } from '@playwright/test';
import { startCentralServer, startWebShellProcess, tempDir } from '../fixtures/processes';
import { countyTeam, signIn } from './helpers';

/**
 * Issue 27: a supervisor in an office without network declines an officer's tier request with a
 * reason; the decision waits on the laptop, goes with the next sync, and the officer who asked
 * reads the reason on the firm's page — on a 1366×768 screen.
 */
test('a supervisor declines a tier request offline; it is sent when the network is back and the officer reads why', async ({ browser }) => {
  test.setTimeout(240_000);
  const { port, serverUrl, serverData } = await countyTeam();
  let server = await startCentralServer({ port, dataDir: serverData });
  const officerShell = await startWebShellProcess({ dataDir: tempDir('e2e-offline-officer'), serverUrl });
  const supervisorShell = await startWebShellProcess({ dataDir: tempDir('e2e-offline-supervisor'), serverUrl });
  const viewport = { width: 1366, height: 768 };
  const officer = await browser.newPage({ viewport });
  const supervisor = await browser.newPage({ viewport });
  try {
    // The officer asks for 聊城绿筑 to become a cultivated firm instead of a key firm.
    await signIn(officer, officerShell.url, 'wang');
    await officer.goto(`${officerShell.url.split('#')[0]}#/firm/demo-02`);
    await officer.getByTestId('tier-request').click();
    await officer.locator('#tier-to').click();
    await officer.getByTitle('培育企业').click();
    await officer.locator('#tier-reason').fill('产值下降，建议调整为培育企业');
    await officer.getByTestId('tier-submit').click();
    await expect(officer.getByTestId('tier-history')).toContainText('待审核');

    // The supervisor reads the list while online…
    await signIn(supervisor, supervisorShell.url, 'zhao');
    await supervisor.getByTestId('nav-review').click();
    const tiers = supervisor.getByTestId('review-tiers');
    await expect(tiers).toContainText('产值下降，建议调整为培育企业');

    // …then the network goes. The decision is made all the same, and waits.
    await server.stop();
    await tiers.locator('tr', { hasText: '产值下降' }).locator('[data-testid^="decline-"]').click();
    await supervisor.getByTestId('decline-reason').fill('年报产值仍达重点企业标准，暂不调整');
    await supervisor.getByTestId('decline-submit').click();
    // (A three-second notice says so; the queue below says it for as long as it waits.)
    const queued = supervisor.getByTestId('review-queued');
    await expect(queued).toContainText('聊城绿筑新型墙材有限公司');
    await expect(queued.locator('[data-state="pending"]')).toContainText('待发送');
    await expect(supervisor.getByTestId('review-offline')).toBeVisible(); // the list shown is the one last read
    await expect(tiers).not.toContainText('产值下降');
    await supervisor.screenshot({ path: 'test-results/review-offline-queued.png' });

    // The network is back: the next sync sends it, and the queue says it is in force.
    server = await startCentralServer({ port, dataDir: serverData });
    await supervisor.getByRole('banner').getByTestId('sync-now').click();
    await expect(queued.locator('[data-state="done"]')).toContainText('已生效');

    // The officer's next sync: the firm's page says it was declined, and why.
    await officer.getByRole('banner').getByTestId('sync-now').click();
    await expect(officer.getByRole('banner').getByTestId('sync-indicator')).toHaveAttribute('data-waiting', '0');
    await officer.reload();
    await expect(officer.getByTestId('tier-history')).toContainText('驳回理由：年报产值仍达重点企业标准，暂不调整');
    await expect(officer.getByTestId('tier-history')).toContainText('zhao 决定');
    await officer.screenshot({ path: 'test-results/tier-declined-officer.png' });
  } finally {
    await officer.close();
    await supervisor.close();
    await officerShell.stop();
    await supervisorShell.stop();
    await server.stop();
  }
});
