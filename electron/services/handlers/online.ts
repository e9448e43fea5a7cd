import { AppError } from '../../../shared/api/errors';
import type { AccountInfo } from '../../../shared/api/sync-protocol';
import type { Credentials } from '../../sync/engine';
import { TransportError, type HttpConfig } from '../../sync/http';

/** Work done on the server while online (the register, reviews) may take a while on a slow link. */
const TIMEOUT_MS = 120_000;

/** The server's refusal as the app's error: offline, signed out, not allowed, not found, or what is wrong with the input. */
export function onlineError(error: unknown): AppError {
  if (!(error instanceof TransportError) || error.httpStatus === null) return new AppError('OFFLINE', 'The server cannot be reached. This needs the network.');
  if (error.httpStatus === 401) return new AppError('UNAUTHORIZED', 'Sign in again.');
  if (error.httpStatus === 403) return new AppError('FORBIDDEN', 'This account may not do this.');
  if (error.httpStatus === 404) return new AppError('NOT_FOUND', 'It is no longer there; refresh the list.');
  if (error.httpStatus === 409) return new AppError('CONFLICT', 'It changed meanwhile; refresh and try again.');
  if (error.httpStatus === 413) return new AppError('VALIDATION', 'The file is too large.', { file: 'validation.fileTooLarge' });
  if (error.httpStatus === 422) return new AppError('VALIDATION', error.message, { file: error.serverKey ?? 'register.file.unreadable' });
  if (error.httpStatus === 400) return new AppError('VALIDATION', 'The server did not accept the input.');
  return new AppError('OFFLINE', 'The server could not do it now; try again later.');
}

/** The signed-in connection to the server, for accounts of the given roles. */
export function onlineAs(credentials: () => Credentials, account: () => AccountInfo | null, roles: readonly AccountInfo['role'][], message: string): HttpConfig {
  const { serverUrl, token } = credentials();
  const role = account()?.role;
  if (!token || !role || !roles.includes(role)) throw new AppError('FORBIDDEN', message);
  return { serverUrl, token, timeoutMs: TIMEOUT_MS };
}

/** Runs a request, turning its failure into the app's error. */
export async function online<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof AppError) throw error; // refused before anything went out (not signed in with the right role)
    throw onlineError(error);
  }
}
