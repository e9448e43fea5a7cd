import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { offlineShell, choose, pickDate, completeVisit } from './helpers';

test('the chain diagnosis report prints to A4 PDF with its sections and figures (pdftotext)', async ({ page }) => {
  const shell = await offlineShell();
  try {
    await page.goto(shell.url);
    // One completed patrol visit and one diagnosis with a financing problem.
    await page.getByTestId('firm-link-demo-01').click();
    await page.getByTestId('start-diagnosis').click();
    await page.locator('#people-0-name').fill('王建国');
    await page.getByTestId('section-problems').click();
    await page.getByTestId('add-problem').click();
    await choose(page, 'problem-0-category', '融资');
    await page.locator('#problem-0-description').fill('流动资金紧张');
    await choose(page, 'problem-0-department', '金融办');
    await pickDate(page, 'problem-0-due', '2027-03-31');
    await page.getByTestId('section-financing').click();
    await page.locator('#financing-amount').fill('3000');
    await page.locator('#financing-term').fill('36');
    await page.getByTestId('section-conclusion').click();
    await page.locator('#conclusion').fill('建议召开银企对接会');
    await completeVisit(page);

    await page.getByTestId('nav-summary').click();
    await expect(page.getByTestId('figure-visits')).toContainText('1');
    // The workbook, written by the export worker inside the web shell, downloads in the browser.
    const download = page.waitForEvent('download');
    await page.getByTestId('export-xlsx').click();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await (await download).path())!);
    const figures = new Map<string, unknown>();
    workbook.getWorksheet('汇总')!.eachRow((row) => figures.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(figures.get('走访次数')).toBe(1);
    expect(figures.get('融资需求（万元）')).toBe(3000);
    await page.getByTestId('open-report').click();
    // Ready once its data, charts and font pieces are in (what Electron's printToPDF waits for too).
    await expect(page.getByTestId('report')).toHaveAttribute('data-ready', 'true');
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    const file = join(shell.dataDir, 'report.pdf');
    writeFileSync(file, pdf);
    if (process.env.XUNLIAN_REPORT_PDF) writeFileSync(process.env.XUNLIAN_REPORT_PDF, pdf); // to look at it
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const title of ['绿色建材产业链诊链报告', '一、总体情况', '二、走访与问题分布', '三、问题分类及涉及企业', '四、待办问题及责任部门', '附录：走访清单']) expect(text).toContain(title);
    expect(text).toContain('聊城预拌混凝土有限公司');
    expect(text).toContain('市委金融办');
    expect(text).toContain('3,000');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
    expect(pages).toBeGreaterThanOrEqual(4);
    // The bundled font is embedded (as a subset), not whatever CJK font this machine has.
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSansSC/);
    expect(fonts).not.toMatch(/NotoSansCJK/);
  } finally {
    await shell.stop();
  }
});
