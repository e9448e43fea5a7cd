import Database from 'better-sqlite3-multiple-ciphers';
import { closeSync, openSync, readSync } from 'node:fs';

/**
 * The one place that names the SQLite binding: SQLite3 Multiple Ciphers through
 * better-sqlite3-multiple-ciphers (better-sqlite3's API over the same SQLite, plus page
 * encryption). Every store, backup and restore candidate is opened here, so the choice of
 * binding or cipher stays one change.
 */
export { Database };
export type Sqlite = Database.Database;
export type { Statement } from 'better-sqlite3-multiple-ciphers';

/** A store key: 256 random bits. */
export const STORE_KEY_BYTES = 32;
/**
 * ChaCha20-Poly1305 (sqleet's scheme, SQLite3 Multiple Ciphers' default): every page is
 * authenticated, and it is the quickest of the library's ciphers without AES-NI. Named, not
 * left to the default, so a change of the library's default never makes a store unreadable.
 */
export const STORE_CIPHER = 'chacha20';

/** How this process opens a store file: the key (none: a plain file) and, in Electron, the binding built for its ABI. */
export interface StoreAccess {
  key?: Buffer;
  nativeBinding?: string;
}

/** The same access, for a plain file (one written before encryption). */
export const withoutKey = (access: StoreAccess): StoreAccess => (access.nativeBinding ? { nativeBinding: access.nativeBinding } : {});

/** Access with a key: what encrypts (the migration, a backup). */
export type KeyedAccess = StoreAccess & { key: Buffer };

export interface SqliteOpenOptions {
  readonly?: boolean;
  fileMustExist?: boolean;
}

/** The key is wrong, or the file is not a SQLite store at all: SQLite cannot tell the two apart. */
export class StoreKeyError extends Error {
  constructor(readonly path: string) {
    super(`${path} cannot be opened with this laptop's key (another key, or not a Xunlian store).`);
    this.name = 'StoreKeyError';
  }
}

/** Applies the key to a fresh connection; the first read proves it (a new, empty file always passes). */
export function applyKey(db: Sqlite, key: Buffer, path: string): void {
  if (key.length !== STORE_KEY_BYTES) throw new Error('A store key has 32 bytes.');
  db.pragma(`cipher = '${STORE_CIPHER}'`);
  db.pragma(`hexkey = '${key.toString('hex')}'`);
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') throw new StoreKeyError(path);
    throw error;
  }
}

/** Opens a SQLite file with this process's access: keyed when a key is given. */
export function openSqlite(path: string, access: StoreAccess, options: SqliteOpenOptions = {}): Sqlite {
  const db = new Database(path, {
    readonly: options.readonly ?? false,
    fileMustExist: options.fileMustExist ?? false,
    ...(access.nativeBinding ? { nativeBinding: access.nativeBinding } : {}),
  });
  try {
    if (access.key) applyKey(db, access.key, path);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The 16 bytes every unencrypted SQLite database starts with. */
const PLAIN_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** True when the file is an unencrypted SQLite database (an encrypted one starts with random bytes). */
export function isPlainSqliteFile(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(PLAIN_HEADER.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(PLAIN_HEADER);
  } finally {
    closeSync(fd);
  }
}

/** ATTACH with the right key: the attached file is read with `access`'s key, or as plain when it is a plain file. */
export function attachStore(db: Sqlite, path: string, schema: string, access: StoreAccess): void {
  const key = access.key && !isPlainSqliteFile(path) ? `x'${access.key.toString('hex')}'` : "''";
  // The key goes in as SQL text: it is hex we made, never user input.
  db.prepare(`ATTACH DATABASE ? AS ${schema} KEY ${key}`).run(path);
}
