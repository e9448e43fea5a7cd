import { chromium } from '@playwright/test';
import { uuidv7 } from '../../shared/domain/uuidv7';
import type { Db } from '../../db/open';
import { testApp } from '../fixtures/app';
import { startWebShellProcess } from '../fixtures/processes';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../fixtures/chromium';
import { sized, type Benchmark } from './harness';

const VISITS = sized(50_000, 2_000);
const TRIES = sized(7, 2);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Writes `count` completed visits straight into a store (the list, not the writing, is measured). */
export function seedVisitRows(db: Db, count: number): void {
  const insert = db.prepare(
    `INSERT INTO visits (id, firm_id, kind, officer, status, revision, answers, visit_date, content_hash, created_at, updated_at, completed_at, sync_state)
     VALUES (?, ?, ?, '服务专员', 'completed', 1, ?, ?, 'h', ?, ?, ?, 'synced')`,
  );
  const firms = ['demo-01', 'demo-02', 'demo-03', 'demo-04', 'demo-05', 'demo-06', 'demo-07', 'demo-08'];
  const kinds = ['diagnosis', 'patrol', 'followup'];
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const at = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
      insert.run(uuidv7(Date.UTC(2024, 0, 1) + i), firms[i % firms.length], kinds[i % 3], JSON.stringify({ visitDate: at.slice(0, 10), conclusion: '正常' }), at.slice(0, 10), at, at, at);
    }
  })();
}

function seedVisits(dataDir: string): void {
  const app = testApp({ dataDir });
  seedVisitRows(app.db, VISITS);
  void app.close();
}

/**
 * The visits screen with 50,000 visits, in Chromium through the web shell: time
 * from clicking the menu to the first rows on screen, against fetching the same
 * first page without rendering; and how many rows exist in the DOM after scrolling
 * deep into the list (virtualised: a screenful, not 50,000).
 */
export const visitList: Benchmark = {
  name: 'visit-list',
  description: 'visits screen with 50,000 visits in Chromium (web shell)',
  async run() {
    const dataDir = (await import('../fixtures/processes')).tempDir('bench-list');
    seedVisits(dataDir);
    const shell = await startWebShellProcess({ dataDir, serverUrl: 'http://127.0.0.1:9' });
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(shell.url);
      await page.getByTestId('firm-table').waitFor();
      const firstPage: number[] = [];
      const fetchOnly: number[] = [];
      for (let i = 0; i < TRIES; i++) {
        await page.getByTestId('nav-firms').click();
        await page.getByTestId('firm-table').waitFor();
        const start = await page.evaluate(() => performance.now());
        await page.getByTestId('nav-visits').click();
        await page.locator('[data-testid="visit-table"] .ant-table-row').first().waitFor();
        firstPage.push((await page.evaluate(() => performance.now())) - start);
        fetchOnly.push(
          await page.evaluate(async () => {
            const key = (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage.getItem('xunlian.webKey') ?? '';
            const t0 = performance.now();
            const res = await fetch('/api/invoke', { method: 'POST', headers: { 'content-type': 'application/json', 'x-xunlian-key': key }, body: JSON.stringify({ method: 'visits.list', input: { limit: 100, offset: 0 } }) });
            await res.json();
            return performance.now() - t0;
          }),
        );
      }
      const holder = page.locator('[data-testid="visit-table"] .ant-table-tbody-virtual-holder');
      for (let i = 0; i < 10; i++) {
        await holder.evaluate((el) => el.scrollBy(0, 4000));
        await page.waitForTimeout(150);
      }
      const rendered = await page.locator('[data-testid="visit-table"] .ant-table-row').count();
      const total = await page.getByTestId('visit-total').textContent();
      if (!total?.replace(/,/g, '').includes(String(VISITS))) throw new Error(`the list does not show ${VISITS} visits: ${total}`);
      return [
        { name: 'visit_list_first_page', value: median(firstPage), unit: 'ms', goal: 300, better: 'lower', baseline: median(fetchOnly), goalReason: 'the list appears as the officer opens it' },
        { name: 'visit_list_rows_in_dom_after_scrolling', value: rendered, unit: 'rows', goal: 100, better: 'lower', goalReason: 'a structural bound: only the rows on screen are rendered, however many visits' },
      ];
    } finally {
      await browser.close();
      await shell.stop();
    }
  },
};
