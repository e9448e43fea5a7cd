import { describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../../shared/api/bridge';

/** Electron cannot run here: its module is mocked, capturing what our glue registers and exposes. */
const handlers = new Map<string, (...args: unknown[]) => unknown>();
const exposed: Record<string, unknown> = {};
const rendererListeners = new Map<string, Set<(...args: unknown[]) => void>>();
const invoked: unknown[][] = [];

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: (...args: unknown[]) => unknown) => handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
  contextBridge: { exposeInMainWorld: (name: string, api: unknown) => (exposed[name] = api) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => {
      invoked.push(args);
      return Promise.resolve('answer');
    },
    on: (channel: string, listener: (...args: unknown[]) => void) => {
      if (!rendererListeners.has(channel)) rendererListeners.set(channel, new Set());
      rendererListeners.get(channel)!.add(listener);
    },
    removeListener: (channel: string, listener: (...args: unknown[]) => void) => rendererListeners.get(channel)?.delete(listener),
  },
}));

const { registerIpc } = await import('../../../electron/ipc');

describe('IPC registration (main process)', () => {
  it('answers only our own top frame; a call from any other frame is refused and never reaches the services', async () => {
    const dispatch = vi.fn(async () => ({ ok: true, value: 'done' }));
    let subscriber: ((name: string, payload: unknown) => void) | null = null;
    const app = { dispatch, events: { subscribe: (fn: (name: string, payload: unknown) => void) => ((subscriber = fn), () => (subscriber = null)) } };
    const sent: unknown[][] = [];
    const contents = { isDestroyed: () => false, send: (...args: unknown[]) => sent.push(args) };
    const unregister = registerIpc(app as never, () => [contents as never]);
    const handler = handlers.get(IPC_INVOKE_CHANNEL)!;

    const fromIframe = await handler({ senderFrame: { url: 'app://xunlian/index.html', parent: {} } }, 'visits.list', {});
    const fromElsewhere = await handler({ senderFrame: { url: 'https://evil.example/', parent: null } }, 'visits.list', {});
    expect(fromIframe).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(fromElsewhere).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(dispatch).not.toHaveBeenCalled();

    expect(await handler({ senderFrame: { url: 'app://xunlian/index.html', parent: null } }, 'visits.list', { limit: 5 })).toEqual({ ok: true, value: 'done' });
    expect(dispatch).toHaveBeenCalledWith('visits.list', { limit: 5 });

    subscriber!('sync.status', { state: 'idle' });
    expect(sent).toEqual([[IPC_EVENT_CHANNEL, 'sync.status', { state: 'idle' }]]);
    unregister();
    expect(handlers.has(IPC_INVOKE_CHANNEL)).toBe(false);
    expect(subscriber).toBeNull();
  });
});

describe('preload bridge (renderer side)', () => {
  it('exposes exactly invoke and on — never ipcRenderer — and on() can be undone', async () => {
    await import('../../../electron/preload');
    expect(Object.keys(exposed)).toEqual(['xunlian']);
    const bridge = exposed.xunlian as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(Object.values(bridge).every((v) => typeof v === 'function')).toBe(true);

    expect(await (bridge.invoke as (m: string, i: unknown) => Promise<unknown>)('firms.search', { query: '聊城' })).toBe('answer');
    expect(invoked).toEqual([[IPC_INVOKE_CHANNEL, 'firms.search', { query: '聊城' }]]);

    const got: unknown[] = [];
    const off = (bridge.on as (e: string, l: (p: unknown) => void) => () => void)('sync.status', (p) => got.push(p));
    const emit = (name: string, payload: unknown) => rendererListeners.get(IPC_EVENT_CHANNEL)?.forEach((l) => l({}, name, payload));
    emit('visits.changed', { ids: [] }); // another event: not for this listener
    emit('sync.status', { state: 'offline' });
    off();
    emit('sync.status', { state: 'idle' });
    expect(got).toEqual([{ state: 'offline' }]);
  });
});
