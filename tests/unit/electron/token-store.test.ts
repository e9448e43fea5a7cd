import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseTokenStore, FileTokenStore, SealedTokenStore } from '../../../electron/services/token-store';
import { tempDir } from '../../fixtures/processes';

const SECRETS = { token: 'secret-token', signingKey: 'private-signing-key' };
// Stand-ins for safeStorage.encryptString / decryptString (the real ones need Electron).
const seal = (text: string) => Buffer.from([...Buffer.from(text)].map((b) => b ^ 0x5a));
const unseal = (data: Buffer) => Buffer.from([...data].map((b) => b ^ 0x5a)).toString();

describe('device token storage', () => {
  it('keeps the web shell token and signing key in a file only the user can read, re-applied on every save, and removes it on sign-out', () => {
    const path = join(tempDir('token'), 'device-token');
    writeFileSync(path, 'old', { mode: 0o644 });
    const store = new FileTokenStore(path);
    store.save(SECRETS);
    expect(store.load()).toEqual(SECRETS);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    chmodSync(path, 0o644); // someone widened it
    store.save(SECRETS);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    store.save(null);
    expect(store.load()).toBeNull();
  });

  it('still reads a bare token written before device keys (then transfer files ask to sign in again)', () => {
    const path = join(tempDir('token'), 'device-token');
    writeFileSync(path, 'bare-old-token\n');
    expect(new FileTokenStore(path).load()).toEqual({ token: 'bare-old-token' });
  });

  it('never writes the Electron token or key in plain text: they are sealed by safeStorage', () => {
    const path = join(tempDir('token'), 'device-token.sealed');
    const store = new SealedTokenStore(path, seal, unseal);
    store.save(SECRETS);
    expect(readFileSync(path).toString()).not.toContain('secret-token');
    expect(readFileSync(path).toString()).not.toContain('private-signing-key');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(store.load()).toEqual(SECRETS);
    const broken = new SealedTokenStore(path, seal, () => {
      throw new Error('keychain changed');
    });
    expect(broken.load()).toBeNull(); // sign in again rather than crash
  });

  it('the desktop uses the keychain when the OS offers one, and otherwise a user-only file it names as such', () => {
    const dir = tempDir('token');
    const withKeychain = chooseTokenStore(dir, { available: true, seal, unseal }, join);
    expect(withKeychain.kind).toBe('safeStorage');
    withKeychain.save(SECRETS);
    expect(readFileSync(join(dir, 'device-token.sealed')).toString()).not.toContain('secret-token');
    const without = chooseTokenStore(dir, { available: false, seal, unseal }, join);
    expect(without.kind).toBe('fileNoKeychain');
    without.save(SECRETS);
    expect(statSync(join(dir, 'device-token')).mode & 0o777).toBe(0o600);
  });
});
