/**
 * Whether an error means "the database is not answering right now" (restart, failover,
 * dropped connection, overload, a statement cancelled by its timeout) rather than a fault
 * of the request. Such a request is answered 503 with Retry-After: the laptop backs off
 * and sends again, and nothing is counted against its records.
 */
const UNAVAILABLE_STATES = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, a fast shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '57014', // query_canceled: statement_timeout
  '53300', // too_many_connections
  '53000', // insufficient_resources
  '53100', // disk_full
  '53200', // out_of_memory
  '25006', // read_only_sql_transaction: a failover landed on a standby
  '40001', // serialization_failure: try again
  '40P01', // deadlock_detected: try again
  '55P03', // lock_not_available (lock_timeout)
]);

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

const CONNECTION_MESSAGES = [/connection terminated/i, /not queryable/i, /timeout exceeded when trying to connect/i, /connection timeout/i, /Connection ended/i, /server closed the connection/i, /the database system is/i];

export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_STATES.has(code) || code.startsWith('08') || CONNECTION_CODES.has(code))) return true;
  return typeof message === 'string' && CONNECTION_MESSAGES.some((pattern) => pattern.test(message));
}

/** The seconds a laptop waits before sending again while the database is away. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;
