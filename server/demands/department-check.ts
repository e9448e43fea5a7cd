import type { PushedVisit } from '../../shared/api/sync-protocol';
import { eventUpdates, raisedProblemsOf } from '../../shared/domain/answers';

/**
 * The departments a visit hands problems to (issue 31), with where each was named: a raised
 * problem's department, or a follow-up's or an event's handing. The server checks them
 * against the bureau's department list (kept by administrators), whatever the laptop offered.
 */
function namedDepartments(v: PushedVisit): { path: string; name: string }[] {
  const out: { path: string; name: string }[] = [];
  raisedProblemsOf<{ department?: unknown }>(v.kind, v.answers).forEach((p, i) => {
    if (typeof p.department === 'string' && p.department) out.push({ path: `answers.problems.${i}.department`, name: p.department });
  });
  const updates = v.kind === 'followup' && Array.isArray(v.answers.updates) ? (v.answers.updates as { department?: unknown }[]) : v.kind === 'event' ? eventUpdates(v.answers) : [];
  updates.forEach((u, i) => {
    const department = (u as { department?: unknown }).department;
    if (typeof department === 'string' && department) out.push({ path: `answers.updates.${i}.department`, name: department });
  });
  return out;
}

export const namesDepartments = (v: PushedVisit): boolean => namedDepartments(v).length > 0;

/** The first department the visit names that the list does not hold (active), as a rejection reason; null when all are known. */
export function unknownDepartment(v: PushedVisit, departments: ReadonlySet<string>): string | null {
  const unknown = namedDepartments(v).find((d) => !departments.has(d.name));
  return unknown ? `${unknown.path}: validation.unknownDepartment` : null;
}
