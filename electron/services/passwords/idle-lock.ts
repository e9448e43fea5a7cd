import { AppError } from '../../../shared/api/errors';
import { UNLOCK_ATTEMPTS } from '../../../shared/domain/passwords/idle-lock';
import type { Db } from '../../../db/open';
import { getSetting, setSetting } from '../../../db/repositories/settings';
import { passwordMatches, type UnlockVerifier } from './unlock-verifier';

const LOCKED_KEY = 'lock.locked';
const FAILURES_KEY = 'lock.failures';
export const VERIFIER_KEY = 'unlock.verifier';
export const IDLE_MINUTES_KEY = 'idleLockMinutes';

export interface LockStatus {
  /** Whether this laptop locks when idle: signed in with a password known here, not the demo, the bureau's minutes > 0. */
  enabled: boolean;
  idleMinutes: number;
  locked: boolean;
  attemptsLeft: number;
}

/** Methods the covered screen may still call: what it shows (whose password it asks for) and the way out. */
export const WHILE_LOCKED = new Set(['lock.status', 'lock.unlock', 'lock.engage', 'app.info', 'account.status']);

/**
 * The idle lock (issue 29): the renderer says when the officer has been idle for the bureau's
 * minutes; from then on every call but those of the lock screen is refused here, in the main
 * process, whatever the renderer does, and the lock holds across a restart (it is in the store).
 * Unlocking takes the account's password, checked offline against the verifier; the fifth wrong
 * one signs the laptop's account out (visits, drafts and the outbox stay).
 */
export class IdleLock {
  constructor(
    private readonly db: Db,
    private readonly exempt: () => boolean,
    private readonly signedIn: () => boolean,
    private readonly signOut: () => Promise<unknown>,
  ) {}

  private verifier(): UnlockVerifier | null {
    const raw = getSetting(this.db, VERIFIER_KEY);
    return raw ? (JSON.parse(raw) as UnlockVerifier) : null;
  }

  private minutes(): number {
    const raw = getSetting(this.db, IDLE_MINUTES_KEY);
    return raw === null ? 0 : Number(raw);
  }

  status(): LockStatus {
    const enabled = !this.exempt() && this.signedIn() && this.verifier() !== null && this.minutes() > 0;
    const failures = Number(getSetting(this.db, FAILURES_KEY) ?? 0);
    return { enabled, idleMinutes: this.minutes(), locked: enabled && getSetting(this.db, LOCKED_KEY) === '1', attemptsLeft: UNLOCK_ATTEMPTS - failures };
  }

  isLocked(): boolean {
    return this.status().locked;
  }

  engage(): LockStatus {
    if (this.status().enabled) setSetting(this.db, LOCKED_KEY, '1');
    return this.status();
  }

  async unlock(password: string): Promise<LockStatus & { signedOut: boolean }> {
    const verifier = this.verifier();
    if (!this.isLocked() || !verifier) return { ...this.status(), signedOut: false };
    if (await passwordMatches(verifier, password)) {
      this.clear();
      return { ...this.status(), signedOut: false };
    }
    const failures = Number(getSetting(this.db, FAILURES_KEY) ?? 0) + 1;
    if (failures >= UNLOCK_ATTEMPTS) {
      await this.signOut();
      this.clear();
      return { ...this.status(), signedOut: true };
    }
    setSetting(this.db, FAILURES_KEY, String(failures));
    throw new AppError('UNAUTHORIZED', 'Wrong password.', { password: 'lock.wrongPassword' });
  }

  /** Forgets the lock state (an unlock, a sign-out, a new sign-in). */
  clear(): void {
    this.db.prepare('DELETE FROM settings WHERE key IN (?, ?)').run(LOCKED_KEY, FAILURES_KEY);
  }
}
