/**
 * Run as a child by the reports benchmark: one XLSX export, then its time and peak memory
 * (VmHWM) as JSON — and the baseline: a bare exceljs streaming export of the same rows
 * (read from the same counted tables, written with exceljs's defaults), timed after it in
 * the same process.
 */
import { build, type BuildOptions } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../fixtures/processes';
import { createApp } from '../../electron/services/app';
import { summaryTables, TABLE_NAMES } from '../../electron/services/summary-tables';
import { computeSummary, materializeCounted } from '../../db/repositories/summary';
import { fixedPathPlatform, expectOk } from '../fixtures/app';
import { uuidv7 } from '../../shared/domain/uuidv7';

const [dataDir, out] = process.argv.slice(2) as [string, string];
const filter = { from: '2000-01-01', to: '2100-12-31' };
// The worker as the desktop app runs it: bundled by esbuild (CommonJS), not compiled by tsx on start.
const workerFile = join(ROOT, 'node_modules', '.cache', 'xunlian-bench', 'xlsx-worker.cjs'); // inside the project, so it finds better-sqlite3
const { ELECTRON_BUNDLE } = (await import(pathToFileURL(join(ROOT, 'build/esbuild-options.mjs')).href)) as { ELECTRON_BUNDLE: BuildOptions };
await build({ ...ELECTRON_BUNDLE, logLevel: 'error', sourcemap: false, entryPoints: [join(ROOT, 'electron/services/xlsx-worker.ts')], outfile: workerFile });
const app = createApp({ dataDir, serverUrl: 'http://127.0.0.1:9', token: '', officer: 'bench', platform: fixedPathPlatform(out), autoStartSync: false, demoData: false, backups: false, xlsxWorker: workerFile });
// The supervisor has the summary on screen before exporting: its counting facts are loaded.
computeSummary(app.db, filter);
const start = performance.now();
await expectOk(app.dispatch('exports.summaryXlsx', { filter, jobId: uuidv7() }));
const seconds = (performance.now() - start) / 1000;
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];

// The baseline: the simplest export of the same rows — read from the same counted tables, each row
// handed to exceljs's streaming writer with its defaults (no styles, widths, frozen panes or filters).
// exceljs is loaded only now: the app never loads it to export, so its weight is not the app's.
const { default: ExcelJS } = await import('exceljs');
const bareStart = performance.now();
const counted = materializeCounted(app.db, filter, 'bench');
const summary = computeSummary(app.db, filter);
const tables = summaryTables(app.db, filter, counted, () => summary);
const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: `${out}.bare.xlsx` });
for (const key of TABLE_NAMES) {
  const table = tables[key];
  const ws = wb.addWorksheet(table.name);
  ws.addRow(table.columns.map((c) => c.header)).commit();
  for (const page of table.pages()) for (const cells of page) ws.addRow(cells).commit();
  ws.commit();
}
await wb.commit();
counted.drop();
const bareSeconds = (performance.now() - bareStart) / 1000;

process.stdout.write(JSON.stringify({ seconds, peakMb: Number(hwm) / 1024, bareSeconds }));
await app.close();
