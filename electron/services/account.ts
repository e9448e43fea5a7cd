import { AppError } from '../../shared/api/errors';
import { AccountInfo, SignInBody, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../shared/api/sync-protocol';
import { deviceKey } from '../../shared/api/transfer';
import type { Db } from '../../db/open';
import { getSetting, setSetting } from '../../db/repositories/settings';
import type { Credentials } from '../sync/engine';
import type { TokenStore } from './token-store';

const ACCOUNT_KEY = 'account';
const SERVER_KEY = 'serverUrl';
const CURSOR_KEY = 'directory.cursor';
const DEVICE_KEY = 'deviceId';

export interface AccountStatus {
  signedIn: boolean;
  account: AccountInfo | null;
  serverUrl: string;
  tokenStorage: 'safeStorage' | 'file';
}

/**
 * Sign-in state of this laptop: the server it talks to, the signed-in account
 * (whose name goes on new visits) and the device token, kept in a TokenStore
 * (never in the database).
 */
export class AccountService {
  private token: string | null;

  constructor(
    private readonly db: Db,
    private readonly tokens: TokenStore,
    private readonly defaults: { serverUrl: string; token: string; officer: string },
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.token = tokens.load();
  }

  credentials = (): Credentials => ({
    serverUrl: getSetting(this.db, SERVER_KEY) ?? this.defaults.serverUrl,
    token: this.token ?? (this.defaults.token || null),
    role: this.account()?.role,
  });

  account(): AccountInfo | null {
    const raw = getSetting(this.db, ACCOUNT_KEY);
    return raw ? AccountInfo.parse(JSON.parse(raw)) : null;
  }

  officer = (): string => this.account()?.displayName ?? this.defaults.officer;

  status(): AccountStatus {
    return { signedIn: this.credentials().token !== null, account: this.account(), serverUrl: this.credentials().serverUrl, tokenStorage: this.tokens.kind };
  }

  async signIn(input: { serverUrl: string; username: string; password: string; deviceName: string }): Promise<AccountStatus> {
    const serverUrl = new URL(input.serverUrl).origin;
    let res: Response;
    try {
      res = await this.fetchImpl(new URL('/api/v1/session', serverUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
        body: JSON.stringify({ username: input.username, password: input.password, deviceName: input.deviceName }),
        signal: AbortSignal.timeout(15_000),
        redirect: 'manual',
      });
    } catch {
      throw new AppError('OFFLINE', 'The server cannot be reached. Check the address and the network.');
    }
    if (res.status === 401) throw new AppError('UNAUTHORIZED', 'Wrong username or password.', { password: 'validation.badCredentials' });
    if (res.status === 429) throw new AppError('RATE_LIMITED', 'Too many attempts. Wait a few minutes.');
    const parsed = SignInBody.safeParse(await res.json().catch(() => null));
    if (res.status !== 200 || !parsed.success) throw new AppError('OFFLINE', `The server did not answer as a Xunlian server (HTTP ${res.status}).`);
    const previous = this.account()?.username;
    this.tokens.save(parsed.data.token);
    this.token = parsed.data.token;
    this.db.transaction(() => {
      setSetting(this.db, SERVER_KEY, serverUrl);
      setSetting(this.db, ACCOUNT_KEY, JSON.stringify(parsed.data.account));
      setSetting(this.db, DEVICE_KEY, parsed.data.deviceId);
      // Another account may have another scope: pull the directory afresh.
      if (previous !== parsed.data.account.username) setSetting(this.db, CURSOR_KEY, '0');
    })();
    return this.status();
  }

  /** The device id and signing key (SHA-256 of the token) for transfer files, when signed in. */
  async signing(): Promise<{ deviceId: string; key: string } | null> {
    const deviceId = getSetting(this.db, DEVICE_KEY);
    if (!this.token || !deviceId) return null;
    return { deviceId, key: await deviceKey(this.token) };
  }

  async signOut(): Promise<AccountStatus> {
    const { serverUrl, token } = this.credentials();
    if (this.token && token) {
      // Revoke on the server when it can be reached; the local token goes either way.
      await this.fetchImpl(new URL('/api/v1/session', serverUrl), { method: 'DELETE', headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
    }
    this.tokens.save(null);
    this.token = null;
    this.db.prepare('DELETE FROM settings WHERE key IN (?, ?)').run(ACCOUNT_KEY, DEVICE_KEY);
    return this.status();
  }
}
