import { AppError } from '../../shared/api/errors';
import QRCode from 'qrcode';
import { AccountInfo, ChangePasswordBody, SignInBody, TotpConfirmBody, TotpStartBody, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../shared/api/sync-protocol';
import { DEFAULT_IDLE_LOCK_MINUTES } from '../../shared/domain/passwords/idle-lock';
import { passwordProblems, type PasswordChangeReason } from '../../shared/domain/passwords/policy';
import { IDLE_MINUTES_KEY, VERIFIER_KEY } from './passwords/idle-lock';
import { makeUnlockVerifier } from './passwords/unlock-verifier';
import { serverUrlProblem } from '../../shared/api/server-url';
import { generateSigningKeys } from '../../shared/api/transfer';
import type { Db } from '../../db/open';
import { getSetting, setSetting } from '../../db/repositories/settings';
import type { Credentials } from '../sync/engine';
import type { TokenStore } from './token-store';

const ACCOUNT_KEY = 'account';
const SERVER_KEY = 'serverUrl';
const CURSOR_KEY = 'directory.cursor';
const DEVICE_KEY = 'deviceId';
/** The server's receipt-signing public key and its idle period, learned at sign-in (not secrets). */
const SERVER_KEY_KEY = 'serverPublicKey';
const IDLE_DAYS_KEY = 'tokenIdleDays';
const SIGNED_IN_AT_KEY = 'signedInAt';
/** Set while the server asks this account for a new password (first sign-in, reset, expired). */
const PASSWORD_CHANGE_KEY = 'passwordChange';
/** Set while the account's role must set up a second factor first. */
const TOTP_ENROLMENT_KEY = 'totpEnrolment';

export interface AccountStatus {
  signedIn: boolean;
  account: AccountInfo | null;
  serverUrl: string;
  tokenStorage: 'safeStorage' | 'file' | 'fileNoKeychain';
  signInAgainBy: string | null;
  /** Why a new password must be chosen before anything else; null when none is asked for. */
  passwordChange: PasswordChangeReason | null;
  totpEnrolment: boolean;
}

/**
 * Sign-in state of this laptop: the server it talks to, the signed-in account
 * (whose name goes on new visits) and the device token, kept in a TokenStore
 * (never in the database).
 */
export class AccountService {
  private token: string | null;
  private signingKey: string | null;
  /** When this laptop last reached the server (the sync engine's last success), for the idle-expiry date. */
  lastContact: () => string | null = () => null;

  constructor(
    private readonly db: Db,
    private readonly tokens: TokenStore,
    private readonly defaults: { serverUrl: string; token: string; officer: string },
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly now: () => Date = () => new Date(),
  ) {
    const secrets = tokens.load();
    this.token = secrets?.token ?? null;
    this.signingKey = secrets?.signingKey ?? null;
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
    const change = this.token ? (getSetting(this.db, PASSWORD_CHANGE_KEY) as PasswordChangeReason | null) : null;
    const totpEnrolment = !!this.token && getSetting(this.db, TOTP_ENROLMENT_KEY) === '1';
    return { signedIn: this.credentials().token !== null, account: this.account(), serverUrl: this.credentials().serverUrl, tokenStorage: this.tokens.kind, signInAgainBy: this.signInAgainBy(), passwordChange: change, totpEnrolment };
  }

  /** The server forgets a device unused for its idle period: from the last contact (or sign-in) on. */
  private signInAgainBy(): string | null {
    const days = Number(getSetting(this.db, IDLE_DAYS_KEY));
    const from = [this.lastContact(), getSetting(this.db, SIGNED_IN_AT_KEY)].filter((t): t is string => !!t).sort().pop();
    if (!this.token || !days || !from) return null;
    return new Date(Date.parse(from) + days * 86_400_000).toISOString();
  }

  async signIn(input: { serverUrl: string; username: string; password: string; deviceName: string; otp?: string | undefined }): Promise<AccountStatus> {
    const problem = serverUrlProblem(input.serverUrl);
    if (problem) throw new AppError('VALIDATION', 'The server address must use https:// (http:// only on this computer).', { serverUrl: problem });
    const serverUrl = new URL(input.serverUrl).origin;
    // This laptop's own signing key: the private half stays here, the server keeps the public half.
    const keys = await generateSigningKeys();
    let res: Response;
    try {
      res = await this.fetchImpl(new URL('/api/v1/session', serverUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
        body: JSON.stringify({ username: input.username, password: input.password, deviceName: input.deviceName, publicKey: keys.publicKey, ...(input.otp ? { otp: input.otp } : {}) }),
        signal: AbortSignal.timeout(15_000),
        redirect: 'manual',
      });
    } catch {
      throw new AppError('OFFLINE', 'The server cannot be reached. Check the address and the network.');
    }
    if (res.status === 401) {
      // The password was right and the account has a second factor: the form asks for its code.
      const code = ((await res.json().catch(() => null)) as { error?: { code?: string } } | null)?.error?.code;
      if (code === 'TOTP_REQUIRED') throw new AppError('VALIDATION', 'Type the code of your authenticator app.', { otp: 'totp.required' });
      if (code === 'TOTP_WRONG') throw new AppError('VALIDATION', 'The code is wrong or already used.', { otp: 'totp.wrong' });
      throw new AppError('UNAUTHORIZED', 'Wrong username or password.', { password: 'validation.badCredentials' });
    }
    if (res.status === 429) throw new AppError('RATE_LIMITED', 'Too many attempts. Wait a few minutes.');
    const parsed = SignInBody.safeParse(await res.json().catch(() => null));
    if (res.status !== 200 || !parsed.success) throw new AppError('OFFLINE', `The server did not answer as a Xunlian server (HTTP ${res.status}).`);
    const previous = this.account()?.username;
    // What unlocks the idle lock offline: the password just accepted online (a reset made since
    // the last sign-in took effect here only now).
    const verifier = await makeUnlockVerifier(input.password);
    this.tokens.save({ token: parsed.data.token, signingKey: keys.privateKey });
    this.token = parsed.data.token;
    this.signingKey = keys.privateKey;
    this.db.transaction(() => {
      setSetting(this.db, SERVER_KEY, serverUrl);
      setSetting(this.db, SERVER_KEY_KEY, parsed.data.serverPublicKey);
      setSetting(this.db, IDLE_DAYS_KEY, String(parsed.data.tokenIdleDays));
      setSetting(this.db, SIGNED_IN_AT_KEY, this.now().toISOString());
      setSetting(this.db, ACCOUNT_KEY, JSON.stringify(parsed.data.account));
      setSetting(this.db, DEVICE_KEY, parsed.data.deviceId);
      setSetting(this.db, VERIFIER_KEY, JSON.stringify(verifier));
      setSetting(this.db, IDLE_MINUTES_KEY, String(parsed.data.idleLockMinutes ?? DEFAULT_IDLE_LOCK_MINUTES));
      if (parsed.data.passwordChange) setSetting(this.db, PASSWORD_CHANGE_KEY, parsed.data.passwordChange);
      else this.db.prepare('DELETE FROM settings WHERE key = ?').run(PASSWORD_CHANGE_KEY);
      setSetting(this.db, TOTP_ENROLMENT_KEY, parsed.data.totpEnrolment ? '1' : '0');
      // Another account may have another scope: pull the directory afresh.
      if (previous !== parsed.data.account.username) setSetting(this.db, CURSOR_KEY, '0');
    })();
    return this.status();
  }

  /**
   * The signed-in user chooses a new password, online. The rules are checked here first (the
   * form said so while typing; the server decides again); the server checks the current one and
   * the last five. The unlock verifier follows the new password.
   */
  async changePassword(input: { currentPassword: string; newPassword: string }): Promise<AccountStatus> {
    const account = this.account();
    if (!account) throw new AppError('UNAUTHORIZED', 'Sign in first.');
    const problems = passwordProblems(input.newPassword, account.username);
    if (problems.length) throw new AppError('VALIDATION', 'The new password does not keep the rules.', { newPassword: `password.${problems[0]}` });
    const res = await this.ownAccount('/api/v1/account/password', input);
    const body = res.body as { error?: { key?: string } } | null;
    if (res.status === 401 && body?.error?.key === 'password.currentWrong') throw new AppError('VALIDATION', 'The current password is wrong.', { currentPassword: 'password.currentWrong' });
    if (res.status === 401) throw new AppError('UNAUTHORIZED', 'Sign in again: this laptop was signed out on the server.');
    if (res.status === 400 && body?.error?.key?.startsWith('password.')) throw new AppError('VALIDATION', 'The new password does not keep the rules.', { newPassword: body.error.key });
    if (res.status === 429) throw new AppError('RATE_LIMITED', 'Too many attempts. Wait a few minutes.');
    const parsed = ChangePasswordBody.safeParse(body);
    if (res.status !== 200 || !parsed.success) throw new AppError('OFFLINE', `The server did not answer as a Xunlian server (HTTP ${res.status}).`);
    const verifier = await makeUnlockVerifier(input.newPassword);
    this.db.transaction(() => {
      setSetting(this.db, VERIFIER_KEY, JSON.stringify(verifier));
      setSetting(this.db, IDLE_MINUTES_KEY, String(parsed.data.idleLockMinutes));
      this.db.prepare('DELETE FROM settings WHERE key = ?').run(PASSWORD_CHANGE_KEY);
    })();
    return this.status();
  }

  /** A request to the server as the signed-in device, for the account's own settings (password, second factor). */
  private async ownAccount(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
    const { serverUrl, token } = this.credentials();
    if (!this.account() || !this.token || !token) throw new AppError('UNAUTHORIZED', 'Sign in first.');
    try {
      const res = await this.fetchImpl(new URL(path, serverUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
        redirect: 'manual',
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    } catch {
      throw new AppError('OFFLINE', 'The server cannot be reached: this is done online.');
    }
  }

  /** Starts setting up the second factor: the secret as a QR code for the authenticator app (and as text, to type). */
  async totpStart(): Promise<{ secret: string; qr: string }> {
    const res = await this.ownAccount('/api/v1/account/totp/start', {});
    const parsed = TotpStartBody.safeParse(res.body);
    if (res.status === 409) throw new AppError('CONFLICT', 'A second factor is already set up.');
    if (res.status !== 200 || !parsed.success) throw new AppError('OFFLINE', `The server did not answer as a Xunlian server (HTTP ${res.status}).`);
    return { secret: parsed.data.secret, qr: await QRCode.toDataURL(parsed.data.uri, { margin: 1, width: 220 }) };
  }

  /** Confirms the second factor with a code it made; the recovery codes come back once. */
  async totpConfirm(code: string): Promise<{ recoveryCodes: string[]; status: AccountStatus }> {
    const res = await this.ownAccount('/api/v1/account/totp/confirm', { code });
    if (res.status === 400) throw new AppError('VALIDATION', 'The code does not match.', { code: 'totp.wrong' });
    const parsed = TotpConfirmBody.safeParse(res.body);
    if (res.status !== 200 || !parsed.success) throw new AppError('OFFLINE', `The server did not answer as a Xunlian server (HTTP ${res.status}).`);
    setSetting(this.db, TOTP_ENROLMENT_KEY, '0');
    return { recoveryCodes: parsed.data.recoveryCodes, status: this.status() };
  }

  /** What transfer files are signed with and receipts checked against, when signed in with a device key. */
  signing(): { deviceId: string; privateKey: string; serverPublicKey: string } | null {
    const deviceId = getSetting(this.db, DEVICE_KEY);
    const serverPublicKey = getSetting(this.db, SERVER_KEY_KEY);
    if (!this.token || !this.signingKey || !deviceId || !serverPublicKey) return null;
    return { deviceId, privateKey: this.signingKey, serverPublicKey };
  }

  async signOut(): Promise<AccountStatus> {
    const { serverUrl, token } = this.credentials();
    if (this.token && token) {
      // Revoke on the server when it can be reached; the local token goes either way.
      await this.fetchImpl(new URL('/api/v1/session', serverUrl), { method: 'DELETE', headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
    }
    this.tokens.save(null);
    this.token = null;
    this.signingKey = null;
    this.db.prepare('DELETE FROM settings WHERE key IN (?, ?, ?, ?, ?, ?, ?, ?)').run(ACCOUNT_KEY, DEVICE_KEY, SERVER_KEY_KEY, IDLE_DAYS_KEY, SIGNED_IN_AT_KEY, VERIFIER_KEY, PASSWORD_CHANGE_KEY, TOTP_ENROLMENT_KEY);
    return this.status();
  }
}
