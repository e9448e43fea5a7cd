import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Where the device's secrets live: its token and its private signing key, saved
 * together. Electron seals them with the OS keychain (safeStorage); the web shell,
 * and a desktop whose OS offers no keychain, keep them in a file only the user can
 * read, and the account screen says which.
 */
export interface DeviceSecrets {
  token: string;
  /** Ed25519 private key (base64url PKCS#8); absent for a token from before device keys. */
  signingKey?: string | undefined;
}

export interface TokenStore {
  readonly kind: 'safeStorage' | 'file' | 'fileNoKeychain';
  load(): DeviceSecrets | null;
  save(secrets: DeviceSecrets | null): void;
}

/** Reads what a store wrote: the JSON of DeviceSecrets, or a bare token (written before device keys). */
function parseSecrets(text: string): DeviceSecrets | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  if (!trimmed.startsWith('{')) return { token: trimmed };
  try {
    const value = JSON.parse(trimmed) as Partial<DeviceSecrets>;
    return typeof value.token === 'string' && value.token ? { token: value.token, signingKey: typeof value.signingKey === 'string' ? value.signingKey : undefined } : null;
  } catch {
    return null;
  }
}

/** Writes a file only its owner may read, also when it existed with wider rights. */
function writeUserOnly(path: string, data: string | Buffer): void {
  writeFileSync(path, data, { mode: 0o600 });
  chmodSync(path, 0o600);
}

export class FileTokenStore implements TokenStore {
  constructor(
    private readonly path: string,
    readonly kind: 'file' | 'fileNoKeychain' = 'file',
  ) {}

  load(): DeviceSecrets | null {
    return existsSync(this.path) ? parseSecrets(readFileSync(this.path, 'utf8')) : null;
  }

  save(secrets: DeviceSecrets | null): void {
    if (secrets === null) return rmSync(this.path, { force: true });
    writeUserOnly(this.path, JSON.stringify(secrets));
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

  load(): DeviceSecrets | null {
    if (!existsSync(this.path)) return null;
    try {
      return parseSecrets(this.unseal(readFileSync(this.path)));
    } catch {
      return null; // sealed by another OS user or keychain: sign in again
    }
  }

  save(secrets: DeviceSecrets | null): void {
    if (secrets === null) return rmSync(this.path, { force: true });
    writeUserOnly(this.path, this.seal(JSON.stringify(secrets)));
  }
}

/**
 * The desktop's choice: the OS keychain when Electron can use one, otherwise a
 * user-only file — said on the account screen ('fileNoKeychain'), never silently.
 */
export function chooseTokenStore(dir: string, keychain: { available: boolean; seal: (text: string) => Buffer; unseal: (data: Buffer) => string }, join: (...parts: string[]) => string): TokenStore {
  if (!keychain.available) return new FileTokenStore(join(dir, 'device-token'), 'fileNoKeychain');
  return new SealedTokenStore(join(dir, 'device-token.sealed'), keychain.seal, keychain.unseal);
}
