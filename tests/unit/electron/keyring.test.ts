import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileKeyring, keychainKeyring, keyFileFor, SEALED_KEY_FILE } from '../../../electron/services/encryption/keyring';
import { tempDir } from '../../fixtures/processes';

describe('where the store key is kept', () => {
  it('a key file outside the data folder, one per profile, user-only', () => {
    const root = join(tempDir('keys'), 'web');
    const real = keyFileFor(root, root, {});
    const demo = keyFileFor(root, join(root, 'demo'), {});
    for (const file of [real, demo]) expect(relative(root, file).startsWith('..')).toBe(true);
    expect(real).not.toBe(demo);
    expect(keyFileFor(root, root, { XUNLIAN_KEY_DIR: '/srv/keys' })).toBe('/srv/keys/store.key');
    const keyring = fileKeyring(real);
    expect(keyring.load()).toBeNull();
    const key = keyring.create();
    expect(key).toHaveLength(32);
    expect(keyring.load()).toEqual(key);
    expect(statSync(real).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(real)).mode & 0o777).toBe(0o700);
  });

  it('sealed by the keychain: only the sealed form is on disk, and a keychain that will not unseal says so', () => {
    const dataDir = tempDir('sealed');
    const sealer = { seal: (text: string) => Buffer.from(Buffer.from(text, 'utf8').map((b) => b ^ 0x5a)), unseal: (data: Buffer) => Buffer.from(data.map((b) => b ^ 0x5a)).toString('utf8') };
    const keyring = keychainKeyring(dataDir, sealer);
    const key = keyring.create();
    expect(readFileSync(join(dataDir, SEALED_KEY_FILE)).includes(Buffer.from(key.toString('hex')))).toBe(false);
    expect(keyring.load()).toEqual(key);
    const locked = keychainKeyring(dataDir, { ...sealer, unseal: () => { throw new Error('keyring locked'); } });
    expect(() => locked.load()).toThrow(/系统钥匙串没有解开本机数据的密钥.*keyring locked/s);
  });
});
