/** The tables a summary export writes: XLSX sheets in this order, one CSV each (no schema library: the XLSX worker reads it). */
export const SUMMARY_TABLES = ['summary', 'visits', 'problems', 'financing', 'firms', 'events', 'overdue', 'demands'] as const;
/** Tables written from the counted figures (the XLSX writes them once the main thread has counted). */
export const FIGURE_TABLES: readonly SummaryTable[] = ['summary', 'overdue', 'demands'];
export type SummaryTable = (typeof SUMMARY_TABLES)[number];
