import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { STORE_KEY_BYTES } from '../../../db/sqlite';
import { writeSecretFileSync } from './secret-file';

/**
 * Where the store's key is kept — never beside the data in the clear. The key is 256 random
 * bits made at the first start; what differs is what protects it:
 * - keychain: Electron's safeStorage (DPAPI on Windows, Keychain on macOS, libsecret/kwallet
 *   on Linux) seals it; the sealed form sits in the data folder, useless without the OS account.
 * - keyFile: the web shell and the tests keep it in a user-only file outside the data folder
 *   (`keyFileFor`), so the data folder alone cannot be opened.
 * - password (password-keyring.ts): where the OS has no keychain, wrapped by the officer's
 *   password and asked for at start; in a key file like the above until the first sign-in.
 */
export interface StoreKeyring {
  readonly kind: 'keychain' | 'keyFile' | 'keyFileUntilSignIn' | 'password';
  /** The key file's path (keyFile), said on the 本机 screen so IT knows what to protect. */
  readonly where: string | null;
  /** The key, or null when none was ever made here (or it was lost). */
  load(): Buffer | null;
  /** Makes and keeps a new key; only when there is none and nothing is encrypted yet. */
  create(): Buffer;
  /** Keeps a key recovered with the bureau's recovery file. */
  keep(key: Buffer): void;
}

/** The OS keychain as Electron's safeStorage offers it. */
export interface Sealer {
  seal(text: string): Buffer;
  unseal(data: Buffer): string;
}

/** A keyring from how it reads and keeps a key; a new key is 256 random bits, kept before it is used. */
function keyring(kind: StoreKeyring['kind'], where: string | null, load: () => Buffer | null, keep: (key: Buffer) => void): StoreKeyring {
  return {
    kind,
    where,
    load,
    keep,
    create: () => {
      const key = randomBytes(STORE_KEY_BYTES);
      keep(key);
      return key;
    },
  };
}

function parseKey(hex: string, where: string): Buffer {
  const key = Buffer.from(hex.trim(), 'hex');
  if (key.length !== STORE_KEY_BYTES) throw new Error(`${where} does not hold a store key.`);
  return key;
}

export function fileKeyring(path: string): StoreKeyring {
  return keyring(
    'keyFile',
    path,
    () => (existsSync(path) ? parseKey(readFileSync(path, 'utf8'), path) : null),
    (key) => writeSecretFileSync(path, key.toString('hex')),
  );
}

/** The sealed key's file in the data folder (safeStorage's output: only this OS account can unseal it). */
export const SEALED_KEY_FILE = 'store-key.sealed';

export function keychainKeyring(dataDir: string, sealer: Sealer): StoreKeyring {
  const path = join(dataDir, SEALED_KEY_FILE);
  // Unsealed once per start: the start asks twice (is the key lost? then the key itself), and a
  // keychain may ask the user each time it unseals.
  let unsealed: Buffer | null = null;
  return keyring(
    'keychain',
    null,
    () => {
      if (unsealed) return unsealed;
      if (!existsSync(path)) return null;
      let text: string;
      try {
        text = sealer.unseal(readFileSync(path));
      } catch (error) {
        // A locked keyring, another OS account: said plainly, the store left as it is.
        throw new Error(`系统钥匙串没有解开本机数据的密钥（钥匙串被锁定，或不是原来的系统账户）。请用原来的账户登录系统、解锁钥匙串后再打开巡链。 / The OS keychain did not unseal the store key (locked, or another OS account): ${(error as Error).message}`, { cause: error });
      }
      unsealed = parseKey(text, path);
      return unsealed;
    },
    (key) => {
      writeSecretFileSync(path, sealer.seal(key.toString('hex')));
      unsealed = key;
    },
  );
}

/**
 * The key file of a web shell's (or a test's) data folder: a sibling folder `<data>-keys`,
 * one file per profile folder, so copying the data folder never copies its key.
 * XUNLIAN_KEY_DIR names another folder.
 */
export function keyFileFor(rootDataDir: string, profileDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.XUNLIAN_KEY_DIR ?? join(dirname(rootDataDir), `${basename(rootDataDir)}-keys`);
  const name = profileDir === rootDataDir ? 'store' : basename(profileDir);
  return join(dir, `${name}.key`);
}
