import type { SyncProblem } from '../../shared/api/contract';
import { TransportError } from './http';

/**
 * What a failure means to the officer, as a code the UI translates
 * (sync.problem.*); the error's message is technical detail for the log only.
 */
export function problemOf(error: unknown): SyncProblem {
  if (!(error instanceof TransportError)) return 'network';
  switch (error.kind) {
    case 'unreachable':
      return 'network';
    case 'timeout':
    case 'captivePortal':
    case 'badAnswer':
      return error.kind;
    case 'http':
      if (error.httpStatus === 401) return 'signInAgain';
      if (error.serverCode === 'NO_SCOPE') return 'noScope';
      if (error.httpStatus === 403) return 'forbidden';
      if (error.httpStatus === 503 || error.httpStatus === 429) return 'busy';
      return 'server';
  }
}

/** The failures that mean "the server cannot be reached from here": after the probe fails twice, the laptop is offline. */
export const UNREACHABLE: readonly SyncProblem[] = ['network', 'timeout'];
