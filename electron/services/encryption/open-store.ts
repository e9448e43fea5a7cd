import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppInfo } from '../../../shared/api/care';
import { openDb, type Db } from '../../../db/open';
import type { KeyedAccess } from '../../../db/sqlite';
import { getSetting, setSetting } from '../../../db/repositories/settings';
import { applyPendingRestore } from '../backup';
import { encryptDataFolder } from './encrypt-data-folder';
import type { StoreKeyring } from './keyring';
import { RECOVERY_ENVELOPE_FILE, RECOVERY_KEY_SETTING, sealStoreKeyForRecovery } from './server-keys';
import { obtainStoreKey } from './store-key';

/** When the first start of the encrypting version encrypted this data folder (said on 本机). */
const ENCRYPTED_AT_KEY = 'encryption.migratedAt';

export interface OpenedStore {
  db: Db;
  key: Buffer;
  access: KeyedAccess;
  /** The name the store replaced by a restore was kept as in backups/, when a restore was applied now. */
  restoredAside: string | null;
}

/**
 * The start of the app up to an open store: the key (made, or read from the keyring; a lost
 * key stops here), everything an earlier version left plain encrypted, a pending restore
 * applied, the store opened with the key, and the key sealed to the bureau's recovery key
 * when the laptop knows one (this key may be new: a first start of this version, a restore).
 */
export function openEncryptedStore(dataDir: string, storeFile: string, keyring: StoreKeyring, nativeBinding: string | undefined, now: Date, log: (line: string) => void): OpenedStore {
  const key = obtainStoreKey(keyring, storeFile);
  const access: KeyedAccess = { key, ...(nativeBinding ? { nativeBinding } : {}) };
  const encrypted = encryptDataFolder(dataDir, storeFile, access);
  const migrated = encrypted.store || encrypted.backups > 0 || encrypted.attachments > 0 || encrypted.removed.length > 0;
  if (migrated) log(`encryption: encrypted the store ${String(encrypted.store)}, ${encrypted.backups} backups, ${encrypted.attachments} attachments; removed ${encrypted.removed.join(', ') || 'nothing'}`);
  const restoredAside = applyPendingRestore(dataDir, storeFile, now, access);
  const db = openDb(storeFile, access);
  if (migrated) setSetting(db, ENCRYPTED_AT_KEY, JSON.stringify({ at: now.toISOString(), droppedRestore: encrypted.removed.length > 0 }));
  const recoveryKey = getSetting(db, RECOVERY_KEY_SETTING);
  if (recoveryKey) void sealStoreKeyForRecovery(dataDir, key, recoveryKey).catch((error: Error) => log(`encryption: could not seal the store key for recovery: ${error.message}`));
  return { db, key, access, restoredAside };
}

/** What 本机 says about the encryption (AppInfo.encryption). */
export function encryptedStoreInfo(db: Db, dataDir: string, keyring: StoreKeyring): AppInfo['encryption'] {
  const migrated = JSON.parse(getSetting(db, ENCRYPTED_AT_KEY) ?? 'null') as { at: string; droppedRestore: boolean } | null;
  return { keptBy: keyring.kind, keyFile: keyring.where, recoverable: existsSync(join(dataDir, RECOVERY_ENVELOPE_FILE)), encryptedAt: migrated?.at ?? null, droppedRestore: migrated?.droppedRestore ?? false };
}
