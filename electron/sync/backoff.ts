/**
 * Exponential backoff with full jitter (a random delay in [0, min(cap, base·2^n)]):
 * many laptops coming back online at once do not hammer the server in step.
 */
export function fullJitterDelay(failures: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(failures, 30));
  return Math.floor(random() * ceiling);
}
