import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileTokenStore, SealedTokenStore } from '../../../electron/services/token-store';
import { tempDir } from '../../fixtures/processes';

describe('device token storage', () => {
  it('keeps the web shell token in a file only the user can read, and removes it on sign-out', () => {
    const path = join(tempDir('token'), 'device-token');
    writeFileSync(path, 'old', { mode: 0o644 });
    const store = new FileTokenStore(path);
    store.save('secret-token');
    expect(store.load()).toBe('secret-token');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    store.save(null);
    expect(store.load()).toBeNull();
  });

  it('never writes the Electron token in plain text: it is sealed by safeStorage', () => {
    const path = join(tempDir('token'), 'device-token.sealed');
    // Stand-ins for safeStorage.encryptString / decryptString (the real ones need Electron).
    const seal = (text: string) => Buffer.from([...Buffer.from(text)].map((b) => b ^ 0x5a));
    const unseal = (data: Buffer) => Buffer.from([...data].map((b) => b ^ 0x5a)).toString();
    const store = new SealedTokenStore(path, seal, unseal);
    store.save('secret-token');
    expect(readFileSync(path).toString()).not.toContain('secret-token');
    expect(store.load()).toBe('secret-token');
    const broken = new SealedTokenStore(path, seal, () => {
      throw new Error('keychain changed');
    });
    expect(broken.load()).toBeNull(); // sign in again rather than crash
  });
});
