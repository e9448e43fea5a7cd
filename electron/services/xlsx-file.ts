import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { AppError } from '../../shared/api/errors';
import type { Summary, SummaryFilter } from '../../shared/domain/summary';
import type { Db } from '../../db/open';
import { materializeCounted, type Counted } from '../../db/repositories/summary-counted';
import { FIGURE_TABLES, summaryTables, TABLE_NAMES, type TableName } from './summary-tables';
import { XlsxWriter } from './xlsx-writer';

// The XLSX worker's code (xlsx-worker.ts): it imports no schema library and no summary
// counting — each module loaded here is memory the export's worker holds while it writes.

export const cancelledError = () => new AppError('CANCELLED', 'The export was cancelled; no file was written.');

/** Progress over visits and problems (the long tables), with a cancel check between pages. */
export function exportTracker(db: Db, counted: Counted, report: (done: number, total: number) => void, check: () => void) {
  const count = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  const visits = count(counted.visits);
  const total = visits + (counted.problems ? count(counted.problems) : 0);
  let done = 0;
  return {
    visits,
    async page(table: TableName, rows: number) {
      if (table === 'visits' || table === 'problems') done += rows;
      report(done, total);
      check();
      await new Promise((r) => setImmediate(r)); // let other work and the cancel request in between pages
    },
  };
}

/** What the XLSX writer reports and asks while it works (in the export worker: messages to the main thread). */
export interface XlsxHooks {
  progress(done: number, total: number): void;
  /** Throws AppError CANCELLED once the officer cancelled. */
  check(): void;
}

/**
 * Writes the summary workbook to `file` (xlsx-writer.ts streams it, so 50,000 visits
 * do not sit in memory): sheets 汇总, 走访, 问题, 企业 with Chinese headers, real number
 * and date cells, frozen header rows, column widths and autofilters. Runs in the
 * export worker (xlsx-worker.ts) on its own connection; `summary` holds the figures
 * the main process counted. Returns the number of visit rows. On failure the file is
 * closed and left to the caller to remove (xlsx-export.ts does, also when the worker dies).
 */
export async function writeXlsxFile(db: Db, filter: SummaryFilter, summary: Summary | Promise<Summary>, file: string, hooks: XlsxHooks): Promise<number> {
  const counted = materializeCounted(db, filter, 'xlsx');
  // Our own stream, opened before anything is written, so a failure can close it before the file is removed.
  const out = createWriteStream(file, { flags: 'wx' });
  let writer: XlsxWriter | null = null;
  try {
    await once(out, 'open');
    const progress = exportTracker(db, counted, hooks.progress, hooks.check);
    writer = new XlsxWriter(out);
    let figures: Summary | null = null;
    const tables = summaryTables(db, filter, counted, () => figures!);
    // The long sheets first, while the main thread may still be counting the figures; the summary sheet last in the file, first in the workbook.
    for (const key of TABLE_NAMES.filter((k) => !FIGURE_TABLES.includes(k))) {
      const table = tables[key];
      await writer.addSheet(table.name, table.columns, table.pages(), (rows) => progress.page(key, rows), TABLE_NAMES.indexOf(key));
    }
    figures = await summary;
    for (const key of FIGURE_TABLES) await writer.addSheet(tables[key].name, tables[key].columns, tables[key].pages(), undefined, TABLE_NAMES.indexOf(key));
    hooks.check();
    await writer.finish();
    if (!out.closed) await once(out, 'close');
    return progress.visits;
  } catch (error) {
    writer?.abort();
    if (!out.closed) {
      // Late writes from the zip into the destroyed stream only report errors we no longer need.
      out.on('error', () => undefined);
      const closed = new Promise<void>((resolve) => out.once('close', () => resolve()));
      out.destroy();
      await closed;
    }
    throw error;
  } finally {
    counted.drop();
  }
}
