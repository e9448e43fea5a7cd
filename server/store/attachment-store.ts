import { createHash } from 'node:crypto';
import type { SqlClient } from './sql-client';

export interface AttachmentState {
  id: string;
  size: number;
  received: number;
  complete: boolean;
}

interface AttachmentRow {
  id: string;
  size: string;
  received: string;
  complete: boolean;
  account_id: string;
  sha256: string;
  visit_id: string;
}

const stateOf = (r: AttachmentRow): AttachmentState => ({ id: r.id, size: Number(r.size), received: Number(r.received), complete: r.complete });

/** An id already declared for another file (other bytes, size or visit) is refused, whichever way the file comes. */
function refuseOtherFile(row: AttachmentRow, file: { sha256: string; size: number; visitId: string }): void {
  if (row.sha256 !== file.sha256 || Number(row.size) !== file.size || row.visit_id !== file.visitId) throw new AttachmentError(409, 'CONFLICT', 'Another file was declared under this id.');
}

export class AttachmentError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Rows of at most 1 MB: a transfer file's attachment arrives whole, a laptop's in 256 KB chunks. */
const ROW_BYTES = 1024 * 1024;

/**
 * Resumable uploads: a file is declared (size and SHA-256), then its bytes arrive in
 * chunks at the offset the server says it has. The bytes live in the database
 * (attachment_chunks), written in the same transaction that moves the received count,
 * so any server instance can take the next chunk and a crash costs at most the chunk
 * in flight. The file counts only once its SHA-256 matches.
 */
export class AttachmentStore {
  constructor(private readonly db: SqlClient) {}

