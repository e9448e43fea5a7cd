import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../shared/api/errors';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { firmExists } from '../../../db/repositories/firms';
import { listAttachments } from '../../../db/repositories/attachments';
import { discardNeverCompletedDraft, getVisit, insertDraft, listRevisions, listVisits, reopenForAmendment, updateDraft, visitOfficers } from '../../../db/repositories/visits';
import { attachmentFile } from '../../../db/stored-path';
import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatcher';
import { completeVisit } from '../visit-completion';

type VisitHandlers = Pick<Handlers, 'visits.saveDraft' | 'visits.complete' | 'visits.amend' | 'visits.discardDraft' | 'visits.get' | 'visits.list' | 'visits.officers'>;

function publicVisit(ctx: ServiceContext, id: string) {
  const stored = getVisit(ctx.db, id);
  if (!stored) throw new AppError('NOT_FOUND', 'No visit with this id.');
  const { uiState: _ui, ...visit } = stored;
  return visit;
}

export function visitHandlers(ctx: ServiceContext): VisitHandlers {
  return {
    'visits.saveDraft': ({ id, firmId, kind, answers, uiState }) => {
      const now = ctx.now().toISOString();
      const visitId = id ?? uuidv7(ctx.now().getTime());
      let revision = 1;
      // Check and write in one immediate transaction so two quick autosaves cannot both insert.
      ctx.db
        .transaction(() => {
          const existing = getVisit(ctx.db, visitId);
          if (existing) {
            if (existing.status !== 'draft') throw new AppError('LOCKED', 'This visit is completed and locked.');
            if (existing.firmId !== firmId) throw new AppError('VALIDATION', 'A draft cannot move to another firm.', { firmId: 'validation.notAllowed' });
            if (existing.kind !== kind) throw new AppError('VALIDATION', 'A draft cannot change its kind.', { kind: 'validation.notAllowed' });
            updateDraft(ctx.db, { id: visitId, answers, uiState: uiState ?? existing.uiState, now });
            revision = existing.revision;
          } else {
            if (firmId !== null && !firmExists(ctx.db, firmId)) throw new AppError('VALIDATION', 'No firm with this id.', { firmId: 'validation.unknownFirm' });
            insertDraft(ctx.db, { id: visitId, firmId, kind, officer: ctx.officer(), answers, uiState: uiState ?? {}, now });
          }
        })
        .immediate();
      return { id: visitId, revision, savedAt: now };
    },

    'visits.complete': async ({ id, answers }) => {
      await completeVisit(ctx, id, answers);
      ctx.events.emit('visits.changed', { ids: [id] });
      ctx.kickSync();
      return publicVisit(ctx, id);
    },

    'visits.discardDraft': async ({ id }) => {
      if (!getVisit(ctx.db, id)) throw new AppError('NOT_FOUND', 'No visit with this id.');
      const stored = discardNeverCompletedDraft(ctx.db, id);
      if (stored === null) throw new AppError('LOCKED', 'Only a draft never completed can be discarded; a completed visit is kept (amend it instead).');
      for (const name of stored) {
        try {
          await rm(attachmentFile(ctx.attachmentsDir, id, name), { force: true });
        } catch {
          // A stored name outside the attachments folder: its row is gone, no file is touched.
        }
      }
      await rm(join(ctx.attachmentsDir, id), { recursive: true, force: true }).catch(() => undefined);
      ctx.events.emit('visits.changed', { ids: [id] });
      return { discarded: true };
    },

    'visits.amend': ({ id }) => {
      const visit = getVisit(ctx.db, id);
      if (!visit) throw new AppError('NOT_FOUND', 'No visit with this id.');
      if (visit.status !== 'completed') throw new AppError('CONFLICT', 'Only a completed visit can be amended.');
      const origin = ctx.db.prepare('SELECT origin FROM visits WHERE id = ?').pluck().get(id);
      if (origin === 'server') throw new AppError('FORBIDDEN', 'This visit is a read-only copy from the server; only its officer can amend it.');
      reopenForAmendment(ctx.db, id, ctx.now().toISOString());
      ctx.events.emit('visits.changed', { ids: [id] });
      return publicVisit(ctx, id);
    },

    'visits.get': ({ id }) => {
      const visit = getVisit(ctx.db, id);
      if (!visit) throw new AppError('NOT_FOUND', 'No visit with this id.');
      return { ...visit, revisions: listRevisions(ctx.db, id), attachments: listAttachments(ctx.db, id) };
    },

    'visits.list': ({ limit, offset, ...filter }) => listVisits(ctx.db, filter, limit ?? 50, offset ?? 0),
    'visits.officers': () => visitOfficers(ctx.db),
  };
}
