import type { EventMap, EventName, MethodName } from './contract';
import type { Result } from './errors';

/**
 * What the renderer sees as `window.xunlian`: exactly two functions. Electron's
 * preload and the web shell's HTTP client both implement it.
 */
export interface XunlianBridge {
  invoke(method: MethodName, input?: unknown): Promise<Result<unknown>>;
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}

export const IPC_INVOKE_CHANNEL = 'xunlian:invoke';
export const IPC_EVENT_CHANNEL = 'xunlian:event';
export const WEB_KEY_HEADER = 'x-xunlian-key';
