import type { SqlClient } from './store/sql-client';

/**
 * A fixed-window counter per key (client address, username) kept in the database, so
 * every server instance behind a load balancer counts the same attempts. One statement
 * counts and answers, so concurrent attempts cannot both slip under the limit.
 */
export class RateLimiter {
  private sinceSweep = 0;

  constructor(
    private readonly db: SqlClient,
    private readonly scope: string,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Forgets `key` (a successful sign-in clears its failures). */
  async reset(key: string): Promise<void> {
    await this.db.query('DELETE FROM sign_in_limits WHERE key = $1', [`${this.scope}\n${key}`]);
  }

  /**
   * Gives back one counted attempt of `key`: a successful sign-in keeps its guarantee (it
   * was counted before the password was checked) without using up the address's allowance,
   * so an office behind one address is never locked out by its own officers signing in.
   */
  async giveBack(key: string): Promise<void> {
    await this.db.query('UPDATE sign_in_limits SET attempts = GREATEST(attempts - 1, 0) WHERE key = $1', [`${this.scope}\n${key}`]);
  }

  /** Counts one attempt; returns the milliseconds to wait when over the limit, else 0. */
  async hit(key: string): Promise<number> {
    const now = new Date(this.now());
    if (++this.sinceSweep >= 1000) {
      this.sinceSweep = 0;
      await this.db.query('DELETE FROM sign_in_limits WHERE reset_at <= $1', [now]);
    }
    const { rows } = await this.db.query<{ attempts: number; reset_at: Date | string }>(
      `INSERT INTO sign_in_limits (key, attempts, reset_at) VALUES ($1, 1, $2::timestamptz + make_interval(secs => $3::double precision / 1000))
       ON CONFLICT (key) DO UPDATE SET
         attempts = CASE WHEN sign_in_limits.reset_at <= $2 THEN 1 ELSE sign_in_limits.attempts + 1 END,
         reset_at = CASE WHEN sign_in_limits.reset_at <= $2 THEN EXCLUDED.reset_at ELSE sign_in_limits.reset_at END
       RETURNING attempts, reset_at`,
      [`${this.scope}\n${key}`, now, this.windowMs],
    );
    const row = rows[0]!;
    return row.attempts > this.limit ? Math.max(1, new Date(row.reset_at).getTime() - now.getTime()) : 0;
  }
}

/** An administrator lifts a user's sign-in lock-out early, from every address (server:admin unlock). Returns how many were lifted. */
export async function liftLockout(db: Pick<SqlClient, 'query'>, username: string): Promise<number> {
  const { rows } = await db.query<{ key: string }>(`DELETE FROM sign_in_limits WHERE key LIKE $1 RETURNING key`, [`user\n${username.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}\n%`]);
  return rows.length;
}
