/** The tables a summary export writes: XLSX sheets in this order, one CSV each (no schema library: the XLSX worker reads it). */
export const SUMMARY_TABLES = ['summary', 'visits', 'problems', 'financing', 'firms', 'events'] as const;
export type SummaryTable = (typeof SUMMARY_TABLES)[number];
