import { EVENT_NAMES, type EventMap, type EventName, type MethodName } from '../../shared/api/contract';
import { WEB_KEY_HEADER, type XunlianBridge } from '../../shared/api/bridge';
import { saveBlob } from './files';
import type { Result } from '../../shared/api/errors';

declare global {
  interface Window {
    xunlian?: XunlianBridge;
  }
}

const KEY_STORAGE = 'xunlian.webKey';
/** Raised on the window when the web shell no longer knows this tab's key (it restarted). */
export const STALE_EVENT = 'xunlian:stale';

/** The web shell hands the per-launch key in the URL fragment; keep it for reloads, then hide it. */
export function takeWebKey(): string {
  const match = /(?:^#|&)k=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(KEY_STORAGE, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(KEY_STORAGE) ?? '';
}

/** The same two functions as Electron's preload, over the web shell's loopback HTTP. */
function webBridge(key: string): XunlianBridge {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const source = new EventSource(`/api/events?k=${encodeURIComponent(key)}`);
  for (const name of EVENT_NAMES) {
    source.addEventListener(name, (e) => {
      const payload = JSON.parse((e as MessageEvent<string>).data) as never;
      listeners.get(name)?.forEach((fn) => fn(payload));
    });
  }
  return {
    async invoke(method: MethodName, input?: unknown): Promise<Result<unknown>> {
      try {
        const body = JSON.stringify({ method, input });
        const res = await fetch('/api/invoke', {
          method: 'POST',
          headers: { 'content-type': 'application/json', [WEB_KEY_HEADER]: key },
          body,
          // A save flushed as the page goes away (reload, closed tab) still arrives: the browser
          // keeps a keepalive request going after unload (up to 64 KB of body).
          keepalive: body.length < 60_000,
        });
        // The web shell restarted with a new key: this tab's key opens nothing any more.
        if (res.status === 403) {
          window.dispatchEvent(new Event(STALE_EVENT));
          return { ok: false, error: { code: 'FORBIDDEN', message: 'STALE' } };
        }
        return (await res.json()) as Result<unknown>;
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: 'NETWORK' } };
      }
    },
    on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
}

export const webKey = window.xunlian ? '' : takeWebKey();
export const bridge: XunlianBridge = window.xunlian ?? webBridge(webKey);

/** Fetches a web-shell download with the key and hands it to the browser as a file. */
export async function saveDownload(url: string, fileName: string): Promise<void> {
  const res = await fetch(url, { headers: { [WEB_KEY_HEADER]: webKey } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  saveBlob(await res.blob(), fileName);
}
