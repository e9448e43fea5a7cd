/**
 * The one clock the main process and the server read where time decides a rule (a password's
 * age, the idle lock). Tests move it with setTestClock — only tests: outside vitest it throws,
 * so no setting or request can make a server believe it is another day.
 */
let offsetMs = 0;
/** Set only by `followTestClock` (a process an end-to-end test started): the offset it reads. */
let followed: (() => number) | null = null;

export const clock = {
  now: (): Date => new Date(Date.now() + (followed ? followed() : offsetMs)),
};

/**
 * End-to-end tests move the clock of the processes they start (the web shell, the server) by a
 * file they write (shared/test-clock-file.ts, named by XUNLIAN_TEST_CLOCK_FILE): a process
 * follows it only when it was started with that variable, never by a setting or a request.
 */
export function followTestClock(offset: () => number): void {
  followed = offset;
}

/** Moves the clock to `at` (null: back to the real time). Vitest only. */
export function setTestClock(at: Date | null): void {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  if (!env?.VITEST) throw new Error('The clock is set only in tests.');
  offsetMs = at === null ? 0 : at.getTime() - Date.now();
}
