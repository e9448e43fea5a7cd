import { clock } from '../../shared/clock';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import { GREEN_PRODUCTS } from '../../shared/reference/green-catalogue';
import { DEPARTMENTS, POLICIES } from '../../shared/reference/policies';
import type { Db } from '../../db/open';
import { attachmentKey } from './encryption/attachment-cipher';
import type { StoreKeyring } from './encryption/keyring';
import { isPasswordKeyring } from './encryption/password-keyring';
import { OPEN_STORE } from './encryption/store-gate';
import { encryptedStoreInfo, openEncryptedStore } from './encryption/open-store';
import { acceptServerKeys, sealStoreKeyForRecovery } from './encryption/server-keys';
import { demoFirms } from '../../db/demo/demo-firms';
import { backfillInitials, countFirms, upsertFirm } from '../../db/repositories/firms';
import { hasReference, matchRecordedBanks, replaceReference, seedBanks, seedEliminated } from '../../db/repositories/reference';
import { BANKS } from '../../shared/reference/banks';
import { ELIMINATED_PRODUCTS } from '../../shared/reference/eliminated-products';
import { requeue } from '../../db/repositories/outbox';
import { computeReport, computeSummary } from '../../db/repositories/summary';
import { SyncEngine, type SyncOptions } from '../sync/engine';
import { z } from 'zod';
import { AppError, fail, ok, type Result } from '../../shared/api/errors';
import { VisitId } from '../../shared/domain/visit';
import { issuesToFields, issueToKey } from '../../shared/domain/validation-keys';
import { listAttachments } from '../../db/repositories/attachments';
import { hostname } from 'node:os';
import { AccountService } from './account';
import { storeAttachment } from './attachments';
import { exportTransfer, importReceipt } from './transfer';
import { ExportJobs, writeSummaryCsv } from './summary-export';
import { writeSummaryXlsx } from './xlsx-export';
import { TABLE_FILE_NAMES } from './summary-tables';
import { fileLogger } from './log-file';
import { FileTokenStore, type TokenStore } from './token-store';
import type { AppConfig } from './config';
import type { ServiceContext } from './context';
import { createDispatcher, type Dispatch } from './dispatcher';
import { IDLE_MINUTES_KEY, IdleLock, WHILE_LOCKED } from './passwords/idle-lock';
import { EventBus } from './events';
import { attachmentHandlers } from './handlers/attachments';
import { exportHandlers } from './handlers/exports';
import { firmHandlers } from './handlers/firms';
import { contactRevealHandlers } from './privacy/contact-reveal';
import { problemHandlers } from './handlers/problems';
import { handbookHandlers } from './handlers/handbook';
import { registerHandlers } from './handlers/register';
import { reviewHandlers } from './handlers/review';
import { adminHandlers } from './accounts/admin-handlers';
import { referenceListHandlers } from './reference/reference-handlers';
import { assignmentHandlers } from './assignments/assignment-handlers';
import { visitReviewHandlers } from './reviews/visit-review-handlers';
import { demandHandlers } from './demands/demand-handlers';
import { visitHandlers } from './handlers/visits';
import type { Platform } from './platform';
import { careHandlers, LAST_RESTORE_KEY } from './handlers/care';
import { getSetting, setSetting } from '../../db/repositories/settings';
import { dailyBackupIfDue } from './backup';
import { UpdateService, type Updater } from './updates';
import { deliverRecorded, recordedExport } from './audit/audited-export';
import { summarySubject } from './audit/export-subjects';
import type { Profile } from '../../shared/api/care';

