/**
 * Supervisors' review of visits (审核, issue 30). A review belongs to one revision of a visit:
 * 通过 (pass), 退回 (return: the officer must amend it) or 存疑 (query: the officer should look
 * again). A visit amended after its latest review is 已修改待复核 until it is reviewed again. Two
 * supervisors reviewing the same revision: the review the server received later stands.
 */
export const REVIEW_VERDICTS = ['pass', 'return', 'query'] as const;
export type ReviewVerdict = (typeof REVIEW_VERDICTS)[number];

export const REVIEW_STATES = ['unreviewed', 'passed', 'returned', 'queried', 'amended'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

const STATE_OF: Record<ReviewVerdict, ReviewState> = { pass: 'passed', return: 'returned', query: 'queried' };

/** A completed visit's review state from its latest review (by the server's order) and its current revision. */
export function reviewStateOf(latest: { revision: number; verdict: ReviewVerdict } | null, currentRevision: number): ReviewState {
  if (!latest) return 'unreviewed';
  return latest.revision < currentRevision ? 'amended' : STATE_OF[latest.verdict];
}

/** The same rule in SQL over a laptop's `visit_reviews` (r) for a visit whose current revision is `revisionExpr`. */
export const reviewStateSql = (visitIdExpr: string, revisionExpr: string): string => `COALESCE((
  SELECT CASE WHEN r.revision < ${revisionExpr} THEN 'amended' WHEN r.verdict = 'pass' THEN 'passed' WHEN r.verdict = 'return' THEN 'returned' ELSE 'queried' END
  FROM visit_reviews r WHERE r.visit_id = ${visitIdExpr} ORDER BY r.received_at DESC, r.rowid DESC LIMIT 1), 'unreviewed')`;

/** A return or a query says why (2–500 characters); a pass may carry a remark. */
export const needsComment = (verdict: ReviewVerdict): boolean => verdict !== 'pass';
