import { z } from 'zod';

/** Care of the laptop: backups and restore, the app's own facts, profiles, updates. */

export const BackupName = z.string().regex(/^(xunlian|xunlian-manual|before-restore)-\d{8}T\d{6}\.db$/);

export const BackupEntry = z.object({
  name: BackupName,
  /** daily: taken by the app (or on demand); beforeRestore: the store a restore replaced. */
  kind: z.enum(['daily', 'manual', 'beforeRestore']),
  takenAt: z.string(),
  bytes: z.number().int(),
});
export type BackupEntry = z.infer<typeof BackupEntry>;

export const BackupList = z.object({ backups: z.array(BackupEntry), folder: z.string(), restorePending: z.boolean(), canPickFile: z.boolean() });

export const BackupInfo = z.object({
  version: z.number().int(),
  visits: z.number().int(),
  completedVisits: z.number().int(),
  firms: z.number().int(),
  lastEdit: z.string().nullable(),
});

/** Why a file cannot be restored, translated as care.backup.problem.<code>. */
export const BACKUP_PROBLEMS = ['unreadable', 'notXunlian', 'otherKey', 'wrongPassphrase', 'damaged', 'newer'] as const;

export const BackupInspection = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), info: BackupInfo, current: BackupInfo }),
  z.object({ ok: z.literal(false), problem: z.enum(BACKUP_PROBLEMS) }),
]);
export type BackupInspection = z.infer<typeof BackupInspection>;

/** relaunching: the app restarts itself to finish; otherwise the officer restarts it. */
export const RestoreOutcome = z.object({ relaunching: z.boolean() });

/** real: the bureau's data, synced; demo: the demo firms, never synced. */
export const PROFILES = ['real', 'demo'] as const;
export type Profile = (typeof PROFILES)[number];

export const AppInfo = z.object({
  version: z.string(),
  profile: z.enum(PROFILES),
  /** Nobody has signed in on this profile and it holds no firms yet: offer sign-in or the demo. */
  firstRun: z.boolean(),
  /** The desktop app (packaged or started from source) or the browser shell. */
  shell: z.enum(['desktop', 'web']),
  dataDir: z.string(),
  canRelaunch: z.boolean(),
  /** A restore done at this start: when, and the name the replaced store was kept as in backups/ (until dismissed). */
  lastRestore: z.object({ at: z.string(), keptAs: z.string() }).nullable(),
  /** How this laptop's data is encrypted at rest (electron/services/encryption/). */
  encryption: z.object({
    /** What keeps the store key: the OS keychain, or a user-only key file outside the data folder. */
    keptBy: z.enum(['keychain', 'keyFile', 'keyFileUntilSignIn', 'password']),
    keyFile: z.string().nullable(),
    /** The store key is also sealed to the bureau's recovery key. */
    recoverable: z.boolean(),
    /** When this version encrypted what an earlier one left plain, and whether a prepared restore was dropped then. */
    encryptedAt: z.string().nullable(),
    droppedRestore: z.boolean(),
  }),
});
export type AppInfo = z.infer<typeof AppInfo>;

/** Why an update check or download failed, translated as care.updates.problem.<code>. */
export const UPDATE_PROBLEMS = ['offline', 'noFeed', 'badFeed', 'download', 'untrusted', 'other'] as const;

export const UpdateStatus = z.object({
  /**
   * unavailable: this copy cannot update itself (the browser shell, a copy started from
   * source, the demo profile); idle: not checked yet; ready: downloaded and waiting.
   */
  state: z.enum(['unavailable', 'idle', 'checking', 'upToDate', 'downloading', 'ready', 'error']),
  currentVersion: z.string(),
  availableVersion: z.string().nullable(),
  percent: z.number().min(0).max(100).nullable(),
  /** The officer agreed: the update installs at the next start. */
  installOnRestart: z.boolean(),
  lastCheckedAt: z.string().nullable(),
  problem: z.enum(UPDATE_PROBLEMS).nullable(),
});
export type UpdateStatus = z.infer<typeof UpdateStatus>;
