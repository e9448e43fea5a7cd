import argon2 from 'argon2';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { PASSWORD_HISTORY, passwordProblems, type PasswordChangeReason, type PasswordProblem } from '../../shared/domain/passwords/policy';
import { clock } from '../../shared/clock';
import type { SqlClient } from './sql-client';

export type Role = 'officer' | 'supervisor' | 'admin' | 'auditor';
export const ROLES: readonly Role[] = ['officer', 'supervisor', 'admin', 'auditor'];

type Tx = Pick<SqlClient, 'query' | 'exec'>;
/** More work done in the same transaction as an account change: its audit row. */
export type AlsoInTx = (tx: Tx, accountId: string) => Promise<void>;
const nothing: AlsoInTx = async () => undefined;

/** Who is calling: resolved from the device token on every request. */
export interface Principal {
  accountId: string;
  username: string;
  displayName: string;
  role: Role;
  /** County codes the account may see; null means the whole city. */
  countyScope: string[] | null;
  deviceId: string;
  /** Set while the account must choose a new password: every request but that change (and sign-out) is refused. */
  passwordChange: PasswordChangeReason | null;
  /** Set while the account's role must use a second factor it has not enrolled yet: only enrolment is open. */
  totpEnrolment?: boolean;
  /** The client address of the request (set by the server per request; for the audit log). */
  address?: string;
}

export class AccountError extends Error {}

const PROBLEM_SENTENCES: Record<PasswordProblem | 'reused', string> = {
  tooShort: 'at least 10 characters',
  tooLong: 'at most 200 characters',
  kinds: 'at least 3 of: lower-case letters, upper-case letters, digits, other characters',
  containsUsername: 'not containing the username',
  reused: 'not one of the last 5 passwords',
};

/** A new password the rules refuse: `problems` are the keys the app translates (password.<problem>). */
export class PasswordRuleError extends AccountError {
  constructor(readonly problems: (PasswordProblem | 'reused')[]) {
    super(`The password must have ${problems.map((p) => PROBLEM_SENTENCES[p]).join('; ')}.`);
  }
}

/** The rules a new account's name and password meet, checked before anything is written (the command line checks them before it opens the store). */
export function checkNewAccount(username: string, password: string): void {
  if (!/^[a-z0-9._-]{2,40}$/i.test(username)) throw new AccountError('A username is 2–40 letters, digits, dots, dashes or underscores.');
  checkPassword(password, username);
}

function checkPassword(password: string, username: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length) throw new PasswordRuleError(problems);
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Accounts and devices. Passwords are argon2id hashes; device tokens are random
 * 256-bit strings of which only a SHA-256 is stored, so a copy of the database
 * cannot be used to sign in.
 */
export interface DevicePolicy {
  /** A device token unused this many days stops working (sign in again). */
  idleDays: number;
  /** Signed-in devices per account; signing in on one more signs out the longest unused. */
  maxDevices: number;
  /** A password older than this many days must be changed at the next sign-in; 0 = never. */
  passwordMaxAgeDays?: number;
  /** Roles that must sign in with a second factor (TOTP) — XUNLIAN_TOTP_ROLES; none unless the bureau turns it on. */
  totpRoles?: readonly Role[];
}

/** last_seen_at is written at most this often per device (a write per request would be waste). */
const SEEN_EVERY_MS = 3600_000;

export class AccountStore {
  constructor(
    private readonly db: SqlClient,
    private readonly policy: DevicePolicy = { idleDays: 90, maxDevices: 5 },
    /** The server's clock (tests set it to see a password expire). */
    private readonly now: () => Date = clock.now,
  ) {
    // Made now, so the first sign-in of an unknown user takes no longer than any other.
    void dummyHash();
  }

