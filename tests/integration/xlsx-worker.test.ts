import ExcelJS from 'exceljs';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildOptions } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { seedReportData } from '../bench/reports-data';
import { expectOk, fixedPathPlatform, testApp } from '../fixtures/app';
import { ROOT, tempDir } from '../fixtures/processes';

/**
 * The XLSX export runs in a worker thread: cancelling mid-way, a failing export and
 * the worker as the Electron build bundles it (plain Node, no tsx) all leave either
 * the whole workbook or nothing.
 */
const FILTER = { from: '2000-01-01', to: '2100-12-31' };
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDir('xlsx-worker');
  const seed = testApp({ dataDir, demoData: false });
  seedReportData(seed.db, 3000, 7200);
  await seed.close();
});

const partials = (dir: string) => readdirSync(dir).filter((f) => f.includes('.partial'));

describe('XLSX export worker', () => {
  let app: ReturnType<typeof testApp>;
  afterAll(() => app?.close());

  it('stops when cancelled mid-way: progress was shown, then no file and no partial file', async () => {
    const target = join(tempDir('xlsx-out'), 'summary.xlsx');
    app = testApp({ dataDir, demoData: false, platform: fixedPathPlatform(target) });
    const jobId = uuidv7();
    const seen: number[] = [];
    const unsubscribe = app.events.subscribe((event, payload) => {
      if (event !== 'export.progress') return;
      const { done } = payload as { done: number };
      seen.push(done);
      if (seen.length === 2) void app.dispatch('exports.cancel', { jobId });
    });
    const result = await app.dispatch('exports.summaryXlsx', { filter: FILTER, jobId });
    unsubscribe();
    expect(result).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.at(-1)).toBeLessThan(3000 + 7200); // it stopped before the end
    expect(existsSync(target)).toBe(false);
    expect(partials(join(target, '..'))).toEqual([]);
  });

  it('reports a failure it cannot write as a clear error and leaves no partial file', async () => {
    const missingDir = join(tempDir('xlsx-out'), 'gone');
    const failing = testApp({ dataDir, demoData: false, platform: fixedPathPlatform(join(missingDir, 'summary.xlsx')) });
    try {
      const result = await failing.dispatch('exports.summaryXlsx', { filter: FILTER, jobId: uuidv7() });
      expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('ENOENT') } });
      expect(existsSync(missingDir)).toBe(false);
    } finally {
      await failing.close();
    }
  });

  it('as bundled for Electron (esbuild, CommonJS, run by plain Node) writes the workbook whose figures match the rows counted independently', async () => {
    const { build } = await import('esbuild');
    const { ELECTRON_BUNDLE } = (await import(pathToFileURL(join(ROOT, 'build/esbuild-options.mjs')).href)) as { ELECTRON_BUNDLE: BuildOptions };
    // Inside the checkout, as dist-electron/ is, so the bundle finds the external better-sqlite3.
    mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true });
    const bundleDir = mkdtempSync(join(ROOT, 'node_modules/.cache/xlsx-worker-'));
    const workerFile = join(bundleDir, 'xlsx-worker.cjs');
    const outDir = tempDir('xlsx-bundle');
    await build({ ...ELECTRON_BUNDLE, logLevel: 'error', entryPoints: [join(ROOT, 'electron/services/xlsx-worker.ts')], outfile: workerFile });
    const target = join(outDir, 'summary.xlsx');
    const bundled = testApp({ dataDir, demoData: false, platform: fixedPathPlatform(target), xlsxWorker: workerFile });
    try {
      const outcome = await expectOk<{ rows: number }>(bundled.dispatch('exports.summaryXlsx', { filter: FILTER, jobId: uuidv7() }));
      expect(outcome.rows).toBe(3000);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(target);
      const figures = new Map<string, unknown>();
      wb.getWorksheet('汇总')!.eachRow((row, n) => n > 1 && figures.set(String(row.getCell(1).value), row.getCell(2).value));
      // Counted here from the store's rows, not by the summary code that wrote the workbook.
      const count = (sql: string) => bundled.db.prepare(sql).pluck().get() as number;
      expect(figures.get('走访次数')).toBe(count(`SELECT COUNT(*) FROM visits WHERE status = 'completed' AND kind <> 'event'`));
      expect(figures.get('问题数')).toBe(count('SELECT COUNT(*) FROM problems'));
      const days = bundled.db
        .prepare(`SELECT MAX(0, CAST(ROUND(julianday(substr(p.resolved_at, 1, 10)) - julianday(r.visit_date)) AS INTEGER)) FROM problems p
          JOIN visits v ON v.id = p.raised_visit_id JOIN visit_revisions r ON r.visit_id = v.id AND r.revision = v.completed_revision
          WHERE p.status = 'resolved' AND p.resolved_at IS NOT NULL ORDER BY 1`)
        .pluck()
        .all() as number[];
      const mid = days.length >> 1;
      expect(days.length).toBeGreaterThan(100);
      expect(figures.get('办结用时中位数（天）')).toBe(days.length % 2 ? days[mid] : (days[mid - 1]! + days[mid]!) / 2);
      expect(wb.getWorksheet('走访')!.rowCount - 1).toBe(3000);
      expect(wb.getWorksheet('问题')!.rowCount - 1).toBe(7200);
      expect(partials(outDir)).toEqual([]);
    } finally {
      await bundled.close();
      rmSync(bundleDir, { recursive: true, force: true });
    }
  });
});
