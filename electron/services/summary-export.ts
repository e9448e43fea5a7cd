import { csvRow, UTF8_BOM } from '../../shared/domain/csv';
import type { SummaryFilter } from '../../shared/domain/summary';
import { computeSummary, materializeCounted } from '../../db/repositories/summary';
import { writeFileAtomically } from './atomic-file';
import type { ServiceContext } from './context';
import { summaryTables, type TableName } from './summary-tables';
import { cancelledError, exportTracker } from './xlsx-file';

/** Export jobs the officer may cancel; a cancelled job removes its temporary file. */
export class ExportJobs {
  private readonly cancelled = new Set<string>();
  private readonly listeners = new Map<string, () => void>();
  cancel(jobId: string): void {
    this.cancelled.add(jobId);
    this.listeners.get(jobId)?.();
  }
  check(jobId: string): void {
    if (this.cancelled.delete(jobId)) throw cancelledError();
  }
  /** Tells a job running elsewhere (the XLSX worker) of a cancel; returns the way to stop listening. */
  onCancel(jobId: string, listener: () => void): () => void {
    this.listeners.set(jobId, listener);
    return () => {
      this.listeners.delete(jobId);
      this.cancelled.delete(jobId);
    };
  }
}

/** One table of the summary as CSV: UTF-8 with BOM, the same rows as the workbook's sheet. */
export async function writeSummaryCsv(ctx: ServiceContext, filter: SummaryFilter, table: TableName, path: string, jobId: string, jobs: ExportJobs): Promise<number> {
  const summary = table === 'summary' ? computeSummary(ctx.db, filter) : null;
  const counted = materializeCounted(ctx.db, filter, jobId, table === 'problems', table === 'visits');
  try {
    const progress = exportTracker(
      ctx.db,
      counted,
      (done, total) => ctx.events.emit('export.progress', { jobId, done, total }),
      () => jobs.check(jobId),
    );
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