export interface AppOptions extends AppConfig {
  dataDir: string;
  platform: Platform;
  /** Where the device token is kept; defaults to a user-only file in the data folder. */
  tokens?: TokenStore;
  nativeBinding?: string;
  /** Keeps the store's key: the OS keychain in Electron, a key file outside the data folder in the web shell and tests. */
  keyring: StoreKeyring;
  now?: () => Date;
  sync?: Partial<SyncOptions>;
  /** Tests start the engine themselves. */
  autoStartSync?: boolean;
  /** Names this laptop's device on the server ("electron" or "web"). */
  platformName?: string;
  /** Load the demo directory into an empty store (the default; the bench loads its own). */
  demoData?: boolean;
  /** The XLSX worker's entry; Electron passes its bundled xlsx-worker.cjs, tsx runs the boot file beside xlsx-export.ts. */
  xlsxWorker?: string;
  /** The app's version (Electron's app.getVersion(); package.json's in the web shell). */
  appVersion?: string;
  /** real (default): the bureau's data; demo: the demo firms, never synced. */
  profile?: Profile;
  /** electron-updater's updater in the packaged app; none elsewhere (updates unavailable). */
  updater?: Updater | null;
  /** The bureau's release public keys the app carries (resources/release-keys.json). */
  releaseKeys?: readonly string[];
  /** Restarts the app (Electron); the browser shell cannot. */
  relaunch?: () => Promise<void>;
  /** Writes the profile choice and restarts; returns false where the app cannot restart itself. */
  openProfile?: (profile: Profile) => Promise<boolean>;
  /** Electron's open dialog for a backup file. */
  pickBackupFile?: () => Promise<string | null>;
  /** Daily backups: first check after `firstDelayMs`, then every `intervalMs`; false turns them off (tests). */
  backups?: { firstDelayMs: number; intervalMs: number } | false;
}

/** The technical log's place in the data folder. */
export const LOG_FILE = join('logs', 'app.log');

export interface XunlianApp {
  db: Db;
  dispatch: Dispatch;
  events: EventBus;
  sync: SyncEngine;
  /** The web shell's upload endpoint lands here; Electron picks files through attachments.pick. */
  uploadAttachment(visitId: unknown, fileName: unknown, body: Readable): Promise<Result<unknown>>;
  close(): Promise<void>;
}

export const DB_FILE = 'xunlian.db';
const UploadInput = z.strictObject({ visitId: VisitId, fileName: z.string().trim().min(1).max(200) });

/** First run: reference data and the demo directory, so the app is usable before any directory pull. */
function seed(db: Db, now: string, demo: boolean): void {
  db.transaction(() => {
    if (!hasReference(db, 'green_product')) replaceReference(db, 'green_product', GREEN_PRODUCTS);
    if (!hasReference(db, 'policy')) replaceReference(db, 'policy', POLICIES);
    if (!hasReference(db, 'department')) replaceReference(db, 'department', DEPARTMENTS);
    seedEliminated(db, ELIMINATED_PRODUCTS);
    seedBanks(db, BANKS);
    // Steps typed before the bank list (or under a short name) count as the list's bank.
    matchRecordedBanks(db);
    if (demo && countFirms(db) === 0) demoFirms(now).forEach((f) => upsertFirm(db, f));
  })();
  backfillInitials(db);
}

