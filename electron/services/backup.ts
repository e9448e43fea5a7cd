import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LATEST_VERSION } from '../../db/migrations';
import type { Db } from '../../db/open';
import { attachStore, isPlainSqliteFile, openSqlite, StoreKeyError, withoutKey, type KeyedAccess, type Sqlite, type StoreAccess } from '../../db/sqlite';
import { syncFile } from './encryption/secret-file';
import { keepConnectionOf, rebuildFromBackup } from './care/restore-rebuild';

/**
 * Backups of the laptop's store. A backup is SQLite's VACUUM INTO of the open store (a
 * consistent copy of what is committed, encrypted with the store's own key — a keyed
 * connection writes its copy encrypted), written beside its final name and renamed into
 * place, so a backup file is always whole.
 * Daily ones live in <data>/backups/ (the last 7 are kept); the officer can also write
 * one to a folder of their choice (a USB stick).
 *
 * A restore never touches the open store: the chosen file is copied into
 * <data>/restore/, checked there (SQLite's integrity_check, a Xunlian store, a schema
 * this version understands) and, once the officer confirms, marked pending. At the next
 * start, before the store opens, the current store is moved aside into backups/ and the
 * checked copy takes its place; each step is a rename, so a crash part-way resumes.
 */
export const BACKUP_DIR = 'backups';
export const RESTORE_DIR = 'restore';
export const KEEP_DAILY = 7;
const DAY_MS = 24 * 3600 * 1000;
const DAILY = /^xunlian-(\d{8}T\d{6})\.db$/;
/** Taken on the officer's request (立即备份): a kind of its own, so the list tells the two apart. */
const MANUAL = /^xunlian-manual-(\d{8}T\d{6})\.db$/;
const ASIDE = /^before-restore-(\d{8}T\d{6})\.db$/;
const CANDIDATE = 'candidate.db';
/** The officer's file as copied in, before its data is rebuilt into the candidate. */
const UPLOAD = 'upload.db';
const PENDING = 'pending.json';

export type BackupProblem = 'unreadable' | 'notXunlian' | 'otherKey' | 'wrongPassphrase' | 'damaged' | 'newer';

export interface BackupInfo {
  version: number;
  visits: number;
  completedVisits: number;
  firms: number;
  /** The newest visit edit in the file (what the officer recognises), or null. */
  lastEdit: string | null;
}

export type Inspection = { ok: true; info: BackupInfo } | { ok: false; problem: BackupProblem; detail: string };

export interface BackupEntry {
  name: string;
  kind: 'daily' | 'manual' | 'beforeRestore';
  takenAt: string;
  bytes: number;
}

const stamp = (date: Date) => date.toISOString().replace(/[-:]/g, '').slice(0, 15);
const fromStamp = (s: string) => `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`;

/**
 * Writes a whole, self-contained copy of the open store to `target` (one file, rollback
 * journal, readable without -wal/-shm beside it), encrypted with the store's key.
 * (SQLite's backup API cannot copy between a keyed store and a new file; VACUUM INTO can.)
 */
export async function backupStore(db: Db, target: string): Promise<void> {
  writeWhole(target, (partial) => db.prepare('VACUUM INTO ?').run(partial));
}

/**
 * A copy of the store encrypted with another key (the outside backup's, from the officer's
 * passphrase): an empty connection keyed with that key attaches the store with its own key,
 * and VACUUM INTO writes the copy under the connection's key.
 */
export function backupStoreWithKey(storeFile: string, target: string, access: KeyedAccess, targetKey: Buffer): void {
  const keying = join(tmpdir(), `xunlian-keying-${randomBytes(6).toString('hex')}.db`);
  try {
    writeWhole(target, (partial) => {
      const keyed = openSqlite(keying, { ...access, key: targetKey });
      try {
        attachStore(keyed, storeFile, 'src', access);
        keyed.prepare('VACUUM src INTO ?').run(partial);
      } finally {
        keyed.close();
      }
    });
  } finally {
    rmSync(keying, { force: true });
  }
}

