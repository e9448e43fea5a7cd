import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../shared/api/bridge';
import { fail } from '../shared/api/errors';
import type { AppSurface } from './services/encryption/store-gate';

export const APP_PROTOCOL = 'app:';
export const APP_HOST = 'xunlian';

/** Only our own top-level page may call the API: not an iframe, not a page we navigated away to. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent) return false;
  try {
    // Node's URL gives "null" as the origin of custom schemes, so compare the parts.
    const url = new URL(frame.url);
    return url.protocol === APP_PROTOCOL && url.host === APP_HOST;
  } catch {
    return false;
  }
}

export function registerIpc(app: AppSurface, targets: () => WebContents[]): () => void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, (event, method: unknown, input: unknown) => {
    if (!isTrustedSender(event)) return fail('FORBIDDEN', 'Calls are accepted from the app window only.');
    return app.dispatch(method, input);
  });
  const unsubscribe = app.events.subscribe((name, payload) => {
    for (const contents of targets()) if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, name, payload);
  });
  return () => {
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
    unsubscribe();
  };
}
