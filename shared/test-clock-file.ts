import { followTestClock } from './clock';

/** The variable that names an end-to-end test's clock file. */
export const TEST_CLOCK_ENV = 'XUNLIAN_TEST_CLOCK_FILE';

/** What the clock needs of node:fs (passed in: shared code is also compiled for the renderer, which has no file system). */
export interface ClockFileSystem {
  statSync(path: string): { mtimeMs: number; size: number };
  readFileSync(path: string, encoding: 'utf8'): string;
}

/**
 * For the main process, the web shell and the server: when started with XUNLIAN_TEST_CLOCK_FILE,
 * the shared clock reads the instant the test wrote there (ISO 8601) and runs on from it; the file
 * is read again whenever it changes. Returns whether the process follows a test clock (it says so
 * in its log). A packaged app never calls this.
 */
export function followClockFile(env: Record<string, string | undefined>, fs: ClockFileSystem): boolean {
  const path = env[TEST_CLOCK_ENV];
  if (!path) return false;
  let seen = '';
  let offset = 0;
  followTestClock(() => {
    try {
      const stat = fs.statSync(path);
      const key = `${stat.mtimeMs}:${stat.size}`;
      if (key !== seen) {
        seen = key;
        const at = Date.parse(fs.readFileSync(path, 'utf8').trim());
        offset = Number.isNaN(at) ? 0 : at - Date.now();
      }
    } catch {
      seen = '';
      offset = 0;
    }
    return offset;
  });
  return true;
}
