import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract';
import type { AppErrorData } from '../../shared/api/errors';
import { bridge } from './bridge';

export class ApiError extends Error {
  constructor(readonly data: AppErrorData) {
    super(data.message);
  }
}

let screenLocked: () => void = () => undefined;
/** Who hears that the main process refused a call because the idle lock is on (the lock store). */
export function onScreenLocked(listener: () => void): void {
  screenLocked = listener;
}

/** Typed from the contract: `call('firms.search', { query })` resolves to the method's output or throws ApiError. */
export async function call<M extends MethodName>(method: M, input?: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await bridge.invoke(method, input ?? {});
  if (!result.ok) {
    if (result.error.code === 'SCREEN_LOCKED') screenLocked();
    throw new ApiError(result.error);
  }
  return result.value as MethodOutput<M>;
}
