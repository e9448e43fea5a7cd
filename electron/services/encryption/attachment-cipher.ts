import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, openSync, readFileSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { writeSecretFileSync } from './secret-file';

/**
 * Attachments (photos of certificates, scans) are kept encrypted: AES-256-GCM, streamed, a
 * random nonce per file, under a key derived from the store's key (HKDF, so one key is never
 * used by two algorithms). A file is
 *
 *   "XLA1" | nonce (12 bytes) | ciphertext | tag (16 bytes)
 *
 * The hash the server receives stays that of the original bytes (computed before encryption).
 * A file without the magic is one written before encryption; the first start of this version
 * converts it (encrypt-data-folder.ts).
 */
const MAGIC = Buffer.from('XLA1', 'latin1');
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + NONCE_BYTES;

export class AttachmentDamagedError extends Error {
  constructor(path: string) {
    super(`${path}: the attachment was changed or damaged (its authentication failed).`);
    this.name = 'AttachmentDamagedError';
  }
}

/** The attachments' key, derived from the store's key. */
export function attachmentKey(storeKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', storeKey, Buffer.alloc(0), 'xunlian attachments v1', 32));
}

/** A transform that turns plain bytes into the encrypted file format above. */
export function encryptingTransform(key: Buffer): Transform {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  let headerSent = false;
  const header = (stream: Transform) => {
    if (!headerSent) stream.push(Buffer.concat([MAGIC, nonce]));
    headerSent = true;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      header(this);
      done(null, cipher.update(chunk));
    },
    flush(done) {
      header(this);
      this.push(cipher.final());
      done(null, cipher.getAuthTag());
    },
  });
}

/** True when the file starts with the encrypted format's magic. */
export function isEncryptedAttachment(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(MAGIC.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(MAGIC);
  } finally {
    closeSync(fd);
  }
}

function decipherFor(key: Buffer, header: Buffer, tag: Buffer, path: string) {
  if (header.length !== HEADER_BYTES || !header.subarray(0, MAGIC.length).equals(MAGIC) || tag.length !== TAG_BYTES) throw new AttachmentDamagedError(path);
  const decipher = createDecipheriv('aes-256-gcm', key, header.subarray(MAGIC.length));
  decipher.setAuthTag(tag);
  return decipher;
}

/** The original bytes of an encrypted attachment, authenticated (attachments are at most 50 MB). */
export async function readAttachment(path: string, key: Buffer): Promise<Buffer> {
  const data = await readFile(path);
  if (data.length < HEADER_BYTES + TAG_BYTES) throw new AttachmentDamagedError(path);
  const decipher = decipherFor(key, data.subarray(0, HEADER_BYTES), data.subarray(data.length - TAG_BYTES), path);
  try {
    return Buffer.concat([decipher.update(data.subarray(HEADER_BYTES, data.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new AttachmentDamagedError(path);
  }
}

/**
 * Streams an encrypted attachment's original bytes into `target` (written beside it and
 * renamed, so a damaged file never leaves a half-decrypted copy).
 */
export async function decryptAttachmentTo(path: string, key: Buffer, target: string): Promise<void> {
  const size = statSync(path).size;
  if (size < HEADER_BYTES + TAG_BYTES) throw new AttachmentDamagedError(path);
  const handle = await open(path, 'r');
  const header = Buffer.alloc(HEADER_BYTES);
  const tag = Buffer.alloc(TAG_BYTES);
  try {
    await handle.read(header, 0, HEADER_BYTES, 0);
    await handle.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
  } finally {
    await handle.close();
  }
  const decipher = decipherFor(key, header, tag, path);
  const partial = `${target}.partial`;
  try {
    const body = size - TAG_BYTES > HEADER_BYTES ? createReadStream(path, { start: HEADER_BYTES, end: size - TAG_BYTES - 1 }) : emptyStream();
    await pipeline(body, decipher, createWriteStream(partial, { mode: 0o600 }));
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error instanceof Error && /auth/i.test(error.message) ? new AttachmentDamagedError(path) : error;
  }
}

const emptyStream = () => Readable.from([]);

/**
 * Encrypts an attachment written before encryption: beside it, synced, then renamed over it
 * (synchronous: it runs once, at the first start of this version, before the store opens).
 */
export function encryptAttachmentInPlace(path: string, key: Buffer): void {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([MAGIC, nonce, cipher.update(readFileSync(path)), cipher.final(), cipher.getAuthTag()]);
  writeSecretFileSync(path, body);
}
