import { ATTACHMENT_CHUNK, AttachmentStatusBody } from '../../shared/api/sync-protocol';
import type { Db } from '../../db/open';
import { attachmentFile, StoredPathError } from '../../db/stored-path';
import type { AttachmentRow } from '../../db/repositories/attachments';
import { requestJson, TransportError, type HttpConfig } from './http';
import { readAttachment } from '../services/encryption/attachment-cipher';

type PendingUpload = Omit<AttachmentRow, 'createdAt'>;

/**
 * Uploads the attachments of visits the server already holds, resuming each file
 * at the offset the server reports, one chunk at a time. Returns how many files
 * were completed. Any failure throws; the next cycle resumes where this stopped.
 */
export async function uploadAttachments(db: Db, http: HttpConfig, attachmentsDir: string, key: Buffer): Promise<number> {
  const pending = db
    .prepare(
      `SELECT a.id, a.visit_id AS visitId, a.file_name AS fileName, a.stored_name AS storedName, a.size, a.sha256
       FROM attachments a WHERE a.uploaded = 0 AND EXISTS (SELECT 1 FROM outbox o WHERE o.visit_id = a.visit_id AND o.state = 'done')
       ORDER BY a.created_at`,
    )
    .all() as PendingUpload[];
  let completed = 0;
  // A server from before whole-file uploads answers PUT with 404: then every file goes in chunks.
  let whole = true;
  for (const file of pending) {
    let path: string;
    try {
      path = attachmentFile(attachmentsDir, file.visitId, file.storedName);
    } catch (error) {
      if (error instanceof StoredPathError) continue; // never read from outside the folder; the rest still go
      throw error;
    }
    // The file is kept encrypted: its original bytes (what the hash is of) are read whole, at most 50 MB.
    const bytes = await readAttachment(path, key);
    if (!(whole && file.size <= ATTACHMENT_CHUNK && (await putWhole(http, file, bytes)))) {
      whole = false;
      await uploadInChunks(db, http, file, bytes);
    }
    db.prepare('UPDATE attachments SET uploaded = 1, uploaded_bytes = size WHERE id = ?').run(file.id);
    completed++;
  }
  return completed;
}

/**
 * A file of at most one chunk, declared and sent in one request. False when the server
 * does not know whole-file uploads (or not the visit yet: the declaration then says why).
 */
async function putWhole(http: HttpConfig, file: PendingUpload, bytes: Buffer): Promise<boolean> {
  const headers = { 'x-visit-id': file.visitId, 'x-file-name': encodeURIComponent(file.fileName), 'x-sha256': file.sha256 };
  try {
    await requestJson(http, `/api/v1/attachments/${file.id}`, AttachmentStatusBody, bytes, { method: 'PUT', headers });
    return true;
  } catch (error) {
    if (error instanceof TransportError && error.httpStatus === 404) return false;
    throw error;
  }
}

/** Declares the file, then sends it chunk by chunk from the offset the server reports (resuming a file a cut connection left half-sent). */
async function uploadInChunks(db: Db, http: HttpConfig, file: PendingUpload, bytes: Buffer): Promise<void> {
  let { value: state } = await requestJson(http, '/api/v1/attachments', AttachmentStatusBody, {
    id: file.id,
    visitId: file.visitId,
    fileName: file.fileName,
    size: file.size,
    sha256: file.sha256,
  });
  while (!state.complete) {
    const chunk = bytes.subarray(state.received, Math.min(state.received + ATTACHMENT_CHUNK, file.size));
    ({ value: state } = await requestJson(http, `/api/v1/attachments/${file.id}`, AttachmentStatusBody, chunk, { method: 'PATCH', offset: state.received }));
    db.prepare('UPDATE attachments SET uploaded_bytes = ? WHERE id = ?').run(state.received, file.id);
  }
}
