import { BrowserWindow, type Session, type WebContents } from 'electron';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { CSP, MIME } from './web-shell/http-util';

/**
 * The hardened window (DESIGN.md rule 3): options written inline where the window
 * is made, navigation, new windows, webviews and permissions denied.
 */
export function createMainWindow(preloadPath: string, options: { hidden?: boolean } = {}): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: '巡链 Xunlian',
    backgroundColor: '#f5f7fa',
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click would otherwise try to open links in new windows.
      disableBlinkFeatures: 'Auxclick',
      // Reviewed: the preload exposes only invoke() and on() through contextBridge;
      // ipcRenderer never reaches the page (electron/preload.ts).
      /* eng-disable PRELOAD_JS_CHECK */ preload: preloadPath,
    },
  });
  hardenWebContents(win.webContents);
  // A hidden window (the report printer) is the same hardened window, never shown.
  if (!options.hidden) win.once('ready-to-show', () => win.show());
  return win;
}

/** The app is one page: it never navigates, never opens windows, never embeds webviews. */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Camera, geolocation, notifications…: the survey needs none, so every request is refused. */
export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // The page carries the same CSP in a meta tag; this covers every response the session sees.
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
}

/** Serves dist/renderer under app://xunlian/, refusing any path that escapes it. */
export async function serveAppFile(rendererDir: string, requestUrl: string): Promise<Response> {
  const url = new URL(requestUrl);
  if (url.host !== 'xunlian') return new Response('Not found', { status: 404 });
  const relative = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '') || 'index.html';
  const file = join(rendererDir, relative);
  if (!file.startsWith(rendererDir + sep)) return new Response('Not found', { status: 404 });
  const target = existsSync(file) ? file : join(rendererDir, 'index.html');
  try {
    return new Response(await readFile(target), {
      headers: { 'content-type': MIME[extname(target)] ?? 'application/octet-stream', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' },
    });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}