/** A copy written beside its final name, synced, user-only, then renamed into place: a backup file is always whole. */
function writeWhole(target: string, write: (partial: string) => void): void {
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  try {
    write(partial);
    syncFile(partial);
    chmodSync(partial, 0o600);
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

export function listBackups(dataDir: string): BackupEntry[] {
  const dir = join(dataDir, BACKUP_DIR);
  if (!existsSync(dir)) return [];
  const entries: BackupEntry[] = [];
  for (const name of readdirSync(dir)) {
    const daily = DAILY.exec(name);
    const manual = MANUAL.exec(name);
    const aside = ASIDE.exec(name);
    const match = daily ?? manual ?? aside;
    if (!match) continue;
    entries.push({ name, kind: daily ? 'daily' : manual ? 'manual' : 'beforeRestore', takenAt: fromStamp(match[1]!), bytes: statSync(join(dir, name)).size });
  }
  return entries.sort((a, b) => b.takenAt.localeCompare(a.takenAt));
}

/** The daily backup, when the newest is a day old or there is none; keeps the last 7. Returns the new entry or null. */
export async function dailyBackupIfDue(db: Db, dataDir: string, now: Date): Promise<BackupEntry | null> {
  const daily = listBackups(dataDir).filter((b) => b.kind === 'daily');
  const newest = daily[0];
  if (newest && now.getTime() - Date.parse(newest.takenAt) < DAY_MS) return null;
  return takeBackup(db, dataDir, now);
}

/** A backup into backups/ now (daily rotation applies to it). */
export async function takeBackup(db: Db, dataDir: string, now: Date, kind: 'daily' | 'manual' = 'daily'): Promise<BackupEntry> {
  const dir = join(dataDir, BACKUP_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const name = kind === 'manual' ? `xunlian-manual-${stamp(now)}.db` : `xunlian-${stamp(now)}.db`;
  await backupStore(db, join(dir, name));
  // The last KEEP_DAILY of each kind are kept: taking backups by hand never pushes the daily ones out.
  for (const old of listBackups(dataDir).filter((b) => b.kind === kind).slice(KEEP_DAILY)) rmSync(join(dir, old.name), { force: true });
  return listBackups(dataDir).find((b) => b.name === name)!;
}

/** What the officer recognises a store by: how many visits and firms, the last edit. */
export function storeInfo(db: Sqlite): BackupInfo {
  const count = (sql: string) => db.prepare(sql).pluck().get() as number;
  return {
    version: db.pragma('user_version', { simple: true }) as number,
    visits: count('SELECT COUNT(*) FROM visits'),
    completedVisits: count("SELECT COUNT(*) FROM visits WHERE status = 'completed'"),
    firms: count('SELECT COUNT(*) FROM firms'),
    lastEdit: (db.prepare('SELECT MAX(updated_at) FROM visits').pluck().get() as string | null) ?? null,
  };
}

/** Checks a store file without changing it: SQLite's own integrity check, our tables, a schema we understand. */
export function inspectStoreFile(path: string, access: StoreAccess): Inspection {
  let db: Sqlite;
  try {
    // A backup taken before encryption (or an old laptop's) is a plain file: it is read as one.
    db = openSqlite(path, isPlainSqliteFile(path) ? withoutKey(access) : access, { readonly: true, fileMustExist: true });
  } catch (error) {
    // SQLite cannot tell another key from a file that is no store at all; whole pages suggest a store.
    if (error instanceof StoreKeyError) return { ok: false, problem: statSync(path).size % 4096 === 0 ? 'otherKey' : 'notXunlian', detail: error.message };
    return { ok: false, problem: 'unreadable', detail: (error as Error).message };
  }
  try {
    let integrity: string;
    try {
      integrity = (db.pragma('integrity_check', { simple: true }) as string) ?? '';
    } catch (error) {
      const code = (error as { code?: string }).code;
      return { ok: false, problem: code === 'SQLITE_NOTADB' ? 'notXunlian' : 'damaged', detail: (error as Error).message };
    }
    if (integrity !== 'ok') return { ok: false, problem: 'damaged', detail: integrity };
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]));
    if (!['visits', 'firms', 'outbox'].every((t) => tables.has(t))) return { ok: false, problem: 'notXunlian', detail: 'missing tables' };
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_VERSION) return { ok: false, problem: 'newer', detail: `schema ${version} > ${LATEST_VERSION}` };
    return { ok: true, info: storeInfo(db) };
  } catch (error) {
    return { ok: false, problem: 'damaged', detail: (error as Error).message };
  } finally {
    db.close();
  }
}

/**
 * Copies a file into restore/, inspects the copy (the officer's file is never opened for
 * writing), then rebuilds its data into restore/candidate.db, a store the app made itself
 * (care/restore-rebuild.ts: data comes back, never configuration or code). The file is read
 * with this laptop's key, or with `sourceKey` (an outside backup's, from its passphrase);
 * the candidate is always written with this laptop's key.
 */
