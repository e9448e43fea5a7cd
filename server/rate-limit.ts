/**
 * A fixed-window counter per key (client address, username): enough to slow down
 * password guessing against sign-in without any extra service.
 */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds to wait before `key` may try again (0 = go ahead), without counting an attempt. */
  wait(key: string): number {
    const entry = this.hits.get(key);
    const t = this.now();
    return entry && entry.resetAt > t && entry.count >= this.limit ? entry.resetAt - t : 0;
  }

  /** Forgets `key` (a successful sign-in clears its failures). */
  reset(key: string): void {
    this.hits.delete(key);
  }

  /** Counts one attempt; returns the milliseconds to wait when over the limit, else 0. */
  hit(key: string): number {
    const t = this.now();
    if (this.hits.size > 10_000) for (const [k, v] of this.hits) if (v.resetAt <= t) this.hits.delete(k);
    const entry = this.hits.get(key);
    if (!entry || entry.resetAt <= t) {
      this.hits.set(key, { count: 1, resetAt: t + this.windowMs });
      return 0;
    }
    entry.count++;
    return entry.count > this.limit ? entry.resetAt - t : 0;
  }
}
