import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileKeyring, keychainKeyring, keyFileFor, SEALED_KEY_FILE } from '../../../electron/services/encryption/keyring';
import { PASSWORD_WRAPPED_KEY_FILE, passwordKeyring } from '../../../electron/services/encryption/password-keyring';
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
    // One unseal per start, however often the start asks (a keychain may prompt the user each time).
    let unseals = 0;
    const counted = keychainKeyring(dataDir, { ...sealer, unseal: (data) => (unseals++, sealer.unseal(data)) });
    expect(counted.load()).toEqual(key);
    expect(counted.load()).toEqual(key);
    expect(unseals).toBe(1);
  });
});

describe('the store key wrapped by the password (no keychain)', () => {
  it('a bind cut short leaves both; the password opens the wrap and the leftover key file goes', async () => {
    const dataDir = join(tempDir('wrapped'), 'data');
    const keyFile = keyFileFor(dataDir, dataDir, {});
    const keyring = passwordKeyring(dataDir, keyFile);
    const key = keyring.create();
    expect(keyring.kind).toBe('keyFileUntilSignIn');
    await keyring.bind('Correct horse 1', 'wang');
    expect(existsSync(keyFile)).toBe(false);
    const wrapped = readFileSync(join(dataDir, PASSWORD_WRAPPED_KEY_FILE), 'utf8');
    expect(wrapped.includes(key.toString('hex'))).toBe(false);
    expect(wrapped.includes(key.toString('base64'))).toBe(false);
    expect(statSync(join(dataDir, PASSWORD_WRAPPED_KEY_FILE)).mode & 0o777).toBe(0o600);
    // The moment between writing the wrap and removing the key file, as a kill would leave it.
    writeFileSync(keyFile, key.toString('hex'));
    const next = passwordKeyring(dataDir, keyFile);
    expect(next.locked()).toBe(true);
    expect(() => next.load()).toThrow(/unlock it first/);
    expect(await next.unlock('correct horse 1')).toBe(false);
    expect(next.locked()).toBe(true);
    expect(await next.unlock('Correct horse 1')).toBe(true);
    expect(next.load()).toEqual(key);
    expect(existsSync(keyFile)).toBe(false);
  });

  it("binds the account's name: a wrap relabelled for another account opens nothing", async () => {
    const dataDir = join(tempDir('relabelled'), 'data');
    const keyring = passwordKeyring(dataDir, keyFileFor(dataDir, dataDir, {}));
    keyring.create();
    await keyring.bind('Correct horse 1', 'wang');
    const path = join(dataDir, PASSWORD_WRAPPED_KEY_FILE);
    writeFileSync(path, readFileSync(path, 'utf8').replace('"username":"wang"', '"username":"li"'));
    const relabelled = passwordKeyring(dataDir, keyFileFor(dataDir, dataDir, {}));
    expect(relabelled.username()).toBe('li');
    expect(await relabelled.unlock('Correct horse 1')).toBe(false);
  });
});
