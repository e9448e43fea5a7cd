import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { attachStore, isPlainSqliteFile, openSqlite, withoutKey, type KeyedAccess } from '../../../db/sqlite';
import { attachmentKey, encryptAttachmentInPlace, isEncryptedAttachment } from './attachment-cipher';
import { syncFile, syncFolder, writeSecretFileSync } from './secret-file';

/**
 * The first start of the version that encrypts: everything plain in the data folder becomes
 * encrypted before the store opens. Each file is written anew beside the old one, verified,
 * and renamed over it, so a kill at any moment leaves either the plain file or the encrypted
 * one — never half of either — and the next start carries on from there. Whether a file is
 * done is read from the file itself (SQLite's plain header, the attachments' magic), so no
 * progress marker can disagree with the files.
 *
 * What it does not reach: the bytes of the plain file on the disk's free blocks after the
 * rename (an SSD keeps them until it reuses them); only full-disk encryption covers those.
 */
export interface FolderEncryption {
  store: boolean;
  backups: number;
  attachments: number;
  /** Files removed rather than encrypted (a restore being prepared: the officer chooses the file again). */
  removed: string[];
}

const STORE_FILE = /\.db$/;
/**
 * Written once every file of the folder was found encrypted: later starts skip the walk, which
 * opens every backup and attachment (thousands of files, each scanned by antivirus on Windows).
 * It is written only after the whole walk, and the app writes nothing plain afterwards, so a
 * walk cut short by a kill is simply done again.
 */
export const ENCRYPTED_MARKER = 'encrypted-at-rest';

export function encryptDataFolder(dataDir: string, storeFile: string, access: KeyedAccess): FolderEncryption {
  const done: FolderEncryption = { store: false, backups: 0, attachments: 0, removed: [] };
  if (existsSync(join(dataDir, ENCRYPTED_MARKER))) return done;
  if (existsSync(storeFile) && isPlainSqliteFile(storeFile)) {
    encryptStoreFile(storeFile, access);
    done.store = true;
  }
  for (const name of listFiles(join(dataDir, 'backups'))) {
    const path = join(dataDir, 'backups', name);
    if (STORE_FILE.test(name) && isPlainSqliteFile(path)) {
      encryptStoreFile(path, access);
      done.backups++;
    }
  }
  // A restore candidate is rebuilt from the officer's file; a plain one is dropped, and the
  // officer is told (the 本机 screen shows no pending restore), rather than kept readable.
  // The pending note goes first: a kill between the two leaves a plain candidate nobody points
  // at, which the next start drops — never a note pointing at a candidate that is gone.
  const restore = join(dataDir, 'restore');
  const plainCandidates = listFiles(restore).filter((name) => /\.partial$/.test(name) || isPlainSqliteFile(join(restore, name)));
  if (plainCandidates.length) {
    rmSync(join(restore, 'pending.json'), { force: true });
    syncFolder(restore);
  }
  for (const name of plainCandidates) {
    rmSync(join(restore, name), { force: true });
    done.removed.push(join('restore', name));
  }
  const key = attachmentKey(access.key);
  const attachments = join(dataDir, 'attachments');
  for (const visit of listFiles(attachments)) {
    const folder = join(attachments, visit);
    if (!statSync(folder).isDirectory()) continue;
    for (const name of listFiles(folder)) {
      const path = join(folder, name);
      if (/\.partial$/.test(name)) rmSync(path, { force: true });
      else if (statSync(path).isFile() && !isEncryptedAttachment(path)) {
        encryptAttachmentInPlace(path, key);
        done.attachments++;
      }
    }
  }
  writeSecretFileSync(join(dataDir, ENCRYPTED_MARKER), 'every file of this folder was encrypted\n');
  return done;
}

function listFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

/**
 * A plain store becomes an encrypted one: its WAL folded in, copied by SQLite (VACUUM INTO
 * from a keyed connection writes the copy encrypted with that key), the copy checked against
 * the original table by table, then renamed over it.
 */
export function encryptStoreFile(path: string, access: KeyedAccess): void {
  const plainAccess = withoutKey(access);
  const encrypting = `${path}.encrypting`;
  const scratch = `${path}.encrypting-key`;
  for (const leftover of [encrypting, scratch, `${scratch}-journal`]) rmSync(leftover, { force: true });
  // One file, no -wal beside it: what is copied is all there is, and no stale WAL meets the new file.
  const plain = openSqlite(path, plainAccess, { fileMustExist: true });
  let counts: Map<string, number>;
  let version: number;
  try {
    plain.pragma('wal_checkpoint(TRUNCATE)');
    plain.pragma('journal_mode = DELETE');
    version = plain.pragma('user_version', { simple: true }) as number;
    counts = tableCounts(plain);
  } finally {
    plain.close();
  }
  // The copy is made through an empty keyed connection that attaches the plain file: VACUUM INTO
  // encrypts its output with the connection's key. The empty scratch file is never written.
  const keyed = openSqlite(scratch, access);
  try {
    attachStore(keyed, path, 'plain', plainAccess);
    keyed.prepare('VACUUM plain INTO ?').run(encrypting);
  } finally {
    keyed.close();
    rmSync(scratch, { force: true });
  }
  const check = openSqlite(encrypting, access, { fileMustExist: true });
  try {
    const integrity = check.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`the encrypted copy of ${path} failed its check: ${String(integrity)}`);
    if (check.pragma('user_version', { simple: true }) !== version) throw new Error(`the encrypted copy of ${path} lost its schema version`);
    const copied = tableCounts(check);
    for (const [table, rows] of counts) {
      if (copied.get(table) !== rows) throw new Error(`the encrypted copy of ${path} has ${copied.get(table) ?? 0} rows in ${table}, not ${rows}`);
    }
    check.pragma('journal_mode = DELETE');
  } catch (error) {
    check.close();
    rmSync(encrypting, { force: true });
    throw error;
  }
  check.close();
  syncFile(encrypting); // VACUUM INTO does not sync its output
  renameSync(encrypting, path);
  for (const side of ['-wal', '-shm', '-journal']) rmSync(`${path}${side}`, { force: true });
  syncFolder(dirname(path));
}

function tableCounts(db: ReturnType<typeof openSqlite>): Map<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  return new Map(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM "${t.replace(/"/g, '""')}"`).pluck().get() as number]));
}