export function prepareRestore(dataDir: string, source: string, access: StoreAccess, sourceKey?: Buffer): Inspection {
  const sourceAccess: StoreAccess = sourceKey ? { ...access, key: sourceKey } : access;
  const dir = join(dataDir, RESTORE_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  rmSync(join(dir, PENDING), { force: true });
  const candidate = join(dir, CANDIDATE);
  const upload = join(dir, UPLOAD);
  rmSync(candidate, { force: true });
  try {
    copyFileSync(source, `${upload}.partial`);
    chmodSync(`${upload}.partial`, 0o600);
    renameSync(`${upload}.partial`, upload);
  } catch (error) {
    return { ok: false, problem: 'unreadable', detail: (error as Error).message };
  }
  try {
    const inspection = inspectStoreFile(upload, sourceAccess);
    if (!inspection.ok) return sourceKey && inspection.problem === 'otherKey' ? { ...inspection, problem: 'wrongPassphrase' } : inspection;
    try {
      rebuildFromBackup(upload, `${candidate}.partial`, inspection.info.version, access, sourceAccess);
      renameSync(`${candidate}.partial`, candidate);
    } catch (error) {
      rmSync(`${candidate}.partial`, { force: true });
      return { ok: false, problem: 'damaged', detail: (error as Error).message };
    }
    return inspectStoreFile(candidate, access);
  } finally {
    rmSync(upload, { force: true });
  }
}

/** After the officer confirms: checks the prepared copy again and marks it to replace the store at the next start. */
export function confirmRestore(dataDir: string, now: Date, access: StoreAccess): Inspection {
  const candidate = join(dataDir, RESTORE_DIR, CANDIDATE);
  if (!existsSync(candidate)) return { ok: false, problem: 'unreadable', detail: 'no prepared backup' };
  const inspection = inspectStoreFile(candidate, access);
  if (inspection.ok) writeFileSync(join(dataDir, RESTORE_DIR, PENDING), JSON.stringify({ requestedAt: now.toISOString() }), { mode: 0o600 });
  return inspection;
}

/** The officer changed their mind before the restart: the prepared copy goes, the store stays as it is. */
export function cancelRestore(dataDir: string): boolean {
  const dir = join(dataDir, RESTORE_DIR);
  const was = restorePending(dataDir);
  rmSync(join(dir, PENDING), { force: true });
  rmSync(join(dir, CANDIDATE), { force: true });
  return was;
}

export function restorePending(dataDir: string): boolean {
  return existsSync(join(dataDir, RESTORE_DIR, PENDING)) && existsSync(join(dataDir, RESTORE_DIR, CANDIDATE));
}

/**
 * Runs before the store opens. Puts the current store aside (after folding its WAL in)
 * and moves the checked copy into its place. Returns the name the old store was kept as.
 */
export function applyPendingRestore(dataDir: string, storeFile: string, now: Date, access: StoreAccess): string | null {
  const dir = join(dataDir, RESTORE_DIR);
  if (!restorePending(dataDir)) return null;
  const marker = JSON.parse(readFileSync(join(dir, PENDING), 'utf8')) as { asideAs?: string; connectionKept?: boolean };
  const asideAs = marker.asideAs ?? `before-restore-${stamp(now)}.db`;
  writeFileSync(join(dir, PENDING), JSON.stringify({ ...marker, asideAs }), { mode: 0o600 });
  if (!marker.connectionKept) {
    // Each step is recorded, so a crash part-way never takes the connection from the wrong store.
    keepConnectionOf(existsSync(storeFile) ? storeFile : null, join(dir, CANDIDATE), access);
    writeFileSync(join(dir, PENDING), JSON.stringify({ ...marker, asideAs, connectionKept: true }), { mode: 0o600 });
  }
  if (existsSync(storeFile)) {
    const current = openSqlite(storeFile, access);
    try {
      current.pragma('wal_checkpoint(TRUNCATE)');
      current.pragma('journal_mode = DELETE');
    } finally {
      current.close();
    }
    mkdirSync(join(dataDir, BACKUP_DIR), { recursive: true, mode: 0o700 });
    renameSync(storeFile, join(dataDir, BACKUP_DIR, asideAs));
  }
  for (const side of ['-wal', '-shm']) rmSync(`${storeFile}${side}`, { force: true });
  renameSync(join(dir, CANDIDATE), storeFile);
  rmSync(join(dir, PENDING), { force: true });
  return asideAs;
}
