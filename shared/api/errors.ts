/**
 * Errors cross every boundary as data, never as thrown objects or stack traces.
 * `code` is what the UI translates (`errors.<code>` in the i18n catalogues);
 * `fields` maps a dotted field path to an i18n key for field-level messages.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'LOCKED',
  'UNKNOWN_METHOD',
  'FORBIDDEN',
  'UNAUTHORIZED',
  'RATE_LIMITED',
  'OFFLINE',
  'CANCELLED',
  /** The idle lock covers the screens: only unlocking is possible. */
  'SCREEN_LOCKED',
  /** The store is still closed: its key waits for the password typed at start. */
  'STORE_CLOSED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorData {
  code: ErrorCode;
  message: string;
  fields?: Record<string, string>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

/** Thrown inside the main process by services; the dispatcher turns it into data. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toData(): AppErrorData {
    return this.fields ? { code: this.code, message: this.message, fields: this.fields } : { code: this.code, message: this.message };
  }
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, fields?: Record<string, string>): Result<never> {
  return { ok: false, error: fields ? { code, message, fields } : { code, message } };
}
