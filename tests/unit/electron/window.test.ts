import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../fixtures/processes';

/** Electron cannot run here: the module is mocked, everything else is real. */
const created: { options: Electron.BrowserWindowConstructorOptions; contents: FakeContents }[] = [];

class FakeContents {
  handlers = new Map<string, (...args: unknown[]) => void>();
  windowOpenHandler: ((details: unknown) => { action: string }) | null = null;
  on(event: string, handler: (...args: unknown[]) => void) {
    this.handlers.set(event, handler);
    return this;
  }
  setWindowOpenHandler(handler: (details: unknown) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  fire(event: string) {
    let prevented = false;
    this.handlers.get(event)?.({ preventDefault: () => (prevented = true) }, 'https://evil.example/');
    return prevented;
  }
}

vi.mock('electron', () => ({
  BrowserWindow: class {
    webContents = new FakeContents();
    constructor(options: Electron.BrowserWindowConstructorOptions) {
      created.push({ options, contents: this.webContents });
    }
    once() {}
  },
  ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
}));

const { createMainWindow, hardenSession, serveAppFile } = await import('../../../electron/window');
const { isTrustedSender } = await import('../../../electron/ipc');

describe('main window', () => {
  beforeEach(() => (created.length = 0));

  it('is created with the hardened web preferences', () => {
    createMainWindow('/app/preload.cjs');
    const prefs = created[0]!.options.webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/preload.cjs',
    });
  });

  it('denies navigation, redirects, webviews and new windows', () => {
    createMainWindow('/app/preload.cjs');
    const contents = created[0]!.contents;
    expect(contents.fire('will-navigate')).toBe(true);
    expect(contents.fire('will-redirect')).toBe(true);
    expect(contents.fire('will-attach-webview')).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check, and puts the CSP on every response', () => {
    let requestHandler: ((c: unknown, p: string, cb: (granted: boolean) => void) => void) | null = null;
    let checkHandler: (() => boolean) | null = null;
    let headersHandler: ((details: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void) | null = null;
    hardenSession({
      setPermissionRequestHandler: (h: typeof requestHandler) => (requestHandler = h),
      setPermissionCheckHandler: (h: typeof checkHandler) => (checkHandler = h),
      webRequest: { onHeadersReceived: (h: typeof headersHandler) => (headersHandler = h) },
    } as unknown as Electron.Session);
    let headers: Record<string, string[]> = {};
    headersHandler!({ responseHeaders: { 'X-Other': ['1'] } }, (r) => (headers = r.responseHeaders));
    expect(headers['Content-Security-Policy']?.[0]).toContain("default-src 'self'");
    expect(headers['X-Other']).toEqual(['1']);
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal']) {
      const callback = vi.fn();
      requestHandler!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect(checkHandler!()).toBe(false);
  });
});

describe('IPC sender check', () => {
  it('accepts only the top frame of our own app:// origin', () => {
    expect(isTrustedSender({ senderFrame: { url: 'app://xunlian/index.html', parent: null } } as never)).toBe(true);
    expect(isTrustedSender({ senderFrame: { url: 'https://evil.example/', parent: null } } as never)).toBe(false);
    expect(isTrustedSender({ senderFrame: { url: 'app://xunlian/index.html', parent: {} } } as never)).toBe(false);
    expect(isTrustedSender({ senderFrame: null } as never)).toBe(false);
    expect(isTrustedSender({ senderFrame: { url: 'not a url', parent: null } } as never)).toBe(false);
  });
});

describe('app:// protocol', () => {
  it('serves files of the renderer folder with the CSP, and nothing outside it', async () => {
    const dir = tempDir('renderer');
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<html>index</html>');
    writeFileSync(join(dir, 'assets', 'a.js'), 'console.log(1)');
    writeFileSync(join(dir, '..', 'secret.txt'), 'secret');
    const js = await serveAppFile(dir, 'app://xunlian/assets/a.js');
    expect(await js.text()).toBe('console.log(1)');
    expect(js.headers.get('content-security-policy')).toContain("script-src 'self'");
    const escape = await serveAppFile(dir, 'app://xunlian/..%2Fsecret.txt');
    expect(await escape.text()).not.toContain('secret');
    expect((await serveAppFile(dir, 'app://other/index.html')).status).toBe(404);
  });
});
