import type { CallbackVerdict } from '../../../shared/domain/demand/track';

/**
 * A problem's demand as the summary counts it (issue 31): present when it was handed to a
 * department or the firm was called back. Read as one JSON cell, so the 120,000 problems
 * never handed cost one NULL each.
 */
export interface DemandFact {
  handedOn: string | null;
  resolvedOn: string | null;
  urgency: string;
  extensionDays: number | null;
  verdict: CallbackVerdict | null;
  department: string;
}

/** The column `demandFactOf` reads (from `problems`). */
export const DEMAND_FACT_SQL = `CASE WHEN handed_on IS NOT NULL OR callback IS NOT NULL THEN json_array(handed_on, resolved_on, urgency, json_extract(extension, '$.days'), json_extract(callback, '$.verdict'), department) END`;

export function demandFactOf(cell: string | null): DemandFact | null {
  if (cell === null) return null;
  const [handedOn, resolvedOn, urgency, extensionDays, verdict, department] = JSON.parse(cell) as [string | null, string | null, string, number | null, CallbackVerdict | null, string];
  return { handedOn, resolvedOn, urgency, extensionDays, verdict, department };
}
