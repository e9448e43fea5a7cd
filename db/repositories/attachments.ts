import type { Db } from '../open';

export interface AttachmentRow {
  id: string;
  visitId: string;
  fileName: string;
  storedName: string;
  size: number;
  sha256: string;
  createdAt: string;
}

const COLUMNS = 'id, visit_id AS visitId, file_name AS fileName, stored_name AS storedName, size, sha256, created_at AS createdAt';

export function listAttachments(db: Db, visitId: string): AttachmentRow[] {
  return db.prepare(`SELECT ${COLUMNS} FROM attachments WHERE visit_id = ? ORDER BY created_at, id`).all(visitId) as AttachmentRow[];
}

export function getAttachment(db: Db, id: string): AttachmentRow | null {
  return (db.prepare(`SELECT ${COLUMNS} FROM attachments WHERE id = ?`).get(id) as AttachmentRow | undefined) ?? null;
}

export function insertAttachment(db: Db, a: AttachmentRow): void {
  db.prepare(
    'INSERT INTO attachments (id, visit_id, file_name, stored_name, size, sha256, created_at) VALUES (@id, @visitId, @fileName, @storedName, @size, @sha256, @createdAt)',
  ).run(a);
}

export function deleteAttachment(db: Db, id: string): void {
  db.prepare('DELETE FROM attachments WHERE id = ?').run(id);
}
