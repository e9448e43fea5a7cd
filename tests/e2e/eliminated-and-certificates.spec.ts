import { expect, test } from '@playwright/test';
import { choose, completeVisit, expectSaved, fillPatrol, offlineShell, pickDate, pickOptionOf, section } from './helpers';

test('the home screen warns of a certificate about to expire; the window is the officer’s to choose', async ({ page }) => {
  const shell = await offlineShell();
  try {
    await page.goto(shell.url);
    // The demo's 预拌砂浆 certificate of 茌平聚源 expires 45 days after the store was made.
    const card = page.getByTestId('home-certificates');
    await expect(card).toContainText('茌平聚源粉煤灰综合利用有限公司');
    await expect(card).toContainText('45 天');
    await page.screenshot({ path: 'test-results/home-certificates.png', fullPage: true });
    await pickOptionOf(page, page.getByTestId('home-certificates-window'), '30 天');
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

test('a diagnosis records a new certificate: section 4 starts from the register, the firm page shows it from the diagnosis, the warning lists it', async ({ page }) => {
  const shell = await offlineShell();
  const soon = new Date(Date.now() + 20 * 86_400_000);
  const soonText = `${soon.getFullYear()}-${String(soon.getMonth() + 1).padStart(2, '0')}-${String(soon.getDate()).padStart(2, '0')}`;
  try {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(shell.url);
    await page.getByTestId('firm-link-demo-02').click();
    await page.getByTestId('start-diagnosis').click();
    await page.locator('#people-0-name').fill('李红');
    await section(page, 'green');
    // What the register holds is there already.
    await expect(page.locator('#green-certified-0-certificateNo')).toHaveValue(/^LJC-20\d\d-GBM-/);
    await expect(page.locator('#green-certified-1-certificateNo')).toHaveValue(/^LJC-20\d\d-GBM-/);
    await page.getByTestId('add-certified').click();
    await choose(page, 'green-certified-2-product', '预拌混凝土');
    await page.locator('#green-certified-2-certificateNo').fill('LJC-2026-GBM-0301');
    await pickDate(page, 'green-certified-2-validUntil', soonText);
    await section(page, 'conclusion');
    await page.locator('#conclusion').fill('新取得预拌混凝土绿色建材认证');
    await expectSaved(page);
    await completeVisit(page);

    await page.getByTestId('nav-firms').click();
    // Listed with the days left (19 or 20: the app counts in China's time, the test's clock may be a day behind).
    const warning = page.getByTestId('home-certificates').locator('tr', { hasText: 'LJC-2026-GBM-0301' });
    await expect(warning).toContainText('聊城绿筑新型墙材有限公司');
    await expect(warning).toContainText(/(19|20) 天/);
    await page.getByTestId('firm-link-demo-02').click();
    const certificates = page.getByTestId('certifications');
    const row = certificates.locator('tr', { hasText: '预拌混凝土' });
    await expect(row).toContainText(soonText);
    await expect(row.getByTestId('cert-source')).toHaveText('诊链记录');
    await page.screenshot({ path: 'test-results/firm-certificate-from-diagnosis.png' });
  } finally {
    await shell.stop();
  }
});

test('a patrol raises a problem and asks for one-to-one help: the follow-up opens on it', async ({ page }) => {
  const shell = await offlineShell();
  try {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(shell.url);
    await fillPatrol(page, 'demo-04', { peopleMet: '刘洋', summary: '门窗订单增加，用工紧张', conclusion: '需协调技工培训' });
    await page.getByTestId('add-problem').click();
    await choose(page, 'problem-0-category', '用工');
    await page.locator('#problem-0-description').fill('缺少熟练安装技工二十人');
    await page.getByTestId('follow-up-needed').click();
    await expectSaved(page);
    await completeVisit(page);
    // The switch leads somewhere: straight into a follow-up, which takes up the patrol's problem.
    await page.getByTestId('start-follow-up').click();
    await expect(page.getByText('缺少熟练安装技工二十人')).toBeVisible();
    await page.getByTestId('nav-problems').click();
    const problem = page.getByTestId('problem-table').locator('tbody tr.ant-table-row').filter({ hasText: '缺少熟练安装技工' });
    await expect(problem).toContainText('临清华通节能门窗有限公司');
  } finally {
    await shell.stop();
  }
});
