import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, preparedServerData, ROOT, startCentralServer, startWebShellProcess, tempDir } from '../fixtures/processes';

test("an administrator dry-runs the bureau's list, reads the report, imports it; the new firm reaches the directory", async ({ page }) => {
  const port = await freePort();
  const serverData = preparedServerData([{ username: 'admin', county: '371502', role: 'admin' }]);
  const server = await startCentralServer({ port, dataDir: serverData });
  const shell = await startWebShellProcess({ dataDir: tempDir('e2e'), serverUrl: `http://127.0.0.1:${port}` });
  try {
    await page.goto(shell.url);
    await page.getByTestId('nav-account').click();
    await page.locator('#username').fill('admin');
    await page.locator('#password').fill('correct horse 1');
    await page.getByTestId('sign-in').click();
    await expect(page.getByTestId('register-import')).toBeVisible();

    // A list with bad rows (GB18030, as Excel in China saves it): the dry run names each problem and nothing can be applied.
    await page.getByTestId('register-file').setInputFiles(join(ROOT, 'tests/fixtures/register-gb18030.csv'));
    await expect(page.getByTestId('register-summary')).toContainText('共 10 行：新增 2 · 有变化 1 · 无变化 0 · 有错误 7');
    const rows = page.getByTestId('register-rows');
    await expect(rows).toContainText('无法识别的县（市、区）：济南市');
    await expect(rows).toContainText('同一信用代码在文件中重复出现（另见第 8 行）');
    await expect(rows).toContainText('统一社会信用代码校验位不符');
    await expect(page.getByTestId('register-apply')).toHaveCount(0);
    // The errors alone, on screen and as a file to fix the list from.
    await page.getByTestId('register-errors-only').click();
    await expect(rows.locator('tbody tr.ant-table-row')).toHaveCount(7);
    const download = page.waitForEvent('download');
    await page.getByTestId('register-download-errors').click();
    const errors = readFileSync((await (await download).path())!, 'utf8');
    expect(errors.trim().split('\n')).toHaveLength(8); // the header and the seven rows
    expect(errors).toContain('无法识别的县（市、区）：济南市');

    // A clean list (UTF-8 with BOM): dry run, then import.
    const clean = join(tempDir('e2e-register'), '名录.csv');
    writeFileSync(
      clean,
      '\uFEFF企业名称,统一社会信用代码,所属县（市、区）,地址,产业链环节,产品类别,重点企业层级,专精特新\r\n' +
        '东昌府新筑绿色建材有限公司,91371502MA3R8T2W4C,东昌府区,东昌府区工业园,中游制造,砌体材料,重点培育,\r\n' +
        '聊城预拌混凝土有限公司,91371502MA3C1B2K52,东昌府区,东昌府区新地址100号,中游制造,预拌混凝土,重点企业,省级专精特新\r\n',
    );
    await page.getByTestId('register-file').setInputFiles(clean);
    await expect(page.getByTestId('register-summary')).toContainText('新增 1 · 有变化 1');
    await expect(page.getByTestId('register-rows')).toContainText('变化的字段：地址');
    await page.getByTestId('register-apply').click();
    // After the import the summary says what was written, not the dry run's counts again.
    await expect(page.getByTestId('register-summary')).toContainText('已导入：新增 1 家，更新 1 家');

    // The next sync brings the register to this laptop.
    await page.getByRole('banner').getByTestId('sync-now').click();
    await page.getByTestId('nav-firms').click();
    await page.getByTestId('firm-search').locator('input').fill('新筑');
    await expect(page.getByTestId('firm-table')).toContainText('东昌府新筑绿色建材有限公司');
  } finally {
    await shell.stop();
    await server.stop();
  }
});