  /**
   * A new account. Its first sign-in must choose a new password (the one given here was told
   * to the user by an administrator) unless `mustChangePassword` is false.
   */
  async create(input: { username: string; displayName: string; role: Role; countyScope: string[] | null; password: string; mustChangePassword?: boolean }, also: AlsoInTx = nothing): Promise<string> {
    checkNewAccount(input.username, input.password);
    const id = randomUUID();
    const hash = await argon2.hash(input.password, { type: argon2.argon2id });
    try {
      await this.db.transaction(async (tx) => {
        await tx.query(
          'INSERT INTO accounts (id, username, display_name, role, county_scope, password_hash, password_changed_at, must_change_password) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
          [id, input.username, input.displayName, input.role, input.countyScope === null ? null : JSON.stringify(input.countyScope), hash, this.now(), input.mustChangePassword === false ? null : 'first'],
        );
        await also(tx, id);
      });
    } catch (error) {
      if (/unique|duplicate/i.test((error as Error).message)) throw new AccountError(`The username ${input.username} is taken.`);
      throw error;
    }
    return id;
  }

  /** An administrator sets a password to tell the user: every device is signed out, and the next sign-in must change it. */
  async resetPassword(username: string, password: string, also: AlsoInTx = nothing): Promise<void> {
    checkPassword(password, username);
    const hash = await argon2.hash(password, { type: argon2.argon2id });
    await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `WITH old AS (SELECT id, password_hash FROM accounts WHERE username = $2 FOR UPDATE),
              kept AS (INSERT INTO password_history (account_id, password_hash, replaced_at) SELECT id, password_hash, $3 FROM old)
         UPDATE accounts a SET password_hash = $1, password_changed_at = $3, must_change_password = 'reset' FROM old WHERE a.id = old.id RETURNING a.id`,
        [hash, username, this.now()],
      );
      if (rows.length === 0) throw new AccountError(`No account named ${username}.`);
      await tx.query('UPDATE devices SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL', [rows[0]!.id]);
      await also(tx, rows[0]!.id);
    });
  }

  /**
   * The user changes their own password (online, from the app): the current one must be right,
   * the new one keep the rules and not be one of the last PASSWORD_HISTORY. The account's other
   * devices are signed out; this one stays signed in. Returns false when `current` is wrong.
   */
  async changePassword(principal: Principal, current: string, next: string, also: AlsoInTx = nothing): Promise<boolean> {
    const { rows } = await this.db.query<{ password_hash: string }>('SELECT password_hash FROM accounts WHERE id = $1', [principal.accountId]);
    if (!rows[0] || !(await argon2.verify(rows[0].password_hash, current).catch(() => false))) return false;
    checkPassword(next, principal.username);
    const { rows: history } = await this.db.query<{ password_hash: string }>('SELECT password_hash FROM password_history WHERE account_id = $1 ORDER BY replaced_at DESC LIMIT $2', [principal.accountId, PASSWORD_HISTORY - 1]);
    for (const old of [rows[0].password_hash, ...history.map((h) => h.password_hash)]) {
      if (await argon2.verify(old, next).catch(() => false)) throw new PasswordRuleError(['reused']);
    }
    const hash = await argon2.hash(next, { type: argon2.argon2id });
    await this.db.transaction(async (tx) => {
      const now = this.now();
      await tx.query('INSERT INTO password_history (account_id, password_hash, replaced_at) SELECT id, password_hash, $2 FROM accounts WHERE id = $1', [principal.accountId, now]);
      await tx.query('UPDATE accounts SET password_hash = $2, password_changed_at = $3, must_change_password = NULL WHERE id = $1', [principal.accountId, hash, now]);
      await tx.query(
        `DELETE FROM password_history WHERE account_id = $1 AND replaced_at < (SELECT MIN(replaced_at) FROM (SELECT replaced_at FROM password_history WHERE account_id = $1 ORDER BY replaced_at DESC LIMIT $2) newest)`,
        [principal.accountId, PASSWORD_HISTORY],
      );
      await tx.query('UPDATE devices SET revoked_at = now() WHERE account_id = $1 AND id <> $2 AND revoked_at IS NULL', [principal.accountId, principal.deviceId]);
      await also(tx, principal.accountId);
    });
    return true;
  }

  /** Why the account must change its password now: set by a new account or a reset, or its age. */
  private passwordChange(mustChange: string | null, changedAt: Date | string): PasswordChangeReason | null {
    if (mustChange === 'first' || mustChange === 'reset') return mustChange;
    const maxAge = this.policy.passwordMaxAgeDays ?? 0;
    if (maxAge > 0 && this.now().getTime() - new Date(changedAt).getTime() >= maxAge * 86_400_000) return 'expired';
    return null;
  }

  /**
   * Sets which counties an account sees: a list, null for the whole city, or [] for
   * none (a supervisor between assignments keeps signing in but pulls nothing).
   * Takes effect at the account's next request.
   */
  async setScope(username: string, countyScope: string[] | null, also: AlsoInTx = nothing): Promise<void> {
    await this.updateAccount(username, 'county_scope = $2', [countyScope === null ? null : JSON.stringify(countyScope)], also);
  }

  /** Disables (every device signed out, sign-in refused) or enables an account. */
  async setDisabled(username: string, disabled: boolean, also: AlsoInTx = nothing): Promise<void> {
    await this.updateAccount(username, 'disabled = $2', [disabled], async (tx, id) => {
      if (disabled) await tx.query('UPDATE devices SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL', [id]);
      await also(tx, id);
    });
  }

  /** A new role: its devices are signed out, so the next sign-in carries the new role to the laptop. */
  async setRole(username: string, role: Role, also: AlsoInTx = nothing): Promise<void> {
    await this.updateAccount(username, 'role = $2', [role], async (tx, id) => {
      await tx.query('UPDATE devices SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL', [id]);
      await also(tx, id);
    });
  }

  private async updateAccount(username: string, set: string, values: unknown[], also: AlsoInTx): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string }>(`UPDATE accounts SET ${set} WHERE username = $1 RETURNING id`, [username, ...values]);
      if (rows.length === 0) throw new AccountError(`No account named ${username}.`);
      await also(tx, rows[0]!.id);
    });
  }

  /**
   * Checks the password and issues a new device token (returned once, never stored),
   * registering the device's public signing key. Beyond the device cap, the
   * account's longest-unused device is signed out.
   */
  async signIn(
    username: string,
    password: string,
    deviceName: string,
    publicKey: string | null = null,
    /** Asked once the password is right, before a device is made: the second factor's word. */
    secondFactor: (account: { id: string; role: Role }) => Promise<'pass' | 'required' | 'wrong'> = async () => 'pass',
    /** In the transaction that makes the device: its audit row (given the account and the new device's id). */
    also: (tx: Tx, account: { id: string; role: Role }, deviceId: string) => Promise<void> = async () => undefined,
  ): Promise<{ token: string; principal: Principal } | { refused: 'totpRequired' | 'totpWrong' } | null> {
    const { rows } = await this.db.query<{ id: string; password_hash: string; disabled: boolean; role: Role }>('SELECT id, password_hash, disabled, role FROM accounts WHERE username = $1', [username]);
    const account = rows[0];
    // Verify against a dummy hash for unknown users so timing does not reveal which usernames exist.
    const hash = account?.password_hash ?? (await dummyHash());
    const ok = await argon2.verify(hash, password).catch(() => false);
    if (!account || account.disabled || !ok) return null;
    const factor = await secondFactor({ id: account.id, role: account.role });
    if (factor !== 'pass') return { refused: factor === 'required' ? 'totpRequired' : 'totpWrong' };
    const token = randomBytes(32).toString('base64url');
    const deviceId = randomUUID();
    await this.db.transaction(async (tx) => {
      await tx.query('INSERT INTO devices (id, account_id, token_hash, name, public_key, last_seen_at) VALUES ($1, $2, $3, $4, $5, now())', [deviceId, account.id, tokenHash(token), deviceName.slice(0, 100), publicKey]);
      await tx.query(
        `UPDATE devices SET revoked_at = now() WHERE id IN (
           SELECT id FROM devices WHERE account_id = $1 AND revoked_at IS NULL ORDER BY COALESCE(last_seen_at, created_at) DESC, created_at DESC OFFSET $2)`,
        [account.id, this.policy.maxDevices],
      );
      await also(tx, account, deviceId);
    });
    return { token, principal: (await this.byToken(token))! };
  }

  /** The principal of a live device token: not revoked, account enabled, used within the idle period. */
  async byToken(token: string): Promise<Principal | null> {
    const { rows } = await this.db.query<{ account_id: string; username: string; display_name: string; role: Role; county_scope: string[] | string | null; device_id: string; seen_ms: string | number; must_change_password: string | null; password_changed_at: Date | string; totp_on: boolean }>(
      `SELECT a.id AS account_id, a.username, a.display_name, a.role, a.county_scope, d.id AS device_id, a.must_change_password, a.password_changed_at, a.totp_secret IS NOT NULL AS totp_on,
              (EXTRACT(EPOCH FROM (now() - COALESCE(d.last_seen_at, d.created_at))) * 1000)::bigint AS seen_ms
       FROM devices d JOIN accounts a ON a.id = d.account_id
       WHERE d.token_hash = $1 AND d.revoked_at IS NULL AND NOT a.disabled
         AND COALESCE(d.last_seen_at, d.created_at) > now() - make_interval(days => $2::int)`,
      [tokenHash(token), this.policy.idleDays],
    );
    const r = rows[0];
    if (!r) return null;
    if (Number(r.seen_ms) >= SEEN_EVERY_MS) await this.db.query('UPDATE devices SET last_seen_at = now() WHERE id = $1', [r.device_id]);
    const scope = typeof r.county_scope === 'string' ? (JSON.parse(r.county_scope) as string[]) : r.county_scope;
    return { accountId: r.account_id, username: r.username, displayName: r.display_name, role: r.role, countyScope: scope, deviceId: r.device_id, passwordChange: this.passwordChange(r.must_change_password, r.password_changed_at), totpEnrolment: !r.totp_on && (this.policy.totpRoles ?? []).includes(r.role) };
  }

  /** A device's public signing key (null for a device signed in before keys existed) and its account, for signed transfer files. */
  async deviceForSigning(deviceId: string): Promise<{ publicKey: string | null; principal: Principal } | null> {
    const { rows } = await this.db.query<{ public_key: string | null; account_id: string; username: string; display_name: string; role: Role; county_scope: string[] | string | null }>(
      `SELECT d.public_key, a.id AS account_id, a.username, a.display_name, a.role, a.county_scope
       FROM devices d JOIN accounts a ON a.id = d.account_id WHERE d.id = $1 AND d.revoked_at IS NULL AND NOT a.disabled`,
      [deviceId],
    );
    const r = rows[0];
    if (!r) return null;
    const scope = typeof r.county_scope === 'string' ? (JSON.parse(r.county_scope) as string[]) : r.county_scope;
    return { publicKey: r.public_key, principal: { accountId: r.account_id, username: r.username, displayName: r.display_name, role: r.role, countyScope: scope, deviceId, passwordChange: null } };
  }

  /** A device shows it is alive (a transfer file it signed arrived): its idle period starts again. */
  async touchDevice(deviceId: string): Promise<void> {
    await this.db.query('UPDATE devices SET last_seen_at = now() WHERE id = $1 AND revoked_at IS NULL', [deviceId]);
  }

  /** Signs a device out; `username`, when given, must own it (an administrator revoking from the accounts screen). Returns whether one was revoked. */
  async revokeDevice(deviceId: string, also: AlsoInTx = nothing, username?: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ account_id: string }>(
        `UPDATE devices SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL AND ($2::text IS NULL OR account_id = (SELECT id FROM accounts WHERE username = $2)) RETURNING account_id`,
        [deviceId, username ?? null],
      );
      if (rows[0]) await also(tx, rows[0].account_id);
      return rows.length > 0;
    });
  }

  async revokeAll(username: string, also: AlsoInTx = nothing): Promise<number> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ account_id: string }>(
        'UPDATE devices SET revoked_at = now() WHERE revoked_at IS NULL AND account_id = (SELECT id FROM accounts WHERE username = $1) RETURNING account_id',
        [username],
      );
      if (rows[0]) await also(tx, rows[0].account_id);
      return rows.length;
    });
  }
}

let dummy: Promise<string> | null = null;
/** The argon2id hash of a random password nobody knows, made once per process. */
function dummyHash(): Promise<string> {
  dummy ??= argon2.hash(randomBytes(16), { type: argon2.argon2id });
  return dummy;
}
