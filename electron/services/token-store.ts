import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Where the device token lives. Electron seals it with the OS keychain
 * (safeStorage); the web shell, which has no keychain, keeps it in a file only the
 * user can read, and the settings screen says so.
 */
export interface TokenStore {
  readonly kind: 'safeStorage' | 'file';
  load(): string | null;
  save(token: string | null): void;
}

export class FileTokenStore implements TokenStore {
  readonly kind = 'file' as const;
  constructor(private readonly path: string) {}

  load(): string | null {
    return existsSync(this.path) ? readFileSync(this.path, 'utf8').trim() || null : null;
  }

  save(token: string | null): void {
    if (token === null) return rmSync(this.path, { force: true });
    writeFileSync(this.path, token, { mode: 0o600 });
    chmodSync(this.path, 0o600); // also when the file already existed with wider rights
  }
}

/** A sealed file: `seal`/`unseal` come from Electron's safeStorage. */
export class SealedTokenStore implements TokenStore {
  readonly kind = 'safeStorage' as const;
  constructor(
    private readonly path: string,
    private readonly seal: (text: string) => Buffer,
    private readonly unseal: (data: Buffer) => string,
  ) {}

  load(): string | null {
    if (!existsSync(this.path)) return null;
    try {
      return this.unseal(readFileSync(this.path)) || null;
    } catch {
      return null; // sealed by another OS user or keychain: sign in again
    }
  }

  save(token: string | null): void {
    if (token === null) return rmSync(this.path, { force: true });
    writeFileSync(this.path, this.seal(token), { mode: 0o600 });
  }
}
