import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contract, type StartupStatus } from '../../../shared/api/contract';
import { AppError, fail, type Result } from '../../../shared/api/errors';
import type { StoreAccess } from '../../../db/sqlite';
import type { XunlianApp } from '../app';
import { createDispatcher, type Dispatch, type Handlers } from '../dispatcher';
import { EventBus } from '../events';
import type { StoreKeyring } from './keyring';
import { isPasswordKeyring } from './password-keyring';
import { RECOVERY_ENVELOPE_FILE } from './server-keys';
import { recoverWithBureauFile } from './store-key';

/** What both shells need of the app: calls, events, uploads, closing. */
export type AppSurface = Pick<XunlianApp, 'dispatch' | 'events' | 'uploadAttachment' | 'close'>;

export const OPEN_STORE: StartupStatus = { state: 'open', username: null, canRecover: false };

export interface StoreGateOptions {
  keyring: StoreKeyring;
  dataDir: string;
  storeFile: string;
  access?: StoreAccess;
  /** Opens the app once the key is at hand (createApp with its options). */
  open: () => XunlianApp;
  /** The bureau's recovery file, as the administrator picks it (Electron: a dialog); null when cancelled. */
  pickRecoveryFile?: () => Promise<string | null>;
}

type StartupMethod = 'startup.status' | 'startup.unlock' | 'startup.recover';

/**
 * The app before its store is open. Where the store's key is wrapped by the officer's password
 * (password-keyring.ts), nothing can be read until the password is typed: until then only the
 * start screen's calls answer (`startup.*`, checked against the contract like every call), every
 * other is refused with STORE_CLOSED, and the shell shows the start screen. Once the password
 * opens the key, the app opens and every call and event goes to it. Where the key needs no
 * password, the app opens at once and the gate only passes calls through.
 */
export function gateStore(options: StoreGateOptions): AppSurface & { opened(): XunlianApp | null } {
  const { keyring } = options;
  const events = new EventBus();
  let app: XunlianApp | null = null;
  const open = (): StartupStatus => {
    if (!app) {
      app = options.open();
      app.events.subscribe((name, payload) => events.emit(name, payload));
    }
    return OPEN_STORE;
  };
  const waiting = (): StartupStatus => ({
    state: 'password',
    username: isPasswordKeyring(keyring) ? keyring.username() : null,
    canRecover: existsSync(join(options.dataDir, RECOVERY_ENVELOPE_FILE)),
  });
  const closed = isPasswordKeyring(keyring) && keyring.locked();
  if (!closed) open();

  const startup: Pick<Handlers, StartupMethod> = {
    'startup.status': () => (app ? OPEN_STORE : waiting()),
    'startup.unlock': async ({ password }) => {
      if (app || !isPasswordKeyring(keyring)) return open();
      if (!(await keyring.unlock(password))) throw new AppError('VALIDATION', 'Wrong password.', { password: 'startup.wrongPassword' });
      return open();
    },
    'startup.recover': async () => {
      if (app) return OPEN_STORE;
      if (!waiting().canRecover) throw new AppError('FORBIDDEN', 'This laptop holds no key sealed for the bureau.', { _: 'startup.recoverUnavailable' });
      if (!options.pickRecoveryFile) throw new AppError('FORBIDDEN', 'The browser shell takes the recovery file from XUNLIAN_RECOVERY_FILE.', { _: 'startup.recoverInBrowser' });
      const file = await options.pickRecoveryFile();
      if (!file) throw new AppError('CANCELLED', 'No recovery file chosen.');
      try {
        await recoverWithBureauFile(options.dataDir, options.storeFile, keyring, readFileSync(file, 'utf8'), options.access);
      } catch (error) {
        throw new AppError('VALIDATION', (error as Error).message, { _: 'startup.recoverFailed' });
      }
      return open();
    },
  };
  const dispatchStartup = createDispatcher(startup as Handlers);
  const isStartup = (method: unknown): method is StartupMethod => typeof method === 'string' && method in startup;

  const dispatch: Dispatch = (method, input) => {
    if (isStartup(method)) return dispatchStartup(method, input);
    return app ? app.dispatch(method, input) : Promise.resolve(closedStore(method));
  };
  return {
    dispatch,
    events,
    opened: () => app,
    uploadAttachment: (visitId, fileName, body) => (app ? app.uploadAttachment(visitId, fileName, body) : Promise.resolve(closedStore('attachments.upload'))),
    close: async () => {
      await app?.close();
    },
  };
}

function closedStore(method: unknown): Result<never> {
  // An unknown name is still said to be unknown; a known one waits for the password.
  return typeof method === 'string' && method in contract ? fail('STORE_CLOSED', 'The store is not open yet: type the password first.') : fail('UNKNOWN_METHOD', `Unknown method: ${String(method).slice(0, 80)}`);
}
