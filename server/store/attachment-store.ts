import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SqlClient } from './sql-client';

export interface AttachmentState {
  id: string;
  size: number;
  received: number;
  complete: boolean;
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

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Resumable uploads: a file is declared (size and SHA-256), then its bytes arrive
 * in chunks at the offset the server says it has. Each chunk is written and
 * fsynced before the received count moves, so a cut connection or a crash costs at
 * most one chunk. The file counts only once its SHA-256 matches.
 */
export class AttachmentStore {
  constructor(
    private readonly db: SqlClient,
    private readonly dir: string,
  ) {}

  private part(id: string): string {
    return join(this.dir, `${id}.part`);
  }

  async declare(a: { id: string; visitId: string; accountId: string; fileName: string; size: number; sha256: string }): Promise<AttachmentState> {
    // Who may attach to which visit is decided before this (authorizeAttachment).
    await this.db.query(
      `INSERT INTO attachments (id, visit_id, account_id, file_name, size, sha256) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
      [a.id, a.visitId, a.accountId, a.fileName, a.size, a.sha256],
    );
    const state = await this.state(a.id);
    const { rows } = await this.db.query<{ sha256: string; size: string; visit_id: string }>('SELECT sha256, size::text AS size, visit_id FROM attachments WHERE id = $1', [a.id]);
    const row = rows[0]!;
    if (row.sha256 !== a.sha256 || Number(row.size) !== a.size || row.visit_id !== a.visitId) throw new AttachmentError(409, 'CONFLICT', 'Another file was declared under this id.');
    return state!;
  }

  async state(id: string, accountId?: string): Promise<AttachmentState | null> {
    const { rows } = await this.db.query<{ id: string; size: string; received: string; complete: boolean; account_id: string }>(
      'SELECT id, size::text AS size, received::text AS received, complete, account_id FROM attachments WHERE id = $1',
      [id],
    );
    const r = rows[0];
    if (!r || (accountId !== undefined && r.account_id !== accountId)) return null;
    return { id: r.id, size: Number(r.size), received: Number(r.received), complete: r.complete };
  }

  async append(id: string, accountId: string, offset: number, bytes: Buffer): Promise<AttachmentState> {
    const state = await this.state(id, accountId);
    if (!state) throw new AttachmentError(404, 'NOT_FOUND', 'Declare the attachment first.');
    if (state.complete) return state;
    if (offset !== state.received) throw new AttachmentError(409, 'OFFSET', `The server has ${state.received} bytes; continue from there.`);
    if (offset + bytes.length > state.size) throw new AttachmentError(413, 'TOO_LARGE', 'More bytes than the declared size.');
    await mkdir(this.dir, { recursive: true });
    const file = await open(this.part(id), 'a+');
    try {
      // Bytes past `received` are from a write whose count never moved: drop them.
      await file.truncate(offset);
      await file.write(bytes, 0, bytes.length, offset);
      await file.sync();
    } finally {
      await file.close();
    }
    const received = offset + bytes.length;
    if (received < state.size) {
      await this.db.query('UPDATE attachments SET received = $2 WHERE id = $1', [id, received]);
      return { ...state, received };
    }
    const { rows } = await this.db.query<{ sha256: string }>('SELECT sha256 FROM attachments WHERE id = $1', [id]);
    if ((await sha256Of(this.part(id))) !== rows[0]!.sha256) {
      await rm(this.part(id), { force: true });
      await this.db.query('UPDATE attachments SET received = 0 WHERE id = $1', [id]);
      throw new AttachmentError(422, 'HASH_MISMATCH', 'The file does not match its SHA-256; send it again from the start.');
    }
    await rename(this.part(id), join(this.dir, `${id}.bin`));
    await this.db.query('UPDATE attachments SET received = $2, complete = true WHERE id = $1', [id, received]);
    return { ...state, received, complete: true };
  }
}
