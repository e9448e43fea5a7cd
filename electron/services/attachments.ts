import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { AppError } from '../../shared/api/errors';
import { insertAttachment, type AttachmentRow } from '../../db/repositories/attachments';
import { attachmentFile, StoredPathError } from '../../db/stored-path';
import type { ServiceContext } from './context';
import { requireDraft } from './visit-completion';
import { decryptAttachmentTo, encryptingTransform } from './encryption/attachment-cipher';

export const MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024;

/** A file name safe on every OS, keeping Chinese characters. */
export function safeFileName(name: string): string {
  const cleaned = basename(name.replace(/\\/g, '/'))
    // Control characters and the characters Windows forbids in file names.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f<>:"/\\|?*]/g, '_')
    .trim()
    .slice(0, 120);
  return cleaned && cleaned !== '.' && cleaned !== '..' ? cleaned : 'attachment';
}

/**
 * Copies a file into the visit's attachment folder, encrypted (hashing the original bytes on
 * the way: the server checks what the officer attached), then records it. The copy is complete and fsynced before the row exists, so a crash
 * never leaves a row pointing at half a file.
 */
export async function storeAttachment(ctx: ServiceContext, visitId: string, fileName: string, source: Readable): Promise<AttachmentRow> {
  const visit = requireDraft(ctx, visitId);
  const id = randomUUID();
  const storedName = `${id}.bin`;
  const target = attachmentFile(ctx.attachmentsDir, visit.id, storedName);
  await mkdir(join(ctx.attachmentsDir, visit.id), { recursive: true, mode: 0o700 });
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > MAX_ATTACHMENT_BYTES) return done(new AppError('VALIDATION', 'The file is larger than 50 MB.', { file: 'validation.fileTooLarge' }));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    const out = createWriteStream(target, { flags: 'wx', mode: 0o600 });
    await pipeline(source, meter, encryptingTransform(ctx.attachmentKey), out);
    const handle = await open(target, 'r+');
    await handle.sync();
    await handle.close();
    const row: AttachmentRow = { id, visitId, fileName: safeFileName(fileName), storedName, size, sha256: hash.digest('hex'), createdAt: ctx.now().toISOString() };
    ctx.db.transaction(() => {
      requireDraft(ctx, visitId);
      insertAttachment(ctx.db, row);
    })();
    return row;
  } catch (error) {
    await rm(target, { force: true });
    throw error;
  }
}

export async function storeAttachmentFromPath(ctx: ServiceContext, visitId: string, path: string): Promise<AttachmentRow> {
  const info = await stat(path);
  if (!info.isFile()) throw new AppError('VALIDATION', 'Not a file.', { file: 'validation.invalid' });
  return storeAttachment(ctx, visitId, basename(path), createReadStream(path));
}

export function attachmentPath(ctx: ServiceContext, row: AttachmentRow): string {
  try {
    return attachmentFile(ctx.attachmentsDir, row.visitId, row.storedName);
  } catch (error) {
    if (error instanceof StoredPathError) throw new AppError('NOT_FOUND', 'This attachment’s file is not where the app keeps attachments.');
    throw error;
  }
}

/**
 * The attachment's original bytes in a user-only temporary file another program can open
 * (the copy in the data folder stays encrypted). The folder goes when the app quits.
 */
export async function openableCopy(ctx: ServiceContext, row: AttachmentRow): Promise<string> {
  await mkdir(ctx.openedDir, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(join(ctx.openedDir, 'a-'));
  const target = join(dir, row.fileName);
  await decryptAttachmentTo(attachmentPath(ctx, row), ctx.attachmentKey, target);
  return target;
}
