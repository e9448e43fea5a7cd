import { AppError } from '../../shared/api/errors';
import type { PushedVisit } from '../../shared/api/sync-protocol';
import { answersSchema, eventFirms, RAISES_PROBLEMS } from '../../shared/domain/answers';
import { contentHash } from '../../shared/domain/canonical';
import { localToday, type Visit } from '../../shared/domain/visit';
import { issuesToFields, issueToKey } from '../../shared/domain/validation-keys';
import { firmExists, getFirm, touchLastVisit } from '../../db/repositories/firms';
import { applyEvent } from '../../db/repositories/events';
import { enqueue } from '../../db/repositories/outbox';
import { listAttachments } from '../../db/repositories/attachments';
import { applyVisitToProblems, type FollowUpOutcome, type StatusUpdate } from '../../db/repositories/problems';
import { getVisit, markCompleted, type StoredVisit } from '../../db/repositories/visits';
import type { ServiceContext } from './context';
import { certificatesFromDiagnosis } from './firms/diagnosis-certificates';

export function requireDraft(ctx: ServiceContext, id: string): StoredVisit {
  const visit = getVisit(ctx.db, id);
  if (!visit) throw new AppError('NOT_FOUND', 'No visit with this id.');
  if (visit.status !== 'draft') throw new AppError('LOCKED', 'This visit is completed and locked.');
  return visit;
}

/** Validates the whole survey for the visit's kind; the renderer's check is only for comfort. */
export function validateForCompletion(kind: Visit['kind'], answers: unknown, now: Date): Record<string, unknown> {
  const parsed = answersSchema(kind, 'complete', localToday(now)).safeParse(answers, { error: issueToKey });
  if (!parsed.success) throw new AppError('VALIDATION', 'The survey is not complete.', issuesToFields(parsed.error.issues));
  return parsed.data;
}

/**
 * Completes a draft revision: lock it, keep the revision, make its problems (or a
 * follow-up's status changes) live, and queue it for sync — all in one transaction,
 * so a crash leaves either the draft or the completed, queued visit.
 */
export async function completeVisit(ctx: ServiceContext, id: string, rawAnswers: unknown): Promise<void> {
  const draft = requireDraft(ctx, id);
  const now = ctx.now();
  const answers = validateForCompletion(draft.kind, rawAnswers, now);
  const completedAt = now.toISOString();
  const firmId = draft.firmId;
  let firm: PushedVisit['firm'] = null;
  if (firmId !== null) {
    const known = getFirm(ctx.db, firmId, localToday(now));
    if (!known) throw new AppError('VALIDATION', 'No firm with this id.', { firmId: 'validation.unknownFirm' });
    firm = { name: known.name, creditCode: known.creditCode, countyCode: known.countyCode };
  } else {
    const missing = eventFirms(answers).findIndex((f) => !firmExists(ctx.db, f.firmId));
    if (missing >= 0) throw new AppError('VALIDATION', 'The event names a firm this laptop does not know.', { [`firms.${missing}.firmId`]: 'validation.unknownFirm' });
  }
  const body: Omit<PushedVisit, 'contentHash'> = {
    id,
    revision: draft.revision,
    firmId,
    kind: draft.kind,
    officer: draft.officer,
    completedAt,
    firm,
    answers,
    attachments: listAttachments(ctx.db, id).map(({ id: attachmentId, fileName, size, sha256 }) => ({ id: attachmentId, fileName, size, sha256 })),
  };
  const hash = await contentHash(body);
  const payload: PushedVisit = { ...body, contentHash: hash };
  ctx.db
    .transaction(() => {
      const current = requireDraft(ctx, id);
      if (current.revision !== draft.revision) throw new AppError('CONFLICT', 'The visit changed while it was being completed.');
      markCompleted(ctx.db, { id, answers, contentHash: hash, completedAt });
      if (firmId !== null) {
        // A diagnosis or a patrol raises problems (the same rules); others move them.
        const moving = { id, revision: draft.revision, kind: draft.kind, firmId, officer: draft.officer, answers, completedAt };
        if ((RAISES_PROBLEMS as readonly string[]).includes(draft.kind)) applyVisitToProblems(ctx.db, moving);
        // The certificates a diagnosis recorded become the firm's (and a firm change for the register).
        if (draft.kind === 'diagnosis') {
          const certified = ((answers.green as { certified?: unknown[] } | undefined)?.certified ?? []) as Parameters<typeof certificatesFromDiagnosis>[3];
          const current = getFirm(ctx.db, firmId, localToday(now));
          if (current) certificatesFromDiagnosis(ctx, current, id, certified, completedAt);
        }
        if (draft.kind === 'followup') {
          const updates = answers.updates as StatusUpdate[];
          refuseUnapplied(applyVisitToProblems(ctx.db, moving), (problemId) => `updates.${updates.findIndex((u) => u.problemId === problemId)}`, () => 'updates');
        }
        touchLastVisit(ctx.db, firmId);
      } else {
        const firms = (answers.firms ?? []) as { updates?: StatusUpdate[] }[];
        const pathOf = (problemId: string) => {
          const i = firms.findIndex((f) => (f.updates ?? []).some((u) => u.problemId === problemId));
          return `firms.${i}.updates.${(firms[i]?.updates ?? []).findIndex((u) => u.problemId === problemId)}`;
        };
        refuseUnapplied(applyEvent(ctx.db, id, draft.revision, answers, completedAt, draft.officer), pathOf, (problemId) => `${pathOf(problemId)}.problemId`);
      }
      enqueue(ctx.db, { visitId: id, revision: draft.revision, payload: JSON.stringify(payload), contentHash: hash }, completedAt);
    })
    .immediate();
}

/** A follow-up's or an event's update the store could not apply refuses the whole completion, pointing at the field. */
function refuseUnapplied({ foreign, notFinancing }: FollowUpOutcome, updatePath: (problemId: string) => string, foreignPath: (problemId: string) => string): void {
  if (foreign.length) throw new AppError('VALIDATION', 'A problem can only be taken up with its own firm.', { [foreignPath(foreign[0]!)]: 'validation.unknownProblem' });
  if (notFinancing.length) throw new AppError('VALIDATION', 'Bank progress can only be recorded on a financing problem.', { [`${updatePath(notFinancing[0]!)}.financing`]: 'validation.financingOnlyForFinancing' });
}
