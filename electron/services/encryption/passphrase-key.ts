import { scryptSync } from 'node:crypto';
import { STORE_KEY_BYTES } from '../../../db/sqlite';

/**
 * The key of a backup written outside the laptop, from the passphrase the officer chose:
 * scrypt (memory-hard: N = 2^16, r = 8 → 64 MB, about a quarter second here), so each guess
 * costs an attacker the same. The salt is fixed for the app; SQLite3 Multiple Ciphers then
 * derives each file's page key from this with the random salt it stores in the file, so two
 * backups with one passphrase share nothing an attacker could precompute.
 */
const SCRYPT = { N: 2 ** 16, r: 8, p: 1, maxmem: 128 * 1024 * 1024 };
const SALT = 'xunlian outside backup v1';

export function passphraseKey(passphrase: string): Buffer {
  return scryptSync(passphrase.normalize('NFC'), SALT, STORE_KEY_BYTES, SCRYPT);
}
