import type { ReviewVerdict } from '../../shared/domain/review';
import type { Principal } from '../store/account-store';
import type { SqlClient } from '../store/sql-client';
import { mayReviewFirm } from '../authorization';
import { audit, type AuditActor } from '../audit/audit-log';
import { DecisionRefused, type Decided } from '../decisions/decide';

type Tx = Pick<SqlClient, 'query' | 'exec'>;

/**
 * A supervisor's review of one revision of a visit (审核, issue 30), from the outbox. Only a
 * supervisor or administrator whose counties hold the visit reviews it; a review of a revision
 * the officer has since amended is refused (the amendment waits for its own review). Reviewed
 * already (two supervisors, offline): this later one stands and names the earlier.
 */
export async function reviewVisitIn(tx: Tx, principal: Principal, actor: AuditActor, review: { decisionId: string; visitId: string; revision: number; verdict: ReviewVerdict; comment: string }): Promise<Decided & { revision: number }> {
  const { rows } = await tx.query<{ latest: number; county_code: string | null; account_id: string | null; firm_id: string | null; firm_name: string | null; kind: string }>(
    `SELECT v.revision AS latest, v.county_code, v.account_id, v.firm_id, COALESCE(d.data->>'name', v.firm->>'name') AS firm_name, v.kind
     FROM visit_revisions v LEFT JOIN directory_firms d ON d.id = v.firm_id WHERE v.visit_id = $1 ORDER BY v.revision DESC LIMIT 1`,
    [review.visitId],
  );
  const visit = rows[0];
  if (!visit) throw new DecisionRefused(404, 'decision.notFound', 'No visit with this id on the server.');
  const refusal = mayReviewFirm(principal, visit.county_code ?? '');
  if (refusal) throw new DecisionRefused(403, refusal.reason.replace(/^[^:]*:\s*/, ''), refusal.message);
  if (review.revision > visit.latest) throw new DecisionRefused(404, 'decision.notFound', 'The server has no such revision of this visit.');
  if (review.revision < visit.latest) throw new DecisionRefused(409, 'review.stale', 'The visit was amended since; review its latest revision.');
  const earlier = await tx.query<{ decided_by: string; decided_at: Date | string; outcome: string }>(
    `SELECT decided_by, decided_at, outcome FROM decisions WHERE kind = 'visit.review' AND subject = $1 AND revision = $2 AND status = 'applied' AND id <> $3 AND outcome IS NOT NULL ORDER BY version DESC LIMIT 1`,
    [review.visitId, review.revision, review.decisionId],
  );
  const before = earlier.rows[0];
  const replaced = before ? { by: before.decided_by, at: new Date(before.decided_at).toISOString(), outcome: before.outcome } : null;
  await audit(tx, actor, {
    action: 'visit.reviewed',
    object: review.visitId,
    counties: visit.county_code ? [visit.county_code] : null,
    detail: { revision: review.revision, verdict: review.verdict, via: 'outbox', ...(replaced ? { replaced: true } : {}) },
  });
  return { firmId: visit.firm_id, firmName: visit.firm_name, countyCode: visit.county_code ?? '', concerns: visit.account_id, outcome: review.verdict, replaced, revision: review.revision };
}
