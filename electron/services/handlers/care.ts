import { join } from 'node:path';
import type { AppInfo, BackupInspection, Profile } from '../../../shared/api/care';
import { AppError } from '../../../shared/api/errors';
import { writeFileAtomically } from '../atomic-file';
import { BACKUP_DIR, backupStoreWithKey, cancelRestore, confirmRestore, inspectStoreFile, listBackups, prepareRestore, restorePending, storeInfo, takeBackup, type Inspection } from '../backup';
import { collectDiagnostics, type DiagnosticsInput } from '../diagnostics';
import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatcher';
import { deliverRecorded } from '../audit/audited-export';
import type { UpdateService } from '../updates';
import type { KeyedAccess } from '../../../db/sqlite';
import { passphraseProblem } from '../../../shared/domain/passwords/passphrase';
import { passphraseKey } from '../encryption/passphrase-key';

export interface CareDeps {
  dataDir: string;
  /** How this process opens store files: the store's key, Electron's binding. */
  access: KeyedAccess;
  storeFile: string;
  info: () => AppInfo;
  updates: UpdateService;
  diagnostics: () => Omit<DiagnosticsInput, 'db' | 'backups' | 'now'>;
  /** Switches profile (writes the choice) and restarts; absent where the app cannot restart itself. */
  openProfile: (profile: Profile) => Promise<boolean>;
  /** Restarts the app (Electron); absent in the browser shell. */
  relaunch?: () => Promise<void>;
  pickBackupFile?: () => Promise<string | null>;
  log: (line: string) => void;
}

type CareMethods =
  | 'backup.list'
  | 'backup.now'
  | 'backup.toFolder'
  | 'backup.inspect'
  | 'backup.inspectFile'
  | 'backup.restore'
  | 'backup.cancelRestore'
  | 'backup.dismissRestoreResult'
  | 'diagnostics.export'
  | 'app.info'
  | 'app.openProfile'
  | 'updates.status'
  | 'updates.check'
  | 'updates.installOnRestart';

const day = (date: Date) => date.toISOString().slice(0, 10);
/** The restore done at the last start (settings), shown until the officer dismisses it. */
export const LAST_RESTORE_KEY = 'restore.lastResult';

/** Backups, restore, diagnostics, updates and the profile: the 本机 (this laptop) screen. */
export function careHandlers(ctx: ServiceContext, deps: CareDeps): Pick<Handlers, CareMethods> {
  const { db } = ctx;
  const answer = (inspection: Inspection): BackupInspection => {
    if (!inspection.ok) {
      deps.log(`backup: refused (${inspection.problem}): ${inspection.detail}`);
      return { ok: false, problem: inspection.problem };
    }
    return { ok: true, info: inspection.info, current: storeInfo(db) };
  };
  // The backup file the officer picked last (a passphrase opens it on a second call).
  let pickedFile: string | null = null;
  return {
    'backup.list': () => ({
      backups: listBackups(deps.dataDir),
      folder: join(deps.dataDir, BACKUP_DIR),
      restorePending: restorePending(deps.dataDir),
      canPickFile: Boolean(deps.pickBackupFile),
    }),
    'backup.now': async () => {
      const entry = await takeBackup(db, deps.dataDir, ctx.now(), 'manual');
      deps.log(`backup: ${entry.name} (${entry.bytes} bytes)`);
      return entry;
    },
    'backup.toFolder': ({ passphrase }) => {
      const problem = passphraseProblem(passphrase);
      if (problem) throw new AppError('VALIDATION', 'The passphrase cannot protect the backup.', { passphrase: `validation.passphrase.${problem}` });
      const key = passphraseKey(passphrase);
      // The whole store, contacts and all, leaves the app's folder: encrypted with the passphrase, not this laptop's key.
      return deliverRecorded(ctx, 'backup.outside', { contacts: true, detail: { encrypted: 'passphrase' } }, `巡链备份-${day(ctx.now())}.db`, async (path) => {
        backupStoreWithKey(deps.storeFile, path, deps.access, key);
        const check = inspectStoreFile(path, { ...deps.access, key });
        if (!check.ok) throw new Error(`the backup written to the chosen folder did not check out: ${check.problem}`);
        deps.log('backup: written to a folder the officer chose (encrypted with a passphrase)');
        return check.info.visits;
      });
    },
    'backup.inspect': ({ name }) => answer(prepareRestore(deps.dataDir, join(deps.dataDir, BACKUP_DIR, name), deps.access)),
    'backup.inspectFile': async (input) => {
      if (!deps.pickBackupFile) throw new AppError('FORBIDDEN', 'In the browser, restore from the list of backups on this computer.');
      // With a passphrase: the file picked a moment ago, which this laptop's key did not open.
      if (input?.passphrase) {
        if (!pickedFile) throw new AppError('VALIDATION', 'Pick the backup file first.');
        return answer(prepareRestore(deps.dataDir, pickedFile, deps.access, passphraseKey(input.passphrase)));
      }
      pickedFile = await deps.pickBackupFile();
      return pickedFile ? answer(prepareRestore(deps.dataDir, pickedFile, deps.access)) : null;
    },
    'backup.restore': async () => {
      const inspection = confirmRestore(deps.dataDir, ctx.now(), deps.access);
      if (!inspection.ok) throw new AppError('VALIDATION', 'The backup cannot be restored.', { backup: `care.backup.problem.${inspection.problem}` });
      deps.log(`backup: restore confirmed (${inspection.info.visits} visits); applied at the next start`);
      if (!deps.relaunch) return { relaunching: false };
      setTimeout(() => void deps.relaunch!(), 200); // the answer reaches the window first
      return { relaunching: true };
    },
    'backup.cancelRestore': () => {
      const cancelled = cancelRestore(deps.dataDir);
      if (cancelled) deps.log('backup: the restore waiting for the next start was cancelled');
      return { cancelled };
    },
    'backup.dismissRestoreResult': () => {
      db.prepare('DELETE FROM settings WHERE key = ?').run(LAST_RESTORE_KEY);
      return { dismissed: true };
    },
    'diagnostics.export': () =>
      deliverRecorded(ctx, 'export.diagnostics', { contacts: false }, `巡链诊断-${day(ctx.now())}.json`, async (path) => {
        const report = collectDiagnostics({ ...deps.diagnostics(), db, backups: listBackups(deps.dataDir), now: ctx.now() });
        await writeFileAtomically(path, (write) => write(`${JSON.stringify(report, null, 2)}\n`));
        return 1;
      }),
    'app.info': () => deps.info(),
    'app.openProfile': async ({ profile }) => ({ relaunching: await deps.openProfile(profile) }),
    'updates.status': () => deps.updates.status(),
    'updates.check': () => deps.updates.check(),
    'updates.installOnRestart': () => deps.updates.installOnRestart(),
  };
}