  async declare(a: { id: string; visitId: string; accountId: string; fileName: string; size: number; sha256: string }): Promise<AttachmentState> {
    // Who may attach to which visit is decided before this (authorizeAttachment).
    await this.db.query(
      `INSERT INTO attachments (id, visit_id, account_id, file_name, size, sha256) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
      [a.id, a.visitId, a.accountId, a.fileName, a.size, a.sha256],
    );
    const row = (await this.row(a.id))!;
    refuseOtherFile(row, a);
    return stateOf(row);
  }

  /**
   * A file small enough for one request, declared and stored whole (its SHA-256 checked
   * by the caller): the row and its bytes in one statement, so a fresh upload costs the
   * database one round trip instead of a declaration and a chunk's dozen. A retry of a
   * stored file answers as the first did; a file an earlier upload left half-sent goes on
   * from where it stopped.
   */
  async putWhole(a: { id: string; visitId: string; accountId: string; fileName: string; sha256: string; bytes: Buffer }): Promise<AttachmentState> {
    const size = a.bytes.length;
    const { rows } = await this.db.query<{ attachment_id: string }>(
      `WITH created AS (
         INSERT INTO attachments (id, visit_id, account_id, file_name, size, sha256, received, complete)
         VALUES ($1, $2, $3, $4, $5, $6, $5, true) ON CONFLICT (id) DO NOTHING RETURNING id
       )
       INSERT INTO attachment_chunks (attachment_id, start_offset, data) SELECT id, 0, $7::bytea FROM created RETURNING attachment_id`,
      [a.id, a.visitId, a.accountId, a.fileName, size, a.sha256, a.bytes],
    );
    if (rows.length) return { id: a.id, size, received: size, complete: true };
    const row = (await this.row(a.id))!;
    if (row.account_id !== a.accountId) throw new AttachmentError(404, 'NOT_FOUND', 'No such attachment of this account.');
    refuseOtherFile(row, { ...a, size });
    const state = stateOf(row);
    return state.complete ? state : this.append(a.id, a.accountId, state.received, a.bytes.subarray(state.received));
  }

  private async row(id: string) {
    const { rows } = await this.db.query<AttachmentRow>('SELECT id, size::text AS size, received::text AS received, complete, account_id, sha256, visit_id FROM attachments WHERE id = $1', [id]);
    return rows[0];
  }

  async state(id: string, accountId?: string): Promise<AttachmentState | null> {
    const r = await this.row(id);
    if (!r || (accountId !== undefined && r.account_id !== accountId)) return null;
    return stateOf(r);
  }

  async append(id: string, accountId: string, offset: number, bytes: Buffer): Promise<AttachmentState> {
    const outcome = await this.db.transaction(async (tx) => {
      // The row lock makes two instances receiving the same chunk at once take turns.
      const { rows } = await tx.query<{ size: string; received: string; complete: boolean; account_id: string; sha256: string }>(
        'SELECT size::text AS size, received::text AS received, complete, account_id, sha256 FROM attachments WHERE id = $1 FOR UPDATE',
        [id],
      );
      const row = rows[0];
      if (!row || row.account_id !== accountId) throw new AttachmentError(404, 'NOT_FOUND', 'Declare the attachment first.');
      const state: AttachmentState = { id, size: Number(row.size), received: Number(row.received), complete: row.complete };
      if (state.complete) return { state, mismatch: false };
      if (offset !== state.received) throw new AttachmentError(409, 'OFFSET', `The server has ${state.received} bytes; continue from there.`);
      if (offset + bytes.length > state.size) throw new AttachmentError(413, 'TOO_LARGE', 'More bytes than the declared size.');
      // Rows past `received` are from a write whose count never moved: drop them.
      await tx.query('DELETE FROM attachment_chunks WHERE attachment_id = $1 AND start_offset >= $2', [id, offset]);
      for (let at = 0; at < bytes.length; at += ROW_BYTES) {
        await tx.query('INSERT INTO attachment_chunks (attachment_id, start_offset, data) VALUES ($1, $2, $3)', [id, offset + at, bytes.subarray(at, at + ROW_BYTES)]);
      }
      const received = offset + bytes.length;
      if (received < state.size) {
        await tx.query('UPDATE attachments SET received = $2 WHERE id = $1', [id, received]);
        return { state: { ...state, received }, mismatch: false };
      }
      // The bytes before this chunk are read back; this chunk's are in hand.
      const hash = createHash('sha256');
      if (offset > 0) for await (const chunk of chunksOf(tx, id, offset)) hash.update(chunk);
      hash.update(bytes);
      if (hash.digest('hex') !== row.sha256) {
        await tx.query('DELETE FROM attachment_chunks WHERE attachment_id = $1', [id]);
        await tx.query('UPDATE attachments SET received = 0 WHERE id = $1', [id]);
        return { state: { ...state, received: 0 }, mismatch: true };
      }
      await tx.query('UPDATE attachments SET received = $2, complete = true WHERE id = $1', [id, received]);
      return { state: { ...state, received, complete: true }, mismatch: false };
    });
    if (outcome.mismatch) throw new AttachmentError(422, 'HASH_MISMATCH', 'The file does not match its SHA-256; send it again from the start.');
    return outcome.state;
  }

  /** The stored bytes of an attachment, in order (backups, tests, a future download). */
  read(id: string): AsyncIterable<Buffer> {
    return chunksOf(this.db, id);
  }
}

/** The rows of an attachment in order, those starting before `before` only when it is given. */
async function* chunksOf(db: Pick<SqlClient, 'query'>, id: string, before = Number.MAX_SAFE_INTEGER): AsyncIterable<Buffer> {
  let from = -1;
  for (;;) {
    // One row at a time: an attachment may be 50 MB.
    // Not aliased to its own name: ORDER BY would then sort the text, putting 1048576 before 262144.
    const { rows } = await db.query<{ at: string; data: Uint8Array }>(
      'SELECT c.start_offset::text AS at, c.data FROM attachment_chunks c WHERE c.attachment_id = $1 AND c.start_offset > $2 AND c.start_offset < $3 ORDER BY c.start_offset LIMIT 1',
      [id, from, before],
    );
    const row = rows[0];
    if (!row) return;
    from = Number(row.at);
    yield Buffer.from(row.data); // a copy: PGlite may hand out a view of memory it reuses
  }
}
