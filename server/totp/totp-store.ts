import { createHash, randomBytes } from 'node:crypto';
import { generate, generateSecret, generateURI, verify } from 'otplib';
import { clock } from '../../shared/clock';
import type { SqlClient } from '../store/sql-client';

/**
 * TOTP as a second factor (RFC 6238, 6 digits, 30 s: every authenticator app reads it), per
 * account. Enrolment: a secret is kept pending until the user types a code it makes, then
 * becomes the account's, with ten recovery codes shown once (only their SHA-256 is kept: they
 * are random, not chosen). A code is good within ±30 s and only once (the last time step used
 * is remembered: a code seen on a shoulder cannot be replayed).
 */
export const TOTP_ISSUER = '巡链 Xunlian';
const RECOVERY_CODES = 10;

const hashCode = (code: string) => createHash('sha256').update(code.replace(/[\s-]/g, '').toUpperCase()).digest('hex');

/** A recovery code: 10 characters of an alphabet without 0/O/1/I, shown as XXXXX-XXXXX. */
function recoveryCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

export class TotpStore {
  constructor(
    private readonly db: SqlClient,
    private readonly now: () => Date = clock.now,
  ) {}

  async enrolled(accountId: string): Promise<boolean> {
    const { rows } = await this.db.query<{ on: boolean }>('SELECT totp_secret IS NOT NULL AS on FROM accounts WHERE id = $1', [accountId]);
    return rows[0]?.on ?? false;
  }

  /** A new pending secret and the otpauth:// address an authenticator app scans (as a QR code). */
  async start(accountId: string, username: string): Promise<{ secret: string; uri: string }> {
    const secret = generateSecret();
    await this.db.query('UPDATE accounts SET totp_pending_secret = $2 WHERE id = $1', [accountId, secret]);
    return { secret, uri: generateURI({ issuer: TOTP_ISSUER, label: username, secret }) };
  }

  /** The pending secret becomes the account's once a code it makes is typed; the recovery codes are returned once. */
  async confirm(accountId: string, code: string): Promise<string[] | null> {
    const { rows } = await this.db.query<{ totp_pending_secret: string | null }>('SELECT totp_pending_secret FROM accounts WHERE id = $1', [accountId]);
    const pending = rows[0]?.totp_pending_secret;
    if (!pending) return null;
    const step = await this.check(pending, code, -1);
    if (step === null) return null;
    const codes = Array.from({ length: RECOVERY_CODES }, recoveryCode);
    await this.db.transaction(async (tx) => {
      await tx.query('UPDATE accounts SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_last_step = $2, totp_enrolled_at = $3 WHERE id = $1', [accountId, step, this.now()]);
      await tx.query('DELETE FROM recovery_codes WHERE account_id = $1', [accountId]);
      for (const c of codes) await tx.query('INSERT INTO recovery_codes (account_id, code_hash) VALUES ($1, $2)', [accountId, hashCode(c)]);
    });
    return codes;
  }

  /**
   * A sign-in's second factor: a current code (not one already used) or an unused recovery code
   * (then spent). True when it passes.
   */
  async pass(accountId: string, code: string): Promise<boolean> {
    const { rows } = await this.db.query<{ totp_secret: string | null; totp_last_step: string | number | null }>('SELECT totp_secret, totp_last_step FROM accounts WHERE id = $1', [accountId]);
    const account = rows[0];
    if (!account?.totp_secret) return false;
    if (/^\d{6}$/.test(code.trim())) {
      const step = await this.check(account.totp_secret, code.trim(), Number(account.totp_last_step ?? -1));
      if (step === null) return false;
      // Only one sign-in per code, even two at once: the step moves forward in the same statement that checks it.
      const { rows: moved } = await this.db.query('UPDATE accounts SET totp_last_step = $2 WHERE id = $1 AND COALESCE(totp_last_step, -1) < $2 RETURNING id', [accountId, step]);
      return moved.length === 1;
    }
    const { rows: spent } = await this.db.query('UPDATE recovery_codes SET used_at = $3 WHERE account_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING account_id', [accountId, hashCode(code), this.now()]);
    return spent.length === 1;
  }

  async recoveryCodesLeft(accountId: string): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM recovery_codes WHERE account_id = $1 AND used_at IS NULL', [accountId]);
    return rows[0]?.n ?? 0;
  }

  /** An administrator removes a user's second factor (a lost phone): the next sign-in enrols again where it is required. */
  async reset(username: string, also: (tx: Pick<SqlClient, 'query'>, accountId: string) => Promise<void> = async () => undefined): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string }>('UPDATE accounts SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL, totp_enrolled_at = NULL WHERE username = $1 RETURNING id', [username]);
      if (!rows[0]) return false;
      await tx.query('DELETE FROM recovery_codes WHERE account_id = $1', [rows[0].id]);
      await tx.query('UPDATE devices SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL', [rows[0].id]);
      await also(tx, rows[0].id);
      return true;
    });
  }

  /** The time step a code belongs to (within ±1 step of now, after `afterStep`), or null. */
  private async check(secret: string, code: string, afterStep: number): Promise<number | null> {
    const result = await verify({ secret, token: code, epoch: Math.floor(this.now().getTime() / 1000), epochTolerance: 30, ...(afterStep >= 0 ? { afterTimeStep: afterStep } : {}) });
    return result.valid ? (result as { timeStep: number }).timeStep : null;
  }
}

/** A code an app would show now (tests, by the server's clock). */
export function currentCode(secret: string, at: Date = clock.now()): Promise<string> {
  return generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
}
