import { contract, isMethodName, type MethodName, type MethodOutput } from '../../shared/api/contract';
import { AppError, fail, ok, type Result } from '../../shared/api/errors';
import { issuesToFields, issueToKey } from '../../shared/domain/validation-keys';
import { unstorablePath } from '../../shared/domain/storable-text';
import type { z } from 'zod';

export type Handler<M extends MethodName> = (input: z.infer<(typeof contract)[M]['input']>) => MethodOutput<M> | Promise<MethodOutput<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };
export type Dispatch = (method: unknown, input: unknown) => Promise<Result<unknown>>;

/**
 * The one dispatcher both transports (Electron IPC and the web shell) call.
 * Inputs are validated against the contract before any handler runs, so a bad
 * call writes nothing; every failure comes back as `{ ok: false, error }`.
 */
export function createDispatcher(handlers: Handlers, log: (message: string, error: unknown) => void = console.error): Dispatch {
  return async (method, input) => {
    if (!isMethodName(method)) return fail('UNKNOWN_METHOD', `Unknown method: ${String(method).slice(0, 80)}`);
    const def = contract[method];
    const parsed = def.input.safeParse(input, { error: issueToKey });
    if (!parsed.success) return fail('VALIDATION', 'Some fields are not valid.', issuesToFields(parsed.error.issues));
    // Text the central database cannot hold never enters the store (nor, later, a batch the server would refuse whole).
    const unstorable = unstorablePath(parsed.data);
    if (unstorable) return fail('VALIDATION', 'Some text holds characters that cannot be stored.', { [unstorable.join('.') || '_']: 'validation.badText' });
    try {
      const handler = handlers[method] as (input: unknown) => unknown;
      const value = await handler(parsed.data);
      return ok(def.output.parse(value));
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toData() };
      log(`[xunlian] ${method} failed`, error);
      return fail('INTERNAL', 'Something went wrong inside the app. Your data is safe; please try again.');
    }
  };
}
