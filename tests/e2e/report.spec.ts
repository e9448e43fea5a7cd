import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { completeFinancingDiagnosis, exportedSummaryFigures, offlineShell } from './helpers';
import { DEFAULT_LIMITS, deadlinesOf } from '../../shared/domain/demand/deadlines';
import { BUILT_IN_CALENDAR } from '../../shared/domain/demand/working-days';

test('the chain diagnosis report prints to A4 PDF with its sections and figures (pdftotext)', async ({ page }) => {
  const shell = await offlineShell();
  try {
    await page.goto(shell.url);
    // One completed patrol visit and one diagnosis with a financing problem.
    await completeFinancingDiagnosis(page, 'demo-01', { description: '流动资金紧张', amount: '3000' });

    await page.getByTestId('nav-summary').click();
    await expect(page.getByTestId('figure-visits')).toContainText('1');
    // The workbook, written by the export worker inside the web shell, downloads in the browser.
    const figures = await exportedSummaryFigures(page);
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
    // Each chart is on the page of its heading (its axis labels beside the title), and a date or a
    // status in the open-problems table is on one line, not broken inside (issue 25).
    const pageText = (n: number) => execFileSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), file, '-'], { encoding: 'utf8' });
    const byPage = Array.from({ length: pages }, (_, i) => pageText(i + 1));
    const month = new Date().toISOString().slice(0, 7);
    const perMonth = byPage.findIndex((p) => p.includes('每月走访'));
    expect(perMonth).toBeGreaterThanOrEqual(0);
    expect(byPage[perMonth]).toContain(month);
    const perCounty = byPage.findIndex((p) => p.includes('各区县走访'));
    expect(byPage[perCounty]).toContain('东昌府区');
    const problemsPage = byPage.find((p) => p.includes('四、待办问题及责任部门'))!;
    // The demand was handed to 金融办 on the day of the visit: its resolve deadline, 15 working days on, is printed.
    const handedOn = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10); // the day in China, as the app counts it
    expect(problemsPage).toContain(deadlinesOf(handedOn, DEFAULT_LIMITS, null, BUILT_IN_CALENDAR).resolve);
    expect(problemsPage).toMatch(/待解决/);
    // The bundled font is embedded (as a subset), not whatever CJK font this machine has.
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSansSC/);
    expect(fonts).not.toMatch(/NotoSansCJK/);
  } finally {
    await shell.stop();
  }
});
