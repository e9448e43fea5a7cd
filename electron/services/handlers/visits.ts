import { AppError } from '../../../shared/api/errors';
import type { PushedVisit } from '../../../shared/api/sync-protocol';
import { contentHash } from '../../../shared/domain/canonical';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { completeDiagnosisAnswers, localToday } from '../../../shared/domain/visit';
import { issuesToFields, issueToKey } from '../../../shared/domain/validation-keys';
import { firmExists } from '../../../db/repositories/firms';
import { enqueue } from '../../../db/repositories/outbox';
import { getVisit, insertDraft, listVisits, markCompleted, updateDraft, type StoredVisit } from '../../../db/repositories/visits';
import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatcher';

type VisitHandlers = Pick<Handlers, 'visits.saveDraft' | 'visits.complete' | 'visits.get' | 'visits.list'>;

function requireDraft(ctx: ServiceContext, id: string): StoredVisit {
  const visit = getVisit(ctx.db, id);
  if (!visit) throw new AppError('NOT_FOUND', 'No visit with this id.');
  if (visit.status !== 'draft') throw new AppError('LOCKED', 'This visit is completed and locked.');
  return visit;
}

export function visitHandlers(ctx: ServiceContext): VisitHandlers {
  return {
    'visits.saveDraft': ({ id, firmId, kind, answers, uiState }) => {
      const now = ctx.now().toISOString();
      const visitId = id ?? uuidv7(ctx.now().getTime());
      // Check and write in one immediate transaction so two quick autosaves cannot both insert.
      ctx.db
        .transaction(() => {
          const existing = getVisit(ctx.db, visitId);
          if (existing) {
            if (existing.status !== 'draft') throw new AppError('LOCKED', 'This visit is completed and locked.');
            if (existing.firmId !== firmId) throw new AppError('VALIDATION', 'A draft cannot move to another firm.', { firmId: 'validation.notAllowed' });
            updateDraft(ctx.db, { id: visitId, answers, uiState: uiState ?? existing.uiState, now });
          } else {
            if (!firmExists(ctx.db, firmId)) throw new AppError('VALIDATION', 'No firm with this id.', { firmId: 'validation.unknownFirm' });
            insertDraft(ctx.db, { id: visitId, firmId, kind, officer: ctx.officer, answers, uiState: uiState ?? {}, now });
          }
        })
        .immediate();
      return { id: visitId, savedAt: now };
    },

    'visits.complete': async ({ id, answers }) => {
      const draft = requireDraft(ctx, id);
      const now = ctx.now();
      const parsed = completeDiagnosisAnswers(localToday(now)).safeParse(answers, { error: issueToKey });
      if (!parsed.success) throw new AppError('VALIDATION', 'The survey is not complete.', issuesToFields(parsed.error.issues));
      const completedAt = now.toISOString();
      const body: Omit<PushedVisit, 'contentHash'> = {
        id,
        revision: draft.revision,
        firmId: draft.firmId,
        kind: draft.kind,
        officer: draft.officer,
        completedAt,
        answers: parsed.data,
      };
      const hash = await contentHash(body);
      const payload: PushedVisit = { ...body, contentHash: hash };
      // The visit is locked and queued in one transaction: never completed-but-unqueued.
      ctx.db
        .transaction(() => {
          requireDraft(ctx, id);
          markCompleted(ctx.db, { id, answers: parsed.data, contentHash: hash, completedAt });
          enqueue(ctx.db, { visitId: id, revision: draft.revision, payload: JSON.stringify(payload), contentHash: hash }, completedAt);
        })
        .immediate();
      ctx.events.emit('visits.changed', { ids: [id] });
      ctx.kickSync();
      const { uiState: _ui, ...visit } = getVisit(ctx.db, id)!;
      return visit;
    },

    'visits.get': ({ id }) => {
      const visit = getVisit(ctx.db, id);
      if (!visit) throw new AppError('NOT_FOUND', 'No visit with this id.');
      return visit;
    },

    'visits.list': ({ status, syncState, limit, offset }) => listVisits(ctx.db, { status, syncState }, limit ?? 50, offset ?? 0),
  };
}
