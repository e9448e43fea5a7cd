import { rename, rm } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { AppError, ERROR_CODES, type AppErrorData } from '../../shared/api/errors';
import type { Summary, SummaryFilter } from '../../shared/domain/summary';
import { computeSummary } from '../../db/repositories/summary';
import type { ServiceContext } from './context';
import type { ExportJobs } from './summary-export';

/** What the main thread hands the XLSX worker (structured-cloned). */
export interface XlsxWorkerData {
  dbFile: string;
  nativeBinding?: string;
  /** The store's key as hex (a Buffer would arrive as a plain Uint8Array). */
  keyHex?: string;
  filter: SummaryFilter;
  file: string;
}
export type XlsxWorkerMessage = { type: 'progress'; done: number; total: number } | { type: 'done'; rows: number } | { type: 'failed'; error: AppErrorData };
export type XlsxMainMessage = { type: 'cancel' } | { type: 'summary'; summary: Summary };

export interface XlsxWorkerOptions {
  /** The worker's entry: dist-electron/xlsx-worker.cjs in the Electron build, the tsx boot file otherwise. */
  entry: string | URL;
  dbFile: string;
  nativeBinding?: string;
  key?: Buffer;
}

/**
 * The worker's heap is capped small: a small heap is collected often, so the rows and XML
 * the writer makes and drops do not pile up as garbage — the export's peak was 17 MB lower
 * with 48/4 than with 128/16 (tests/bench/reports.bench.ts), at the same speed — and the
 * main process stays free for the officer's autosaves while the workbook is written.
 */
const LIMITS = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 4 };

/**
 * The summary as an XLSX workbook, written by a worker thread on its own read-only
 * connection to a temporary file that is renamed at the end: a cancelled or failed
 * export leaves nothing. The figures are counted here first, so the workbook's
 * summary sheet is the screen's summary.
 */
export async function writeSummaryXlsx(ctx: ServiceContext, filter: SummaryFilter, path: string, jobId: string, jobs: ExportJobs, options: XlsxWorkerOptions): Promise<number> {
  jobs.check(jobId); // cancelled before it started
  const data: XlsxWorkerData = { dbFile: options.dbFile, filter, file: `${path}.${process.pid}.partial`, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}), ...(options.key ? { keyHex: options.key.toString('hex') } : {}) };
  // execArgv: [] — the worker needs none of the parent's flags (under tsx they would load its loader and source maps too).
  const worker = new Worker(options.entry, { workerData: data, resourceLimits: LIMITS, execArgv: [] });
  // The figures are counted here while the worker starts and writes the long sheets.
  setImmediate(() => {
    try {
      worker.postMessage({ type: 'summary', summary: computeSummary(ctx.db, filter) } satisfies XlsxMainMessage);
    } catch {
      void worker.terminate(); // the export then fails as a stopped worker, and its file is removed
    }
  });
  const stopListening = jobs.onCancel(jobId, () => worker.postMessage({ type: 'cancel' } satisfies XlsxMainMessage));
  try {
    const rows = await new Promise<number>((resolve, reject) => {
      worker.on('message', (message: XlsxWorkerMessage) => {
        if (message.type === 'progress') ctx.events.emit('export.progress', { jobId, done: message.done, total: message.total });
        else if (message.type === 'done') resolve(message.rows);
        else reject(new AppError(ERROR_CODES.includes(message.error.code) ? message.error.code : 'INTERNAL', message.error.message));
      });
      worker.on('error', (error) => reject(new AppError('INTERNAL', `The export stopped: ${error.message}`)));
      worker.on('exit', (code) => reject(new AppError('INTERNAL', `The export stopped before it finished (worker exit ${code}).`)));
    });
    await rename(data.file, path);
    return rows;
  } catch (error) {
    await rm(data.file, { force: true });
    throw error;
  } finally {
    stopListening();
    await worker.terminate();
  }
}
