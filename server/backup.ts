import { spawn } from 'node:child_process';
import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCallback } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';

/**
 * Backups of the server's database, as ODK Central does them: PostgreSQL through
 * Debian's pg_dump / pg_restore (custom format), PGlite through its own dump of the
 * data folder. Optionally encrypted with a passphrase: AES-256-GCM under a key derived
 * with scrypt; a wrong passphrase or a changed byte is refused before anything is
 * restored. Everything the server keeps is in the database (attachments included);
 * the receipt key is a file of its own, backed up apart on purpose.
 */
const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;
/** Header: magic (16 bytes, "…-1" encrypted, "…-0" plain), the store kind (1 byte), then for encrypted files salt and IV. */
const MAGIC_SEALED = Buffer.from('XUNLIAN-BACKUP-1');
const MAGIC_PLAIN = Buffer.from('XUNLIAN-BACKUP-0');
const KINDS = ['postgres', 'pglite'] as const;
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const TAG_BYTES = 16;

export class BackupError extends Error {}

export type StoreTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.once('error', (error) => reject(new BackupError(`${command} could not run (${error.message}); install Debian's postgresql-client.`)));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new BackupError(`${command} failed (${code}): ${stderr.trim().slice(-2000)}`))));
  });
}

/** Streams `raw` into `out` behind the header, encrypted when a passphrase is given (the tag goes last). */
async function seal(raw: string, out: string, kind: StoreTarget['kind'], passphrase: string | undefined): Promise<void> {
  const kindByte = Buffer.from([KINDS.indexOf(kind)]);
  const target = createWriteStream(out, { mode: 0o600, flags: 'wx' });
  if (!passphrase) {
    target.write(Buffer.concat([MAGIC_PLAIN, kindByte]));
    await pipeline(createReadStream(raw), target);
    return;
  }
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await scrypt(passphrase, salt, 32, SCRYPT), iv);
  const header = Buffer.concat([MAGIC_SEALED, kindByte, salt, iv]);
  cipher.setAAD(header); // the header cannot be changed either
  target.write(header);
  await pipeline(createReadStream(raw), cipher, target, { end: false });
  await new Promise<void>((resolve, reject) => target.end(cipher.getAuthTag(), (error?: Error | null) => (error ? reject(error) : resolve())));
}

/** The store kind and the plain dump of a backup file, written to `raw`; refuses a wrong passphrase or a changed byte. */
async function unseal(file: string, raw: string, passphrase: string | undefined): Promise<StoreTarget['kind']> {
  const size = (await stat(file)).size;
  const handle = await open(file, 'r');
  const head = Buffer.alloc(MAGIC_SEALED.length + 1 + 16 + 12);
  await handle.read(head, 0, head.length, 0);
  const magic = head.subarray(0, MAGIC_SEALED.length);
  const kind = KINDS[head[MAGIC_SEALED.length]!];
  if ((!magic.equals(MAGIC_SEALED) && !magic.equals(MAGIC_PLAIN)) || !kind) {
    await handle.close();
    throw new BackupError('This is not a Xunlian server backup.');
  }
  if (magic.equals(MAGIC_PLAIN)) {
    await handle.close();
    // With a passphrase configured, only a backup sealed with it is restored: an unencrypted file could be anyone's.
    if (passphrase) throw new BackupError('This backup is not encrypted, but a passphrase is configured: only encrypted backups are restored here. Nothing was restored.');
    await pipeline(createReadStream(file, { start: MAGIC_PLAIN.length + 1 }), createWriteStream(raw, { mode: 0o600 }));
    return kind;
  }
  const tag = Buffer.alloc(TAG_BYTES);
  await handle.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
  await handle.close();
  if (!passphrase) throw new BackupError('This backup is encrypted: give its passphrase (XUNLIAN_BACKUP_PASSPHRASE or --passphrase-file).');
  const salt = head.subarray(MAGIC_SEALED.length + 1, MAGIC_SEALED.length + 17);
  const iv = head.subarray(MAGIC_SEALED.length + 17);
  const decipher = createDecipheriv('aes-256-gcm', await scrypt(passphrase, salt, 32, SCRYPT), iv);
  decipher.setAAD(head);
  decipher.setAuthTag(tag);
  try {
    await pipeline(createReadStream(file, { start: head.length, end: size - TAG_BYTES - 1 }), decipher, createWriteStream(raw, { mode: 0o600 }));
  } catch {
    await rm(raw, { force: true });
    throw new BackupError('Wrong passphrase, or the backup file was changed: nothing was restored.');
  }
  return kind;
}

/** Writes a backup of `target` to `out` (whole or not at all). */
export async function backupServer(target: StoreTarget, out: string, passphrase?: string): Promise<{ bytes: number; encrypted: boolean }> {
  const raw = `${out}.${process.pid}.raw`;
  const partial = `${out}.partial`;
  await rm(partial, { force: true });
  try {
    if (target.kind === 'postgres') {
      await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${raw}`, `--dbname=${target.url}`]);
    } else {
      // PGlite is one process: stop the server first (the data folder cannot be opened twice).
      const { PGlite } = await import('@electric-sql/pglite');
      const db = await PGlite.create(target.dataDir);
      try {
        const dump = await db.dumpDataDir('gzip');
        await writeFile(raw, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
      } finally {
        await db.close();
      }
    }
    await seal(raw, partial, target.kind, passphrase);
    const handle = await open(partial, 'r+');
    await handle.sync();
    await handle.close();
    await rename(partial, out);
    return { bytes: (await stat(out)).size, encrypted: Boolean(passphrase) };
  } finally {
    await rm(raw, { force: true });
    await rm(partial, { force: true });
  }
}

/**
 * Restores `file` into `target`. PostgreSQL: into the configured database, replacing
 * what is there (pg_restore --clean, in one transaction). PGlite: the data folder,
 * whose current content is kept aside as <folder>.before-restore-<time>.
 */
export async function restoreServer(target: StoreTarget, file: string, passphrase: string | undefined, now = new Date()): Promise<{ keptAside: string | null }> {
  if (!existsSync(file)) throw new BackupError(`No such backup file: ${file}`);
  const raw = `${file}.${process.pid}.restoring`;
  try {
    const kind = await unseal(file, raw, passphrase);
    if (kind !== target.kind) throw new BackupError(`This backup is of a ${kind} store; the configured store is ${target.kind}. Set DATABASE_URL accordingly.`);
    if (target.kind === 'postgres') {
      await run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${target.url}`, raw]);
      return { keptAside: null };
    }
    const { PGlite } = await import('@electric-sql/pglite');
    const staging = `${target.dataDir}.restoring`;
    rmSync(staging, { recursive: true, force: true });
    const restored = await PGlite.create(staging, { loadDataDir: new Blob([await readFile(raw)]) });
    await restored.query('SELECT 1');
    await restored.close();
    let keptAside: string | null = null;
    if (existsSync(target.dataDir) && readdirSync(target.dataDir).length > 0) {
      keptAside = `${target.dataDir}.before-restore-${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}`;
      renameSync(target.dataDir, keptAside);
    }
    renameSync(staging, target.dataDir);
    return { keptAside };
  } finally {
    await rm(raw, { force: true });
  }
}
