import { expect, test } from '@playwright/test';
import { completeVisit, expectSaved, offlineShell, section } from './helpers';

test('the home screen warns of a certificate about to expire; the window is the officer’s to choose', async ({ page }) => {
  const shell = await offlineShell();
  try {
    await page.goto(shell.url);
    // The demo's 预拌砂浆 certificate of 茌平聚源 expires 45 days after the store was made.
    const card = page.getByTestId('home-certificates');
    await expect(card).toContainText('茌平聚源粉煤灰综合利用有限公司');
    await expect(card).toContainText('45 天');
    await page.screenshot({ path: 'test-results/home-certificates.png', fullPage: true });
    await page.getByTestId('home-certificates-window').click();
    await page.getByTitle('30 天').click();
    await expect(card).toContainText('30 天内没有到期的证书');
    await page.reload();
    await expect(page.getByTestId('home-certificates')).toContainText('30 天内没有到期的证书');
  } finally {
    await shell.stop();
  }
});

test('a diagnosis finds an eliminated product: suggested, confirmed, its problem raised and followed in my open problems', async ({ page }) => {
  const shell = await offlineShell();
  try {
    await page.goto(shell.url);
    await page.getByTestId('firm-link-demo-05').click();
    await page.getByTestId('start-diagnosis').click();
    await page.locator('#people-0-name').fill('孙立');
    await section(page, 'eliminated');
    await page.locator('#eliminated-products').fill('SBS 改性沥青防水卷材；库存少量纸胎油毡');
    // Suggestions, banned ones first; the officer confirms what the firm really makes.
    const suggestions = page.getByTestId('eliminated-suggestions');
    await expect(suggestions.getByTestId('suggestion-MOHURD-2024-P06')).toContainText('纸胎油毡防水卷材');
    await expect(suggestions.getByTestId('suggestion-MOHURD-2024-P07')).toBeVisible();
    await page.getByTestId('confirm-makes-MOHURD-2024-P06').click();
    await expect(page.getByTestId('finding-0')).toContainText('明令淘汰');
    await expect(page.getByTestId('finding-0')).toContainText('房屋建筑和市政基础设施工程禁止和限制使用技术目录（第二批）');
    await expect(suggestions.getByTestId('suggestion-MOHURD-2024-P06')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/eliminated-section.png', fullPage: true });
    // The problem it raised is in the problems section, ready to follow up.
    await section(page, 'problems');
    await expect(page.locator('#problem-0-description')).toHaveValue(/企业生产明令淘汰的建材产品：纸胎油毡防水卷材/);
    await section(page, 'conclusion');
    await page.locator('#conclusion').fill('督促企业停止生产纸胎油毡');
    await expectSaved(page);
    await completeVisit(page);

    await page.getByTestId('nav-problems').click();
    const row = page.getByTestId('problem-table').locator('tbody tr.ant-table-row').filter({ hasText: '纸胎油毡' });
    await expect(row).toContainText('淘汰产品');
    await expect(row).toContainText('阳谷恒泰防水材料有限公司');
  } finally {
    await shell.stop();
  }
});