/** Wires the store, the services, the sync engine and the dispatcher: the whole main process minus its transport. */
export function createApp(options: AppOptions): XunlianApp {
  const now = options.now ?? clock.now;
  const dbFile = join(options.dataDir, DB_FILE);
  const log = fileLogger(join(options.dataDir, LOG_FILE), now);
  const profile = options.profile ?? 'real';
  const demo = profile === 'demo';
  const { db, key, access, restoredAside } = openEncryptedStore(options.dataDir, dbFile, options.keyring, options.nativeBinding, now(), log);
  if (restoredAside) log(`backup: restored a backup; the previous store is kept as backups/${restoredAside}`);
  const attachments = { dir: join(options.dataDir, 'attachments'), key: attachmentKey(key) };
  const openedDir = join(tmpdir(), `xunlian-opened-${randomBytes(6).toString('hex')}`);
  seed(db, now().toISOString(), demo || options.demoData !== false);
  // Said on screen after the restart, until read: the restore happened, and where the old store is.
  if (restoredAside) setSetting(db, LAST_RESTORE_KEY, JSON.stringify({ at: now().toISOString(), keptAs: restoredAside }));
  log(`start: version ${options.appVersion ?? '?'}, profile ${profile}, schema ${String(db.pragma('user_version', { simple: true }))}`);
  const events = new EventBus();
  const accounts = new AccountService(db, options.tokens ?? new FileTokenStore(join(options.dataDir, 'device-token')), options, options.sync?.fetch, now);
  // Where the store's key is wrapped by the password (no OS keychain), each moment the app holds the
  // account's password (a sign-in, a change, an idle unlock) wraps it with that password: the next
  // start asks for the password last used here. A failure leaves the key where it was, and is logged.
  const passwordKnown = async (password: string): Promise<void> => {
    const username = accounts.account()?.username;
    if (!isPasswordKeyring(options.keyring) || !username) return;
    await options.keyring.bind(password, username).catch((error: Error) => log(`encryption: could not wrap the store key with the password: ${error.message}`));
  };
  const sync = new SyncEngine(db, {
    credentials: accounts.credentials,
    // A changed idle-lock policy reaches a signed-in laptop at its next sync, not only at the next sign-in.
    onPolicy: ({ idleLockMinutes }) => {
      if (accounts.account() && getSetting(db, IDLE_MINUTES_KEY) !== String(idleLockMinutes)) setSetting(db, IDLE_MINUTES_KEY, String(idleLockMinutes));
    },
    // The transfer key and the bureau's recovery key, checked against the server's signature; the
    // store key is sealed to a new recovery key at once.
    onServerKeys: (keys) => {
      void acceptServerKeys(db, keys)
        .then(async (recovery) => {
          if (recovery && (await sealStoreKeyForRecovery(options.dataDir, key, recovery))) log('encryption: the store key is now also sealed to the bureau recovery key');
        })
        .catch((error: Error) => log(`encryption: the server's keys were not taken: ${error.message}`));
    },
    timeoutMs: 15_000,
    attachments,
    now,
    log,
    ...options.sync,
    onStatus: (status) => events.emit('sync.status', status),
    onSynced: (ids) => events.emit('visits.changed', { ids }),
    onDirectory: () => events.emit('directory.changed', {}),
  });
  accounts.lastContact = () => sync.lastSuccess();
  const ctx: ServiceContext = {
    db,
    events,
    platform: options.platform,
    officer: accounts.officer,
    attachmentsDir: attachments.dir,
    attachmentKey: attachments.key,
    openedDir,
    now,
    // The demo profile never syncs: its firms and visits are not the bureau's.
    kickSync: () => (demo ? undefined : sync.kick()),
  };
  const updates = new UpdateService(demo ? null : (options.updater ?? null), {
    currentVersion: options.appVersion ?? '0.0.0',
    releaseKeys: options.releaseKeys ?? [],
    serverUrl: () => accounts.credentials().serverUrl,
    token: () => accounts.credentials().token,
    online: () => !['offline', 'signedOut'].includes(sync.status().state),
    emit: (status) => events.emit('updates.status', status),
    log,
    now,
  });
  const care = careHandlers(ctx, {
    dataDir: options.dataDir,
    access,
    storeFile: dbFile,
    info: () => ({
      version: options.appVersion ?? '0.0.0',
      profile,
      firstRun: !demo && !accounts.account() && countFirms(db) === 0,
      shell: options.platformName === 'desktop' ? 'desktop' : 'web',
      dataDir: options.dataDir,
      canRelaunch: Boolean(options.relaunch),
      encryption: encryptedStoreInfo(db, options.dataDir, options.keyring),
      lastRestore: (() => {
        const raw = getSetting(db, LAST_RESTORE_KEY);
        return raw ? (JSON.parse(raw) as { at: string; keptAs: string }) : null;
      })(),
    }),
    updates,
    diagnostics: () => {
      const status = accounts.status();
      return {
        appVersion: options.appVersion ?? '0.0.0',
        profile,
        dataDir: options.dataDir,
        account: status.account ? { username: status.account.username, role: status.account.role, countyScope: status.account.countyScope ?? null } : null,
        serverUrl: status.serverUrl,
        tokenStorage: status.tokenStorage,
        syncStatus: sync.status(),
        updateStatus: updates.status(),
        logFiles: [join(options.dataDir, `${LOG_FILE}.1`), join(options.dataDir, LOG_FILE)],
      };
    },
    openProfile: async (chosen) => (options.openProfile ? options.openProfile(chosen) : false),
    ...(options.relaunch ? { relaunch: options.relaunch } : {}),
    ...(options.pickBackupFile ? { pickBackupFile: options.pickBackupFile } : {}),
    log,
  });
  const demoRefusal = () => {
    throw new AppError('FORBIDDEN', 'The demo profile does not sync. Leave the demo to sign in.');
  };
  const exportJobs = new ExportJobs();
  const xlsxWorker = {
    entry: options.xlsxWorker ?? fileURLToPath(new URL('./xlsx-worker-boot.mjs', import.meta.url)),
    dbFile,
    key,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  };
  const lock = new IdleLock(db, () => demo, () => accounts.credentials().token !== null && accounts.account() !== null, () => accounts.signOut());
  const dispatchUnlocked = createDispatcher(
    {
      ...firmHandlers(ctx),
      ...contactRevealHandlers(ctx),
      ...visitHandlers(ctx),
      ...problemHandlers(ctx),
      ...attachmentHandlers(ctx),
      ...exportHandlers(ctx),
      ...registerHandlers(ctx, accounts.credentials, () => accounts.account()),
      ...reviewHandlers(ctx, accounts.credentials, () => accounts.account()),
      ...adminHandlers(ctx, accounts.credentials, () => accounts.account()),
      ...referenceListHandlers(ctx, accounts.credentials, () => accounts.account()),
      ...assignmentHandlers(ctx, accounts.credentials, () => accounts.account()),
      ...visitReviewHandlers(ctx, accounts.credentials, () => accounts.account()),
      ...demandHandlers(ctx, accounts.credentials, () => accounts.account()),
      ...handbookHandlers(ctx),
      ...care,
      'account.status': () => accounts.status(),
      'account.signIn': async (input) => {
        if (demo) demoRefusal();
        const status = await accounts.signIn({ ...input, deviceName: `${hostname()} (${options.platformName ?? 'web'})` });
        if (status.signedIn) await passwordKnown(input.password);
        sync.kick();
        return status;
      },
      'account.signOut': async () => {
        const status = await accounts.signOut();
        lock.clear();
        sync.kick();
        return status;
      },
      'account.changePassword': async (input) => {
        if (demo) demoRefusal();
        const status = await accounts.changePassword(input);
        await passwordKnown(input.newPassword);
        sync.kick();
        return status;
      },
      'account.totpStart': () => (demo ? demoRefusal() : accounts.totpStart()),
      'account.totpConfirm': ({ code }) => (demo ? demoRefusal() : accounts.totpConfirm(code)),
      'lock.status': () => lock.status(),
      'lock.engage': () => lock.engage(),
      'lock.unlock': async ({ password }) => {
        const status = await lock.unlock(password);
        if (!status.locked && !status.signedOut) await passwordKnown(password);
        return status;
      },
      // Reached once the store is open (before, the start gate answers them: encryption/store-gate.ts).
      'startup.status': () => OPEN_STORE,
      'startup.unlock': () => OPEN_STORE,
      'startup.recover': () => OPEN_STORE,
      'transfer.export': () => (demo ? demoRefusal() : exportTransfer(ctx, accounts)),
      'transfer.importReceipt': async ({ receipt }) => {
        const outcome = await importReceipt(ctx, accounts, receipt);
        sync.kick();
        return outcome;
      },
      'summary.get': (filter) => computeSummary(db, filter),
      'report.get': (filter) => computeReport(db, filter, now()),
      'exports.summaryXlsx': ({ filter, jobId }) =>
        deliverRecorded(ctx, 'export.summaryXlsx', summarySubject(filter), `巡链走访汇总-${filter.from}至${filter.to}.xlsx`, (path) => writeSummaryXlsx(ctx, filter, path, jobId, exportJobs, xlsxWorker)),
      'exports.summaryCsv': ({ filter, table, jobId }) =>
        deliverRecorded(ctx, 'export.summaryCsv', summarySubject(filter, { table }), `巡链走访汇总-${TABLE_FILE_NAMES[table]}-${filter.from}至${filter.to}.csv`, (path) => writeSummaryCsv(ctx, filter, table, path, jobId, exportJobs)),
      'exports.reportPdf': ({ filter, route }) => {
        if (!ctx.platform.printToPdf) throw new AppError('FORBIDDEN', 'In the browser, open the report page and print it (save as PDF there).');
        const name = `诊链报告-${filter.from}至${filter.to}.pdf`;
        return recordedExport(ctx, 'export.report', summarySubject(filter), name, () => ctx.platform.printToPdf!(route, name));
      },
      'exports.cancel': ({ jobId }) => {
        exportJobs.cancel(jobId);
        return { cancelled: true };
      },
      'sync.status': () => sync.status(),
      'sync.now': () => (demo ? sync.status() : sync.syncNow()),
      'sync.retry': ({ visitId }) => {
        // "Send again" after the cause was fixed on the server side; an edit is an amendment instead.
        db.transaction(() => {
          if (requeue(db, visitId) > 0) db.prepare("UPDATE visits SET sync_state = 'waiting', sync_error = NULL WHERE id = ? AND status = 'completed'").run(visitId);
        })();
        events.emit('visits.changed', { ids: [visitId] });
        return demo ? sync.status() : sync.syncNow();
      },
    },
    (message, error) => {
      // An unexpected failure: the officer sees a calm message; the detail goes to the log (no inputs: they may hold answers).
      log(`${message}: ${(error as Error)?.stack ?? String(error)}`);
      console.error(message, error);
    },
  );
  // While the idle lock is on, the main process answers nothing but the lock screen's calls.
  const dispatch: Dispatch = (method, input) =>
    typeof method === 'string' && !WHILE_LOCKED.has(method) && lock.isLocked() ? Promise.resolve(fail('SCREEN_LOCKED', 'The screen is locked: type the password to unlock.')) : dispatchUnlocked(method, input);
  if (options.autoStartSync !== false && !demo) {
    sync.start();
    updates.start();
  }
  const backups = options.backups === undefined ? { firstDelayMs: 60_000, intervalMs: 3600_000 } : options.backups;
  let backupRunning: Promise<unknown> = Promise.resolve();
  const backupTimers: NodeJS.Timeout[] = [];
  let closing: Promise<void> | null = null;
  if (backups) {
    const due = () => {
      backupRunning = backupRunning
        .then(() => dailyBackupIfDue(db, options.dataDir, now()))
        .then((entry) => entry && log(`backup: daily ${entry.name} (${entry.bytes} bytes)`))
        .catch((error: Error) => log(`backup: daily backup failed: ${error.message}`));
    };
    backupTimers.push(setTimeout(due, backups.firstDelayMs), setInterval(due, backups.intervalMs));
    backupTimers.forEach((t) => t.unref?.());
  }
  return {
    db,
    dispatch,
    events,
    sync,
    async uploadAttachment(visitId, fileName, body) {
      const input = UploadInput.safeParse({ visitId, fileName }, { error: issueToKey });
      if (!input.success) return fail('VALIDATION', 'Bad upload.', issuesToFields(input.error.issues));
      try {
        await storeAttachment(ctx, input.data.visitId, input.data.fileName, body);
        return ok(listAttachments(db, input.data.visitId));
      } catch (error) {
        if (error instanceof AppError) return { ok: false, error: error.toData() };
        throw error;
      }
    },
    close() {
      // Idempotent: a restart closes the app before the windows' own close does.
      closing ??= (async () => {
        backupTimers.forEach((t) => clearTimeout(t));
        updates.stop();
        await backupRunning;
        await sync.stop();
        db.close();
        rmSync(openedDir, { recursive: true, force: true }); // attachments opened in other programs
      })();
      return closing;
    },
  };
}
