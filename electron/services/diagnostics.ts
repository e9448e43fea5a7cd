import { existsSync, readFileSync } from 'node:fs';
import { arch, platform, release } from 'node:os';
import type { Db } from '../../db/open';
import { LATEST_VERSION } from '../../db/migrations';
import type { BackupEntry } from './backup';
import { redactLine } from './log-file';

/**
 * The one file an officer sends to support: versions, settings without secrets, the
 * state of the outboxes, SQLite's integrity check and the end of the technical log.
 * Never the token, the signing key, passwords or what visits say (the log holds none;
 * the settings are listed by name and only the harmless ones by value).
 */
export interface DiagnosticsInput {
  db: Db;
  appVersion: string;
  profile: string;
  dataDir: string;
  account: { username: string; role: string; countyScope: string[] | null } | null;
  serverUrl: string;
  tokenStorage: string;
  syncStatus: unknown;
  updateStatus: unknown;
  backups: BackupEntry[];
  logFiles: string[];
  now: Date;
}

/** Settings whose values may travel; any other setting is listed by name only. */
const SHAREABLE_SETTINGS = new Set(['serverUrl', 'directory.cursor', 'deviceId', 'tokenIdleDays', 'signedInAt', 'register.version', 'lastSuccess']);
const LOG_LINES = 400;

function lastLines(files: string[], count: number): string[] {
  const lines: string[] = [];
  for (const file of files) {
    if (existsSync(file)) lines.push(...readFileSync(file, 'utf8').split('\n').filter(Boolean));
  }
  return lines.slice(-count).map(redactLine);
}

export function collectDiagnostics(input: DiagnosticsInput): Record<string, unknown> {
  const { db } = input;
  const count = (sql: string) => db.prepare(sql).pluck().get() as number;
  const settings = Object.fromEntries(
    (db.prepare('SELECT key, value FROM settings ORDER BY key').all() as { key: string; value: string }[]).map((s) => [s.key, SHAREABLE_SETTINGS.has(s.key) ? s.value : '(set)']),
  );
  return {
    generatedAt: input.now.toISOString(),
    app: { version: input.appVersion, profile: input.profile, schema: db.pragma('user_version', { simple: true }), schemaSupported: LATEST_VERSION },
    runtime: { node: process.versions.node, electron: process.versions.electron ?? null, chrome: process.versions.chrome ?? null, os: `${platform()} ${release()}`, arch: arch() },
    dataDir: input.dataDir,
    server: { url: input.serverUrl, tokenStorage: input.tokenStorage },
    account: input.account,
    settings,
    store: {
      integrityCheck: db.pragma('integrity_check', { simple: true }),
      journalMode: db.pragma('journal_mode', { simple: true }),
      firms: count('SELECT COUNT(*) FROM firms'),
      visits: count('SELECT COUNT(*) FROM visits'),
      visitsByStatus: db.prepare('SELECT status, sync_state AS syncState, COUNT(*) AS n FROM visits GROUP BY status, sync_state ORDER BY status, sync_state').all(),
      outbox: {
        byState: db.prepare('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state ORDER BY state').all(),
        maxAttempts: count("SELECT COALESCE(MAX(attempts), 0) FROM outbox WHERE state = 'pending'"),
        // Errors are the transport's or the server's refusal codes, never a visit's answers.
        lastErrors: db.prepare("SELECT visit_id AS visitId, revision, attempts, last_error AS lastError FROM outbox WHERE state != 'done' AND last_error IS NOT NULL ORDER BY id DESC LIMIT 20").all(),
      },
      firmOutbox: db.prepare('SELECT state, COUNT(*) AS n FROM firm_outbox GROUP BY state ORDER BY state').all(),
    },
    sync: input.syncStatus,
    updates: input.updateStatus,
    backups: input.backups,
    log: lastLines(input.logFiles, LOG_LINES),
  };
}
