/**
 * Run as a child by the reports benchmark: one XLSX export, then its time and peak memory
 * (VmHWM) as JSON — and the baseline: a bare exceljs streaming write of the same rows
 * (read beforehand, outside the timing), measured after, in the same process.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { createApp } from '../../electron/services/app';
import { summaryTables, TABLE_NAMES } from '../../electron/services/summary-tables';
import { computeSummary, materializeCounted } from '../../db/repositories/summary';
import { fixedPathPlatform, expectOk } from '../fixtures/app';
import { uuidv7 } from '../../shared/domain/uuidv7';

const [dataDir, out] = process.argv.slice(2) as [string, string];
const filter = { from: '2000-01-01', to: '2100-12-31' };
const app = createApp({ dataDir, serverUrl: 'http://127.0.0.1:9', token: '', officer: 'bench', platform: fixedPathPlatform(out), autoStartSync: false, demoData: false, backups: false });
const start = performance.now();
await expectOk(app.dispatch('exports.summaryXlsx', { filter, jobId: uuidv7() }));
const seconds = (performance.now() - start) / 1000;
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];

// The same rows, in memory, then written by exceljs's streaming writer with its defaults.
const counted = materializeCounted(app.db, filter, 'bench');
const summary = computeSummary(app.db, filter);
const tables = summaryTables(app.db, filter, counted, () => summary);
const sheets = TABLE_NAMES.map((key) => {
  const table = tables[key];
  const rows = [...table.pages()].flat().map((cells) => cells.map((cell, i) => (table.columns[i]?.kind === 'date' && typeof cell === 'string' ? new Date(`${cell.slice(0, 10)}T00:00:00Z`) : cell)));
  return { name: table.name, headers: table.columns.map((c) => c.header), rows };
});
counted.drop();
const bareStart = performance.now();
const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: `${out}.bare.xlsx` });
for (const sheet of sheets) {
  const ws = wb.addWorksheet(sheet.name);
  ws.addRow(sheet.headers).commit();
  for (const row of sheet.rows) ws.addRow(row).commit();
  ws.commit();
}
await wb.commit();
const bareSeconds = (performance.now() - bareStart) / 1000;

process.stdout.write(JSON.stringify({ seconds, peakMb: Number(hwm) / 1024, bareSeconds }));
await app.close();
