import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations';
import { openSqlite, type Sqlite, type Statement } from './sqlite';

export type Db = Sqlite;

/** A database written by a newer Xunlian: we refuse it rather than risk damaging it. */
export class DatabaseFromFutureError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(`The database was written by a newer version of Xunlian (schema ${found}; this version understands up to ${supported}). Please update the app. The file was not changed.`);
    this.name = 'DatabaseFromFutureError';
  }
}

export interface OpenOptions {
  /** Path to a better-sqlite3 binding built for the running runtime (Electron's ABI). */
  nativeBinding?: string;
  /** The store's key (db/sqlite.ts); none opens a plain file (a store older than encryption, or a test's). */
  key?: Buffer;
  readonly?: boolean;
  /** Stop at this version (migration tests build a database up to N−1). */
  targetVersion?: number;
  migrations?: readonly Migration[];
}

/**
 * The store holds firms' contacts and finances: its folder is the user's only (0700) and
 * the file too (0600; SQLite gives -wal and -shm the same mode). A store made by an older
 * version with the default umask is tightened when it opens.
 */
function userOnlyFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (existsSync(path)) chmodSync(path, 0o600);
  else closeSync(openSync(path, 'a', 0o600));
}

/**
 * Opens the laptop's store: WAL for crash safety with concurrent readers,
 * synchronous=FULL so a committed visit survives a power cut, foreign keys on,
 * a busy timeout so a second connection waits instead of failing.
 */
export function openDb(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:' && !options.readonly) userOnlyFile(path);
  const db = openSqlite(path, { ...(options.key ? { key: options.key } : {}), ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) }, { readonly: options.readonly ?? false });
  try {
    db.pragma('busy_timeout = 5000');
    const version = db.pragma('user_version', { simple: true }) as number;
    const migrations = options.migrations ?? MIGRATIONS;
    if (version > migrations.length) throw new DatabaseFromFutureError(version, migrations.length);
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      // CSV exports and the report materialise counted rows in temp tables: in memory
      // they are quicker. The XLSX worker, whose rows are the most, uses a temp file.
      db.pragma('temp_store = MEMORY');
      migrate(db, migrations, options.targetVersion ?? migrations.length);
    }
    cachePreparedStatements(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

const STATEMENT_CACHE_SIZE = 256;

/**
 * The repositories prepare their SQL where they use it, which keeps each query beside
 * its code but made SQLite compile the same text again on every call (a sync of one batch
 * compiled hundreds of statements). This keeps the last compiled statements by text. A
 * cached reader comes back with pluck/raw/expand off, as a fresh one would; one that is
 * still being iterated is not shared — the caller gets a fresh statement.
 */
function cachePreparedStatements(db: Db): void {
  const compile = db.prepare.bind(db);
  const cache = new Map<string, Statement>();
  db.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached && !cached.busy) {
      cache.delete(source); // re-inserted below: the map's order is the recency order
      cache.set(source, cached);
      if (cached.reader) cached.pluck(false).raw(false).expand(false);
      return cached;
    }
    const statement = compile(source);
    if (!cached) {
      cache.set(source, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    return statement;
  }) as Db['prepare'];
}

/** All pending migrations run in one transaction that also sets user_version: all or nothing. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS, target = LATEST_VERSION): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = migrations.filter((m) => m.version > current && m.version <= target);
  if (pending.length === 0) return;
  // A table rebuild (SQLite's twelve-step ALTER) needs foreign keys off, which only takes
  // effect outside a transaction; the references are checked before the commit instead.
  const rebuilds = pending.some((m) => m.rebuildsTables);
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  if (rebuilds) db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const m of pending) {
        db.exec(m.sql);
        m.run?.(db);
      }
      if (rebuilds) {
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length) throw new Error(`Migration would break ${broken.length} references: ${JSON.stringify(broken.slice(0, 3))}`);
      }
      db.pragma(`user_version = ${Math.trunc(pending[pending.length - 1]!.version)}`);
    }).immediate();
  } finally {
    if (rebuilds) db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
}
