/** Reading an event's answers without its schema (the XLSX worker loads no schema library). */
export function eventUpdates(answers: Record<string, unknown>): { firmId: string; problemId: string; status?: unknown; note?: unknown; financing?: unknown }[] {
  const firms = Array.isArray(answers.firms) ? (answers.firms as { firmId?: unknown; updates?: unknown }[]) : [];
  return firms.flatMap((f) =>
    typeof f.firmId === 'string' && Array.isArray(f.updates)
      ? (f.updates as { problemId?: unknown }[]).flatMap((u) => (typeof u.problemId === 'string' ? [{ ...u, firmId: f.firmId as string, problemId: u.problemId }] : []))
      : [],
  );
}

/** The firms an event names, with whether they came. */
export function eventFirms(answers: Record<string, unknown>): { firmId: string; attended: boolean }[] {
  const firms = Array.isArray(answers.firms) ? (answers.firms as { firmId?: unknown; attended?: unknown }[]) : [];
  return firms.flatMap((f) => (typeof f.firmId === 'string' ? [{ firmId: f.firmId, attended: f.attended === true }] : []));
}
