/**
 * The one clock the main process and the server read where time decides a rule (a password's
 * age, the idle lock). Tests move it with setTestClock — only tests: outside vitest it throws,
 * so no setting or request can make a server believe it is another day.
 */
let offsetMs = 0;

export const clock = {
  now: (): Date => new Date(Date.now() + offsetMs),
};

/** Moves the clock to `at` (null: back to the real time). Vitest only. */
export function setTestClock(at: Date | null): void {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  if (!env?.VITEST) throw new Error('The clock is set only in tests.');
  offsetMs = at === null ? 0 : at.getTime() - Date.now();
}
