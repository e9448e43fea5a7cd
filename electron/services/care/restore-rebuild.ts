import { rmSync } from 'node:fs';
import { openDb } from '../../../db/open';
import { attachStore, openSqlite, type Sqlite, type StoreAccess } from '../../../db/sqlite';

/**
 * A backup brings back data, never configuration or code. The officer's file is read as
 * data only: its rows are copied, table by table and column by column, into a store the
 * app creates itself from its own migrations, so nothing of the file's schema — a trigger,
 * a view, an index, a table the app does not know — survives. Which server the laptop
 * talks to, the signed-in account, the device id and the server's key stay those of the
 * store being replaced (a restore on a new laptop signs in first), and the pull cursors
 * start again so the next sync brings the register fresh.
 */

/** Settings that describe this laptop's connection: never taken from a backup. */
export const CONNECTION_SETTINGS = ['serverUrl', 'account', 'deviceId', 'serverPublicKey', 'serverTransferKey', 'bureauRecoveryKey', 'tokenIdleDays', 'signedInAt'] as const;
/** The officer's own preferences: the only settings a backup brings back. */
const PREFERENCE_SETTINGS = ['certificates.warningDays'];

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The app's own tables at this schema version: not virtual tables (the full-text index) nor their shadow tables. */
function ownTables(db: Sqlite, schema: 'main' | 'src'): string[] {
  const rows = db.prepare(`SELECT name, sql FROM ${schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string; sql: string | null }[];
  const virtual = rows.filter((r) => /^CREATE VIRTUAL TABLE/i.test(r.sql ?? '')).map((r) => r.name);
  return rows.map((r) => r.name).filter((name) => !virtual.some((v) => name === v || name.startsWith(`${v}_`)));
}

const columnsOf = (db: Sqlite, schema: 'main' | 'src', table: string) => (db.prepare(`SELECT name FROM pragma_table_info(?, ?)`).pluck().all(table, schema) as string[]);

/**
 * Copies the data of `source` (a checked Xunlian store of schema `version`) into a new
 * store at `target`. Throws when a row breaks the app's own constraints (CHECK, NOT NULL,
 * foreign keys): such a file is refused, not half-restored.
 */
export function rebuildFromBackup(source: string, target: string, version: number, access: StoreAccess, sourceAccess: StoreAccess = access): void {
  for (const side of ['', '-wal', '-shm', '-journal']) rmSync(`${target}${side}`, { force: true });
  const fresh = openDb(target, { targetVersion: version, ...access });
  try {
    fresh.pragma('foreign_keys = OFF'); // checked as a whole once every table is in
    attachStore(fresh, source, 'src', sourceAccess); // keyed, or plain for a backup from before encryption
    const theirs = new Set(ownTables(fresh, 'src'));
    fresh.transaction(() => {
      for (const table of ownTables(fresh, 'main')) {
        fresh.prepare(`DELETE FROM main.${quote(table)}`).run();
        if (!theirs.has(table)) continue;
        const shared = new Set(columnsOf(fresh, 'src', table));
        const columns = columnsOf(fresh, 'main', table).filter((c) => shared.has(c)).map(quote).join(', ');
        if (!columns) continue;
        const onlyPreferences = table === 'settings' ? ` WHERE key IN (${PREFERENCE_SETTINGS.map(() => '?').join(', ')})` : '';
        fresh.prepare(`INSERT INTO main.${quote(table)} (${columns}) SELECT ${columns} FROM src.${quote(table)}${onlyPreferences}`).run(...(table === 'settings' ? PREFERENCE_SETTINGS : []));
      }
      if (ownTablesHasFts(fresh)) fresh.prepare(`INSERT INTO firms_fts (firms_fts) VALUES ('rebuild')`).run();
    })();
    fresh.prepare('DETACH DATABASE src').run();
    const broken = fresh.pragma('foreign_key_check') as unknown[];
    if (broken.length) throw new Error(`the backup's rows do not hold together (${broken.length} broken references)`);
    fresh.pragma('foreign_keys = ON');
    fresh.pragma('wal_checkpoint(TRUNCATE)');
    fresh.pragma('journal_mode = DELETE');
  } finally {
    fresh.close();
  }
}

function ownTablesHasFts(db: Sqlite): boolean {
  return db.prepare(`SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = 'firms_fts'`).get() !== undefined;
}

/**
 * Before the restored store takes the place of the current one: the connection settings
 * become the current store's (or none: sign in), and the pull cursors are forgotten.
 */
export function keepConnectionOf(currentStore: string | null, restored: string, access: StoreAccess): void {
  let kept: { key: string; value: string }[] = [];
  if (currentStore) {
    const current = openSqlite(currentStore, access, { readonly: true, fileMustExist: true });
    try {
      kept = current.prepare(`SELECT key, value FROM settings WHERE key IN (${CONNECTION_SETTINGS.map(() => '?').join(', ')})`).all(...CONNECTION_SETTINGS) as typeof kept;
    } finally {
      current.close();
    }
  }
  const db = openSqlite(restored, access, { fileMustExist: true });
  try {
    db.transaction(() => {
      db.prepare(`DELETE FROM settings WHERE key IN (${CONNECTION_SETTINGS.map(() => '?').join(', ')}) OR key LIKE '%.cursor'`).run(...CONNECTION_SETTINGS);
      const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
      for (const row of kept) insert.run(row.key, row.value);
    })();
  } finally {
    db.close();
  }
}
