import type { Principal } from './store/account-store';

/**
 * Who may write what, stated once. Every write path (batch push, transfer import,
 * attachment upload, follow-ups of problems) asks here, and each rule has one test
 * (tests/unit/server/authorization.test.ts). Scope comes from the server's own
 * records: the register's county for a known firm, the account's counties for a
 * firm proposed from the field — never from what a laptop says about either.
 */
export type Refusal = { status: 403; code: 'FORBIDDEN'; message: string; reason: string };

const refuse = (message: string, reason: string): Refusal => ({ status: 403, code: 'FORBIDDEN', message, reason });

/** Pushing visits (online or by transfer file): officers and admins; supervisors read only. */
export function mayPushVisits(principal: Principal): Refusal | null {
  if (principal.role === 'supervisor') return refuse('Supervisors read visits; they do not push them.', 'role: validation.supervisorsDoNotPush');
  return null;
}

/** Whether a county lies in the account's scope (null = the whole city). */
export function inScope(principal: Principal, countyCode: string): boolean {
  return principal.countyScope === null || principal.countyScope.includes(countyCode);
}

export interface RegisterFirm {
  id: string;
  countyCode: string;
  name: string;
  creditCode: string;
}

/**
 * Where a pushed visit belongs. A firm in the register: its county there, which must
 * be in scope. A firm the register does not know (found in the field): only in one
 * of the account's own counties, and recorded as a proposal.
 */
export function placeVisit(
  principal: Principal,
  claimed: { firmId: string; countyCode: string; name: string; creditCode: string },
  registered: RegisterFirm | null,
): { countyCode: string; firm: { name: string; creditCode: string; countyCode: string }; proposed: boolean } | Refusal {
  if (registered) {
    if (!inScope(principal, registered.countyCode)) return refuse('The firm is outside the counties of this account.', 'firmId: validation.outOfScope');
    return { countyCode: registered.countyCode, firm: { name: registered.name, creditCode: registered.creditCode, countyCode: registered.countyCode }, proposed: false };
  }
  if (!inScope(principal, claimed.countyCode)) return refuse('A new firm may only be placed in one of the counties of this account.', 'firm.countyCode: validation.outOfScope');
  return { countyCode: claimed.countyCode, firm: { name: claimed.name, creditCode: claimed.creditCode, countyCode: claimed.countyCode }, proposed: true };
}

/**
 * Where a pushed event (活动) belongs: the county it was held in, which must be in the
 * account's scope; and every firm it names must be one the server knows (register or
 * proposal) within that scope — an officer cannot report firms of other counties as reached.
 * Returns the register's id of each named firm (an alias resolves to its firm).
 */
export function placeEvent(principal: Principal, countyCode: string, named: readonly string[], registered: ReadonlyMap<string, RegisterFirm>): { countyCode: string; firmIds: Map<string, string> } | Refusal {
  if (!inScope(principal, countyCode)) return refuse('The event was held outside the counties of this account.', 'answers.countyCode: validation.eventOutOfScope');
  const firmIds = new Map<string, string>();
  for (const id of named) {
    const firm = registered.get(id);
    if (!firm) return refuse('The event names a firm the register does not know.', 'answers.firms: validation.unknownFirm');
    if (!inScope(principal, firm.countyCode)) return refuse('The event names a firm outside the counties of this account.', 'answers.firms: validation.outOfScope');
    firmIds.set(id, firm.id);
  }
  return { countyCode, firmIds };
}

/**
 * A follow-up may move only problems of the firm it visits: a problem the server
 * knows to belong to another firm is refused (one it does not know yet — raised in
 * a visit not on the server — cannot belong to another firm it knows).
 */
export function mayMoveProblems(firmId: string, problems: ReadonlyMap<string, { firmId: string }>, problemIds: readonly string[]): Refusal | null {
  const foreign = problemIds.filter((id) => problems.has(id) && problems.get(id)!.firmId !== firmId);
  return foreign.length ? refuse('A follow-up may only move problems of the firm it visits.', 'answers.updates: validation.problemOtherFirm') : null;
}

/** Bank progress (a financing case's step) only on a problem the server knows to be about financing. */
export function mayRecordFinancing(problems: ReadonlyMap<string, { category: string | null }>, problemIds: readonly string[]): Refusal | null {
  const wrong = problemIds.filter((id) => {
    const category = problems.get(id)?.category;
    return category != null && category !== 'financing';
  });
  return wrong.length ? refuse('Bank progress can only be recorded on a financing problem.', 'answers.updates: validation.financingOnlyForFinancing') : null;
}

/** Attachments belong to the account that pushed their visit. */
export function mayAttach(principal: Principal, visitOwner: string | null): Refusal | null {
  if (visitOwner === null) return null; // the caller answers "push the visit first"
  return visitOwner === principal.accountId ? null : refuse('This visit belongs to another officer.', 'visitId: validation.notYourVisit');
}

/** Importing the bureau's list into the register: administrators only. */
export function mayManageRegister(principal: Principal): Refusal | null {
  return principal.role === 'admin' ? null : refuse('Only administrators import the register.', 'role: validation.adminOnly');
}

/** Proposing and editing firms from the field: officers and admins (supervisors decide, they do not propose). */
export function mayProposeFirms(principal: Principal): Refusal | null {
  return principal.role === 'supervisor' ? refuse('Supervisors decide on firms from the field; they do not propose them.', 'role: validation.supervisorsDoNotPush') : null;
}

/** Accepting a proposed firm or settling a conflict: supervisors and admins, for firms of their counties. */
export function mayReviewFirm(principal: Principal, countyCode: string): Refusal | null {
  if (principal.role === 'officer') return refuse('Supervisors and administrators decide on the register.', 'role: validation.reviewersOnly');
  return inScope(principal, countyCode) ? null : refuse('The firm is outside the counties of this account.', 'firmId: validation.outOfScope');
}
