import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { STORE_KEY_BYTES } from '../../../db/sqlite';
import { fileKeyring, type StoreKeyring } from './keyring';
import { syncFolder, writeSecretFileSync } from './secret-file';

/**
 * Where the OS offers no keychain (Linux without a keyring), the store's key is wrapped by a key
 * derived from the officer's password — the one the server checks at sign-in and the idle lock
 * asks for — and the app asks for it at start, before the store opens.
 *
 * A laptop has no password before its first sign-in (a new install, the demo profile): until
 * then the key is in the user-only key file beside the data folder (`keyFileFor`), as in the web
 * shell. The first time the app holds the password (a sign-in, a password change, an idle
 * unlock) it writes the wrapped key into the data folder and removes the key file. A kill between
 * the two leaves both; the password then opens the wrap and the leftover file is removed.
 *
 * A forgotten password, or one reset by the administrator while the laptop was offline (the
 * laptop still wants the old one): the bureau's recovery file opens the store
 * (recoverWithBureauFile), the key goes back to the key file, and the next sign-in wraps it
 * with the new password.
 */
export const PASSWORD_WRAPPED_KEY_FILE = 'store-key.password';

/** scrypt with 64 MB: about a quarter second per guess here, whoever copies the file. */
const KDF = { N: 2 ** 16, r: 8, p: 1 } as const;
const MAX_MEM = 128 * 1024 * 1024;

const WrappedKey = z.strictObject({
  v: z.literal(1),
  /** Whose password wraps it: named on the start screen. */
  username: z.string().max(200),
  kdf: z.strictObject({ name: z.literal('scrypt'), N: z.number().int().min(2 ** 14).max(2 ** 20), r: z.number().int().min(1).max(32), p: z.number().int().min(1).max(4), salt: z.string() }),
  iv: z.string(),
  data: z.string(),
  tag: z.string(),
});
type WrappedKey = z.infer<typeof WrappedKey>;

export interface PasswordKeyring extends StoreKeyring {
  /** The wrapped key is here and no password has opened it yet in this process: the start asks for one. */
  locked(): boolean;
  /** The account whose password opens the wrapped key (null before the first sign-in). */
  username(): string | null;
  /** Opens the wrapped key with a password; false for a wrong one (nothing changes). */
  unlock(password: string): Promise<boolean>;
  /** Wraps the store key with the account's password (at sign-in, password change, idle unlock). */
  bind(password: string, username: string): Promise<void>;
}

const derive = (password: string, salt: Buffer, kdf: { N: number; r: number; p: number }) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, STORE_KEY_BYTES, { ...kdf, maxmem: MAX_MEM }, (error, key) => (error ? reject(error) : resolve(key))),
  );

async function wrap(key: Buffer, password: string, username: string): Promise<WrappedKey> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await derive(password, salt, KDF), iv);
  // The account's name is bound in: a wrap cannot be passed off as another account's.
  cipher.setAAD(Buffer.from(username, 'utf8'));
  const data = Buffer.concat([cipher.update(key), cipher.final()]);
  return { v: 1, username, kdf: { name: 'scrypt', ...KDF, salt: salt.toString('base64') }, iv: iv.toString('base64'), data: data.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}

async function unwrap(wrapped: WrappedKey, password: string): Promise<Buffer | null> {
  const derived = await derive(password, Buffer.from(wrapped.kdf.salt, 'base64'), wrapped.kdf);
  const decipher = createDecipheriv('aes-256-gcm', derived, Buffer.from(wrapped.iv, 'base64'));
  decipher.setAAD(Buffer.from(wrapped.username, 'utf8'));
  decipher.setAuthTag(Buffer.from(wrapped.tag, 'base64'));
  try {
    const key = Buffer.concat([decipher.update(Buffer.from(wrapped.data, 'base64')), decipher.final()]);
    return key.length === STORE_KEY_BYTES ? key : null;
  } catch {
    return null; // the wrong password (GCM's tag does not match)
  }
}

export function passwordKeyring(dataDir: string, keyFile: string): PasswordKeyring {
  const wrapPath = join(dataDir, PASSWORD_WRAPPED_KEY_FILE);
  const beforeSignIn = fileKeyring(keyFile);
  let opened: Buffer | null = null;

  const readWrap = (): WrappedKey | null => {
    if (!existsSync(wrapPath)) return null;
    const parsed = WrappedKey.safeParse(JSON.parse(readFileSync(wrapPath, 'utf8')));
    if (!parsed.success) throw new Error(`${wrapPath} does not hold a wrapped store key.`);
    return parsed.data;
  };
  const dropKeyFile = () => {
    if (!existsSync(keyFile)) return;
    rmSync(keyFile, { force: true });
    syncFolder(dirname(keyFile));
  };

  return {
    get kind() {
      return existsSync(wrapPath) ? ('password' as const) : ('keyFileUntilSignIn' as const);
    },
    get where() {
      return existsSync(wrapPath) ? null : keyFile;
    },
    locked: () => opened === null && existsSync(wrapPath),
    username: () => readWrap()?.username ?? null,
    load() {
      if (opened) return opened;
      if (existsSync(wrapPath)) throw new Error('The store key is wrapped by the password: unlock it first.');
      return beforeSignIn.load();
    },
    create() {
      opened = beforeSignIn.create();
      return opened;
    },
    keep(key) {
      // A recovered key: the wrap (with a password nobody remembers) goes; the next sign-in wraps it anew.
      beforeSignIn.keep(key);
      rmSync(wrapPath, { force: true });
      syncFolder(dataDir);
      opened = key;
    },
    async unlock(password) {
      const wrapped = readWrap();
      if (!wrapped) return true;
      const key = await unwrap(wrapped, password);
      if (!key) return false;
      opened = key;
      dropKeyFile(); // a bind cut short left it
      return true;
    },
    async bind(password, username) {
      const key = opened ?? beforeSignIn.load();
      if (!key) throw new Error('There is no store key to wrap.');
      writeSecretFileSync(wrapPath, JSON.stringify(await wrap(key, password, username)));
      opened = key;
      dropKeyFile();
    },
  };
}

export const isPasswordKeyring = (keyring: StoreKeyring): keyring is PasswordKeyring => 'bind' in keyring;
