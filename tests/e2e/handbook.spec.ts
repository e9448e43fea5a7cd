import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { offlineShell } from './helpers';

test('the firm handbook prints to A4 with its contents, each section on the page the contents give, page numbers and the bundled font', async ({ page }) => {
  const shell = await offlineShell();
  try {
    await page.goto(shell.url);
    await page.getByTestId('nav-summary').click();
    await page.getByTestId('handbook-contacts').click(); // for internal use: with contacts
    await page.getByTestId('handbook-print').click();
    await expect(page.getByTestId('report')).toHaveAttribute('data-ready', 'true');
    const toc = await page.getByTestId('handbook-toc').locator('tr').evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => (td as { textContent: string | null }).textContent?.trim() ?? '')));
    expect(toc.length).toBeGreaterThan(5);
    await page.emulateMedia({ media: 'print' });
    const file = join(shell.dataDir, 'handbook.pdf');
    writeFileSync(file, await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }));
    const pageText = (n: number) => execFileSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), file, '-'], { encoding: 'utf8' });
    expect(pageText(1)).toContain('企业手册');
    for (const [title, , pageNo] of toc) {
      // Each section's heading is on the page the contents name, and that page carries its number.
      const text = pageText(Number(pageNo));
      expect(text, `${title} on page ${pageNo}`).toContain(title!.replace(/\s+/g, ' '));
      expect(text.trim().split('\n').pop()?.trim(), `number printed on page ${pageNo}`).toBe(pageNo);
    }
    const whole = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(whole).toContain('聊城预拌混凝土有限公司');
    expect(whole).toContain('LJC-2023-GBM-0101');
    expect(whole).toContain('王建国'); // contacts, as asked
    // …with their numbers masked unless the full ones are asked for, and the cover says so (issue 32).
    expect(whole).toContain('0635****00');
    expect(whole).not.toContain('0635-0000000');
    expect(pageText(1)).toContain('联系人电话已隐去中间数字');

    // The firm page masks the number too; 显示号码 shows it (the click is recorded in the audit log).
    await page.goto(`${shell.url.split('#')[0]}#/firm/demo-01`);
    await expect(page.getByTestId('contact-phone-0')).toHaveText('0635****00');
    await page.getByTestId('contact-reveal-0').click();
    await expect(page.getByTestId('contact-phone-0')).toHaveText('0635-0000000');
    expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toMatch(/NotoSansSC/);
  } finally {
    await shell.stop();
  }
});
