import { existsSync, statSync } from 'node:fs';
import { isPlainSqliteFile, openSqlite, type StoreAccess } from '../../../db/sqlite';
import { recoverStoreKey } from './server-keys';
import type { StoreKeyring } from './keyring';
import { isPasswordKeyring } from './password-keyring';

/**
 * Every key that opens this laptop's store is gone (the OS account was reset, the key file
 * deleted) while the encrypted store is still there. Nothing is changed: the store stays as
 * it is for the bureau to recover, and the officer is told what it means.
 */
export class StoreKeyLostError extends Error {
  constructor(readonly storeFile: string) {
    super(
      `本机数据已加密，但找不到打开它的密钥（系统钥匙串或密钥文件已丢失）。数据文件未被改动：${storeFile}。` +
        '已同步到服务器的走访和名录不会丢失——在新的数据文件夹登录后，下一次同步会带回名录和本县的问题；尚未同步的工作只能凭密钥找回，请联系局信息中心。\n' +
        `The store is encrypted but no key that opens it is left (the OS keychain or the key file is gone). The data file is unchanged: ${storeFile}. ` +
        'What reached the server is not lost — sign in with a new data folder and the next sync brings the register and your county’s problems back; work not yet synced can only be recovered with the key: contact the bureau’s IT office.',
    );
    this.name = 'StoreKeyLostError';
  }
}

/** The store's key: the keyring's, or a new one when nothing encrypted exists yet (a new laptop, or the first start of this version). */
export function obtainStoreKey(keyring: StoreKeyring, storeFile: string): Buffer {
  const key = keyring.load();
  if (key) return key;
  if (encryptedStoreExists(storeFile)) throw new StoreKeyLostError(storeFile);
  return keyring.create();
}

const encryptedStoreExists = (storeFile: string) => existsSync(storeFile) && statSync(storeFile).size > 0 && !isPlainSqliteFile(storeFile);

/** True when the store is encrypted and no key of this laptop's keyring is left: the start would stop (StoreKeyLostError). */
export const storeKeyLost = (keyring: StoreKeyring, storeFile: string): boolean => encryptedStoreExists(storeFile) && !(isPasswordKeyring(keyring) && keyring.locked()) && keyring.load() === null;

/**
 * An administrator opens a laptop whose keys are lost with the bureau's recovery file: the
 * store key sealed to the bureau's key is opened, proved on the store, and kept by this
 * laptop's keyring again. Throws RecoveryError (for another bureau key, a damaged envelope)
 * or StoreKeyError (a key that does not open the store); nothing is changed then.
 */
export async function recoverWithBureauFile(dataDir: string, storeFile: string, keyring: StoreKeyring, recoveryFileText: string, access: StoreAccess = {}): Promise<void> {
  const key = await recoverStoreKey(dataDir, recoveryFileText);
  openSqlite(storeFile, { ...access, key }, { readonly: true, fileMustExist: true }).close();
  keyring.keep(key);
}
