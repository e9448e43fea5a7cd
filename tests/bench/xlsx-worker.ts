/**
 * Run as a child by the reports benchmark, bundled by esbuild and run by plain Node as the
 * desktop app runs its code (under tsx the process also held the TypeScript loader and its
 * source maps, ~30 MB the app never has): one XLSX export, its time, its peak memory — and
 * the baseline: a bare exceljs streaming export of the same rows (read from the same counted
 * tables, written with exceljs's defaults), timed after it in the same process.
 *
 * Memory is read two ways. Private memory (RssAnon: the heap, SQLite's pages, the worker's
 * isolate) is what the export takes from a laptop, sampled every 10 ms from this thread
 * while the worker writes. VmHWM, the kernel's peak of all resident pages, also counts the
 * executable's code (~46 MB of file pages every Node process shares with the page cache).
 */
import { readFileSync } from 'node:fs';
import { createApp } from '../../electron/services/app';
import { testKeyring } from '../fixtures/store-key';
import { summaryTables, TABLE_NAMES } from '../../electron/services/summary-tables';
import { computeSummary, materializeCounted } from '../../db/repositories/summary';
import { fixedPathPlatform, expectOk } from '../fixtures/app';
import { uuidv7 } from '../../shared/domain/uuidv7';

const [dataDir, out, workerFile] = process.argv.slice(2) as [string, string, string];
const filter = { from: '2000-01-01', to: '2100-12-31' };
const statusKb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);

const app = createApp({ dataDir, keyring: testKeyring(dataDir), serverUrl: 'http://127.0.0.1:9', token: '', officer: 'bench', platform: fixedPathPlatform(out), autoStartSync: false, demoData: false, backups: false, xlsxWorker: workerFile });
// The supervisor has the summary on screen before exporting: its counting facts are loaded.
computeSummary(app.db, filter);
let privatePeakKb = statusKb('RssAnon');
const sampler = setInterval(() => (privatePeakKb = Math.max(privatePeakKb, statusKb('RssAnon'))), 10);
const start = performance.now();
await expectOk(app.dispatch('exports.summaryXlsx', { filter, jobId: uuidv7() }));
const seconds = (performance.now() - start) / 1000;
clearInterval(sampler);
privatePeakKb = Math.max(privatePeakKb, statusKb('RssAnon'));
const residentPeakKb = statusKb('VmHWM');

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

process.stdout.write(JSON.stringify({ seconds, privatePeakMb: privatePeakKb / 1024, residentPeakMb: residentPeakKb / 1024, bareSeconds }));
await app.close();
