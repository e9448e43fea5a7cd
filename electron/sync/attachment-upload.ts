import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { ATTACHMENT_CHUNK, AttachmentStatusBody } from '../../shared/api/sync-protocol';
import type { Db } from '../../db/open';
import type { AttachmentRow } from '../../db/repositories/attachments';
import { requestJson, type HttpConfig } from './http';

type PendingUpload = Omit<AttachmentRow, 'createdAt'>;

/**
 * Uploads the attachments of visits the server already holds, resuming each file
 * at the offset the server reports, one chunk at a time. Returns how many files
 * were completed. Any failure throws; the next cycle resumes where this stopped.
 */
export async function uploadAttachments(db: Db, http: HttpConfig, attachmentsDir: string): Promise<number> {
  const pending = db
    .prepare(
      `SELECT a.id, a.visit_id AS visitId, a.file_name AS fileName, a.stored_name AS storedName, a.size, a.sha256
       FROM attachments a WHERE a.uploaded = 0 AND EXISTS (SELECT 1 FROM outbox o WHERE o.visit_id = a.visit_id AND o.state = 'done')
       ORDER BY a.created_at`,
    )
    .all() as PendingUpload[];
  let completed = 0;
  for (const file of pending) {
    let { value: state } = await requestJson(http, '/api/v1/attachments', AttachmentStatusBody, {
      id: file.id,
      visitId: file.visitId,
      fileName: file.fileName,
      size: file.size,
      sha256: file.sha256,
    });
    const handle = await open(join(attachmentsDir, file.visitId, file.storedName), 'r');
    try {
      while (!state.complete) {
        const length = Math.min(ATTACHMENT_CHUNK, file.size - state.received);
        const chunk = Buffer.alloc(length);
        await handle.read(chunk, 0, length, state.received);
        ({ value: state } = await requestJson(http, `/api/v1/attachments/${file.id}`, AttachmentStatusBody, chunk, { method: 'PATCH', offset: state.received }));
        db.prepare('UPDATE attachments SET uploaded_bytes = ? WHERE id = ?').run(state.received, file.id);
      }
    } finally {
      await handle.close();
    }
    db.prepare('UPDATE attachments SET uploaded = 1, uploaded_bytes = size WHERE id = ?').run(file.id);
    completed++;
  }
  return completed;
}
