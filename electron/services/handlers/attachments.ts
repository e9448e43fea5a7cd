import { rm } from 'node:fs/promises';
import { AppError } from '../../../shared/api/errors';
import { deleteAttachment, getAttachment, listAttachments } from '../../../db/repositories/attachments';
import { attachmentPath, openableCopy, storeAttachmentFromPath } from '../attachments';
import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatcher';
import { requireDraft } from '../visit-completion';

export function attachmentHandlers(ctx: ServiceContext): Pick<Handlers, 'attachments.pick' | 'attachments.open' | 'attachments.remove'> {
  const find = (id: string) => {
    const row = getAttachment(ctx.db, id);
    if (!row) throw new AppError('NOT_FOUND', 'No attachment with this id.');
    return row;
  };
  return {
    'attachments.pick': async ({ visitId }) => {
      requireDraft(ctx, visitId);
      for (const path of await ctx.platform.pickFiles()) await storeAttachmentFromPath(ctx, visitId, path);
      return listAttachments(ctx.db, visitId);
    },
    'attachments.open': async ({ id }) => {
      const row = find(id);
      return ctx.platform.openFile(await openableCopy(ctx, row), row.fileName);
    },
    'attachments.remove': async ({ id }) => {
      const row = find(id);
      requireDraft(ctx, row.visitId);
      // A row whose stored name points outside the attachments folder is removed; no file is touched for it.
      const path = (() => {
        try {
          return attachmentPath(ctx, row);
        } catch {
          return null;
        }
      })();
      deleteAttachment(ctx.db, id);
      if (path) await rm(path, { force: true });
      return { removed: true };
    },
  };
}
