// A stand-in for the 'electron' module, so the packaged main.cjs can be loaded under
// plain Node (Electron's binary cannot be downloaded here). It records what the main
// process does at start, serves one page through the app:// handler it registered,
// writes that record to XUNLIAN_STUB_REPORT and exits.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dataRoot = process.env.XUNLIAN_STUB_DATA;
const report = { windows: [], urls: [], protocols: [], page: null, errors: [] };
process.resourcesPath = process.env.XUNLIAN_STUB_RESOURCES; // Electron sets this for the packaged app
const handlers = {};
const paths = {};
const noop = () => undefined;
const emitter = () => ({ on: noop, once: noop, setWindowOpenHandler: noop, executeJavaScript: async () => true, send: noop, isDestroyed: () => false });

async function finish() {
  try {
    const handler = handlers.app;
    const response = await handler({ url: 'app://xunlian/index.html' });
    report.page = { status: response.status, type: response.headers.get('content-type'), html: (await response.text()).slice(0, 2000) };
  } catch (error) {
    report.errors.push(String(error && error.stack));
  }
  writeFileSync(process.env.XUNLIAN_STUB_REPORT, JSON.stringify(report));
  process.exit(0);
}

class BrowserWindow {
  constructor(options) {
    this.webContents = emitter();
    report.windows.push({ preload: options.webPreferences.preload, sandbox: options.webPreferences.sandbox, contextIsolation: options.webPreferences.contextIsolation });
    BrowserWindow.all.push(this);
  }
  static getAllWindows() {
    return BrowserWindow.all;
  }
  async loadURL(url) {
    report.urls.push(url);
    setTimeout(finish, 300);
  }
  on() {}
  once() {}
  show() {}
  focus() {}
  destroy() {}
}
BrowserWindow.all = [];

module.exports = {
  app: {
    requestSingleInstanceLock: () => true,
    quit: noop,
    exit: (code) => process.exit(code),
    setPath: (name, dir) => (paths[name] = dir),
    getPath: (name) => {
      const dir = paths[name] ?? join(dataRoot, name);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
    getVersion: () => process.env.XUNLIAN_STUB_VERSION ?? '0.0.0',
    getName: () => 'Xunlian',
    relaunch: noop,
    once: noop,
    isPackaged: true,
    whenReady: async () => undefined,
    on: noop,
  },
  BrowserWindow,
  dialog: { showErrorBox: (title, text) => report.errors.push(`${title}: ${text}`), showSaveDialog: noop, showOpenDialog: noop },
  protocol: { registerSchemesAsPrivileged: noop, handle: (scheme, handler) => ((handlers[scheme] = handler), report.protocols.push(scheme)) },
  safeStorage: { isEncryptionAvailable: () => false, encryptString: noop, decryptString: noop },
  session: { defaultSession: { setPermissionRequestHandler: noop, setPermissionCheckHandler: noop, webRequest: { onHeadersReceived: noop } } },
  shell: { openPath: async () => '' },
  ipcMain: { handle: noop, removeHandler: noop },
};
