import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

const MAX_BYTES = 1024 * 1024;

/** Last line of defence: whatever a message carries, a token or password never reaches the file. */
export function redactLine(line: string): string {
  return line
    .replace(/\b(authorization|bearer)\b\s*[:=]?\s*\S+/gi, '$1 [redacted]')
    .replace(/("?\b(?:password|token|signingKey|privateKey|secret)"?\s*[:=]\s*)("[^"]*"|\S+)/gi, '$1[redacted]');
}

/**
 * The app's technical log: one timestamped line per event, in the data folder
 * (`logs/app.log`, rotated to `app.log.1` at 1 MB). Error details that the officer
 * never sees on screen land here, for support and the diagnostics export.
 */
export function fileLogger(path: string, now: () => Date = () => new Date()): (line: string) => void {
  return (line) => {
    try {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      try {
        if (statSync(path).size > MAX_BYTES) renameSync(path, `${path}.1`);
      } catch {
        // no log yet
      }
      appendFileSync(path, `${now().toISOString()} ${redactLine(line.replace(/[\r\n]+/g, ' '))}\n`, { mode: 0o600 });
    } catch {
      // A log that cannot be written must never stop the work it describes.
    }
  };
}
