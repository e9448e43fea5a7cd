import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { AppError } from '../../shared/api/errors';
import { csvRow, UTF8_BOM } from '../../shared/domain/csv';
import type { SummaryFilter } from '../../shared/domain/summary';
import { computeSummary, materializeCounted, type Counted } from '../../db/repositories/summary';
import { writeFileAtomically } from './atomic-file';
import type { ServiceContext } from './context';
import { summaryTables, TABLE_NAMES, type Cell, type Column, type TableName } from './summary-tables';

/** Export jobs the officer may cancel; a cancelled job removes its temporary file. */
export class ExportJobs {
  private readonly cancelled = new Set<string>();
  cancel(jobId: string): void {
    this.cancelled.add(jobId);
  }
  check(jobId: string): void {
    if (this.cancelled.delete(jobId)) throw new AppError('CANCELLED', 'The export was cancelled; no file was written.');
  }
}

const NUM_FMT: Record<NonNullable<Column['kind']>, string> = { date: 'yyyy-mm-dd', integer: '0', decimal: '#,##0.00', percent: '0.0%' };
const toDate = (iso: Cell): Date | null => (typeof iso === 'string' && iso ? new Date(`${iso.slice(0, 10)}T00:00:00Z`) : null);

/** Progress over visits and problems (the long tables), with a cancel check between pages. */
function tracker(ctx: ServiceContext, counted: Counted, jobId: string, jobs: ExportJobs) {
  const count = (table: string) => ctx.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  const visits = count(counted.visits);
  const total = visits + (counted.problems ? count(counted.problems) : 0);
  let done = 0;
  return {
    visits,
    async page(table: TableName, rows: number) {
      if (table === 'visits' || table === 'problems') done += rows;
      ctx.events.emit('export.progress', { jobId, done, total });
      jobs.check(jobId);
      await new Promise((r) => setImmediate(r)); // let autosaves and the cancel request in between pages
    },
  };
}

/**
 * The summary as an XLSX workbook (exceljs streaming writer, so 50,000 visits do not
 * sit in memory): sheets 汇总, 走访, 问题, 企业 with Chinese headers, real number and date
 * cells, frozen header rows, column widths and autofilters. Written to a temporary
 * file and renamed at the end: a cancelled or failed export leaves nothing.
 */
export async function writeSummaryXlsx(ctx: ServiceContext, filter: SummaryFilter, path: string, jobId: string, jobs: ExportJobs): Promise<number> {
  const tmp = `${path}.${process.pid}.partial`;
  // Figures first: materialising writes temp tables, which would make the figures' facts reload.
  const summary = computeSummary(ctx.db, filter);
  const counted = materializeCounted(ctx.db, filter, jobId);
  const progress = tracker(ctx, counted, jobId, jobs);
  // Our own stream, opened before anything is written, so a failure can close it before removing the file.
  const out = createWriteStream(tmp, { flags: 'wx' });
  await once(out, 'open');
  try {
    // Fast deflate keeps the zip up with the rows, so they do not pile up in memory.
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } });
    wb.creator = 'Xunlian 巡链';
    const tables = summaryTables(ctx.db, filter, counted, () => summary);
    for (const key of TABLE_NAMES) {
      const table = tables[key];
      const ws = wb.addWorksheet(table.name, { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = table.columns.map((c) => ({ header: c.header, width: c.width, ...(c.kind ? { style: { numFmt: NUM_FMT[c.kind] } } : {}) }));
      ws.getRow(1).font = { bold: true };
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
      for (const page of table.pages()) {
        for (const cells of page) ws.addRow(cells.map((cell, i) => (table.columns[i]?.kind === 'date' ? toDate(cell) : cell))).commit();
        await progress.page(key, page.length);
      }
      ws.commit();
    }
    jobs.check(jobId);
    await wb.commit();
    if (!out.closed) await once(out, 'close');
    await rename(tmp, path);
    return progress.visits;
  } catch (error) {
    if (!out.closed) {
      // Late writes from the zip into the destroyed stream only report errors we no longer need.
      out.on('error', () => undefined);
      const closed = new Promise<void>((resolve) => out.once('close', () => resolve()));
      out.destroy();
      await closed;
    }
    await rm(tmp, { force: true });
    throw error;
  } finally {
    counted.drop();
  }
}

/** One table of the summary as CSV: UTF-8 with BOM, the same rows as the workbook's sheet. */
export async function writeSummaryCsv(ctx: ServiceContext, filter: SummaryFilter, table: TableName, path: string, jobId: string, jobs: ExportJobs): Promise<number> {
  const summary = table === 'summary' ? computeSummary(ctx.db, filter) : null;
  const counted = materializeCounted(ctx.db, filter, jobId, table === 'problems');
  try {
    const progress = tracker(ctx, counted, jobId, jobs);
    const definition = summaryTables(ctx.db, filter, counted, () => summary!)[table];
    let rows = 0;
    await writeFileAtomically(path, async (write) => {
      await write(UTF8_BOM + csvRow(definition.columns.map((c) => c.header)));
      for (const page of definition.pages()) {
        await write(page.map(csvRow).join(''));
        rows += page.length;
        await progress.page(table, page.length);
      }
    });
    return rows;
  } finally {
    counted.drop();
  }
}
