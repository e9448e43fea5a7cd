import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/api/errors';
import type { QueuedDecision } from '../../../shared/api/decisions';
import type { AccountInfo } from '../../../shared/api/sync-protocol';
import { queueDecision, queuedDecision } from '../../../db/repositories/decision-outbox';
import { getVisit, listVisits } from '../../../db/repositories/visits';
import { reviewsOf, reviewStateHere, visitsToRevise } from '../../../db/repositories/visit-reviews';
import { sendNowOrLater } from '../../sync/decision-push';
import type { Credentials } from '../../sync/engine';
import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatcher';
import { onlineAs } from '../handlers/online';

/** The most visits one bulk 通过 queues (a month of a large county); more are passed by a second click. */
export const MAX_BULK_PASS = 5_000;

/**
 * 审核 from the app: a supervisor reviews the synced copy of a completed visit — 通过, 退回 or
 * 存疑 — offline too: the review is queued with the supervisors' decisions and sent at once when
 * online. The server decides who may (a supervisor of the visit's county) and keeps the later of
 * two reviews of one revision. Officers read their returned visits here, offline, after a sync.
 */
export function visitReviewHandlers(ctx: ServiceContext, credentials: () => Credentials, account: () => AccountInfo | null): Pick<Handlers, 'reviews.of' | 'reviews.review' | 'reviews.passAll' | 'reviews.toRevise'> {
  const reviewer = () => onlineAs(credentials, account, ['supervisor', 'admin'], 'Sign in with a supervisor or administrator account to review visits.');
  const completedRevision = (visitId: string): number => {
    const row = ctx.db.prepare('SELECT completed_revision FROM visits WHERE id = ?').pluck().get(visitId) as number | null | undefined;
    if (row === undefined) throw new AppError('NOT_FOUND', 'No visit with this id.');
    if (row === null) throw new AppError('CONFLICT', 'Only a completed visit is reviewed.');
    return row;
  };
  const queueReview = (visitId: string, revision: number, verdict: 'pass' | 'return' | 'query', comment: string, label: string): string => {
    const decision: QueuedDecision = { id: randomUUID(), kind: 'visit.review', subject: visitId, revision, verdict, comment, decidedAt: ctx.now().toISOString() };
    queueDecision(ctx.db, decision, label);
    return decision.id;
  };
  return {
    'reviews.of': ({ visitId }) => {
      const visit = getVisit(ctx.db, visitId);
      if (!visit) throw new AppError('NOT_FOUND', 'No visit with this id.');
      const revision = ctx.db.prepare('SELECT completed_revision FROM visits WHERE id = ?').pluck().get(visitId) as number | null;
      return {
        state: revision === null ? null : reviewStateHere(ctx.db, visitId, revision),
        revision,
        reviews: reviewsOf(ctx.db, visitId, account()?.displayName ?? account()?.username ?? ''),
      };
    },
    'reviews.review': async ({ visitId, verdict, comment, label }) => {
      const http = reviewer(); // refused before anything is queued for an account that does not review
      const id = queueReview(visitId, completedRevision(visitId), verdict, comment, label);
      await sendNowOrLater(ctx.db, http, () => ctx.now());
      ctx.kickSync();
      return queuedDecision(ctx.db, id)!;
    },
    'reviews.passAll': async ({ filter, label }) => {
      const http = reviewer();
      // Every page of the filtered list: visits still waiting for a review (never reviewed, or amended since).
      const waiting = [...listVisits(ctx.db, { ...filter, status: 'completed', review: 'unreviewed' }, MAX_BULK_PASS, 0).items, ...listVisits(ctx.db, { ...filter, status: 'completed', review: 'amended' }, MAX_BULK_PASS, 0).items].slice(0, MAX_BULK_PASS);
      const queuedAlready = new Set(ctx.db.prepare(`SELECT subject FROM decision_outbox WHERE kind = 'visit.review' AND state = 'pending'`).pluck().all() as string[]);
      const todo = waiting.filter((v) => !queuedAlready.has(v.id));
      ctx.db.transaction(() => {
        for (const v of todo) queueReview(v.id, completedRevision(v.id), 'pass', '', `${v.firmName} · ${v.visitDate ?? ''} · ${label}`.slice(0, 200));
      })();
      await sendNowOrLater(ctx.db, http, () => ctx.now());
      ctx.kickSync();
      const pending = ctx.db.prepare(`SELECT COUNT(*) FROM decision_outbox WHERE kind = 'visit.review' AND state = 'pending'`).pluck().get() as number;
      return { queued: todo.length, pending };
    },
    'reviews.toRevise': () => visitsToRevise(ctx.db),
  };
}
