import { app, BrowserWindow, dialog, protocol, safeStorage, session, shell } from 'electron';
import * as fs from 'node:fs';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { registerIpc } from './ipc';
import { createApp } from './services/app';
import { configFromEnv } from './services/config';
import type { Platform } from './services/platform';
import { chooseTokenStore, type TokenStore } from './services/token-store';
import { keychainKeyring, keyFileFor, type StoreKeyring } from './services/encryption/keyring';
import { passwordKeyring } from './services/encryption/password-keyring';
import { gateStore } from './services/encryption/store-gate';
import { recoverWithBureauFile, StoreKeyLostError, storeKeyLost } from './services/encryption/store-key';
import { DB_FILE } from './services/app';
import { createMainWindow, hardenSession, serveAppFile } from './window';
import { writeFileAtomically } from './services/atomic-file';
import { autoUpdater } from 'electron-updater';
import { ReleaseKeys } from '../shared/api/release-manifest';
import { profileDataDir, readProfile, writeProfile } from './services/profile';
import { followClockFile } from '../shared/test-clock-file';

/**
 * The Electron main process: thin glue around the plain-Node app in services/.
 * This file, preload.ts and ipc.ts are the only ones that import 'electron'.
 */
const here = __dirname; // dist-electron/ (bundled as CommonJS by build/build-electron.mjs)
const rendererDir = resolve(here, '..', 'dist', 'renderer');

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

/** Electron's Platform: exports go where the officer chooses in a save dialog. */
function dialogPlatform(window: () => BrowserWindow | null): Platform {
  return {
    async deliverFile(suggestedName, write) {
      const options = { defaultPath: join(app.getPath('documents'), suggestedName), filters: [{ name: 'CSV', extensions: ['csv'] }] };
      const win = window();
      const choice = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return { status: 'cancelled' as const };
      const rows = await write(choice.filePath);
      return { status: 'saved', path: choice.filePath, rows };
    },
    async pickFiles() {
      const options: Electron.OpenDialogOptions = {
        properties: ['openFile', 'multiSelections'],
        filters: [{ name: '图片与文档 Images & documents', extensions: ['jpg', 'jpeg', 'png', 'pdf', 'doc', 'docx', 'xls', 'xlsx', 'txt'] }, { name: '*', extensions: ['*'] }],
      };
      const win = window();
      const choice = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return choice.canceled ? [] : choice.filePaths;
    },
    async printToPdf(hashRoute, suggestedName) {
      const options = { defaultPath: join(app.getPath('documents'), suggestedName), filters: [{ name: 'PDF', extensions: ['pdf'] }] };
      const win = window();
      const choice = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return { status: 'cancelled' as const };
      const printer = createMainWindow(join(here, 'preload.cjs'), { hidden: true });
      try {
        await printer.loadURL(`app://xunlian/index.html${hashRoute}`);
        // Wait until the report has its data and charts (the page marks itself ready).
        for (let i = 0; i < 150; i++) {
          if (await printer.webContents.executeJavaScript(`!!document.querySelector('[data-testid="report"][data-ready="true"]')`)) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        // Page numbers come from the page's own CSS (@page margin box), as in the browser's print.
        const pdf = await printer.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
        await writeFileAtomically(choice.filePath, async (write) => write(pdf));
        return { status: 'saved' as const, path: choice.filePath };
      } finally {
        printer.destroy();
      }
    },
    async openFile(path) {
      const error = await shell.openPath(path);
      if (error) throw new Error(error);
      return { status: 'opened', path };
    },
  };
}

/** The device token sealed by the OS keychain (DPAPI, Keychain, libsecret); a user-only file where none exists. */
function deviceTokenStore(dir: string): TokenStore {
  return chooseTokenStore(dir, { available: safeStorage.isEncryptionAvailable(), seal: (text) => safeStorage.encryptString(text), unseal: (data) => safeStorage.decryptString(data) }, join);
}

/**
 * The store's key sealed by the OS keychain. Linux without a keyring gives safeStorage a
 * hard-coded password ('basic_text'): that seals nothing, so the key is then wrapped by the
 * officer's password and asked for at start (until the first sign-in, a user-only file in a
 * folder beside the data folder holds it: encryption/password-keyring.ts).
 */
function storeKeyring(root: string, dataDir: string): StoreKeyring {
  const keychain = safeStorage.isEncryptionAvailable() && !(process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text');
  return keychain ? keychainKeyring(dataDir, { seal: (text) => safeStorage.encryptString(text), unseal: (data) => safeStorage.decryptString(data) }) : passwordKeyring(dataDir, keyFileFor(root, dataDir));
}

const RECOVERY_FILE_FILTERS: Electron.FileFilter[] = [{ name: '巡链恢复密钥 Xunlian recovery key', extensions: ['json'] }];

/** One file the user picks (over the app window when there is one); null when cancelled. */
async function pickOneFile(window: BrowserWindow | null, filters: Electron.FileFilter[]): Promise<string | null> {
  const options: Electron.OpenDialogOptions = { properties: ['openFile'], filters };
  const choice = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return choice.canceled ? null : (choice.filePaths[0] ?? null);
}

/**
 * Every key of this laptop's store is lost (the OS account was reset, the key file deleted):
 * before the app stops, an administrator may open it with the bureau's recovery file.
 */
async function offerRecovery(dataDir: string, keyring: StoreKeyring, nativeBinding: string | undefined): Promise<void> {
  const storeFile = join(dataDir, DB_FILE);
  while (storeKeyLost(keyring, storeFile)) {
    const choice = dialog.showMessageBoxSync({
      type: 'warning',
      title: '巡链 Xunlian',
      message: '找不到本机数据的密钥 / The store key is missing',
      detail: `${new StoreKeyLostError(storeFile).message}\n\n管理员可以用局里的恢复密钥文件打开这台电脑的数据。 / An administrator can open it with the bureau's recovery key file.`,
      buttons: ['选择恢复密钥文件… / Choose the recovery file…', '退出 / Quit'],
      defaultId: 0,
      cancelId: 1,
    });
    if (choice !== 0) return; // the start then stops with the message above
    const picked = dialog.showOpenDialogSync({ properties: ['openFile'], filters: RECOVERY_FILE_FILTERS });
    if (!picked?.[0]) continue;
    try {
      await recoverWithBureauFile(dataDir, storeFile, keyring, readFileSync(picked[0], 'utf8'), nativeBinding ? { nativeBinding } : {});
    } catch (error) {
      dialog.showErrorBox('巡链 Xunlian', (error as Error).message);
    }
  }
}

/** better-sqlite3 compiled for Electron's ABI, kept apart from the Node build that tests use. */
function electronSqliteBinding(): string | undefined {
  const candidates = [join(process.resourcesPath ?? '', 'native', 'better_sqlite3.node'), resolve(here, '..', 'build', 'native', `electron-${process.arch}`, 'better_sqlite3.node')];
  return candidates.find((path) => existsSync(path));
}

/** The bureau's release public keys packed with the app; none (no update installs) when absent or malformed. */
function releaseKeys(): string[] {
  const parsed = ReleaseKeys.safeParse((() => {
    try {
      return JSON.parse(readFileSync(join(process.resourcesPath ?? '', 'release-keys.json'), 'utf8')) as unknown;
    } catch {
      return null;
    }
  })());
  return parsed.success ? parsed.data : [];
}

async function boot(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit(); // one process owns the database
    return;
  }
  app.setPath('userData', join(app.getPath('appData'), 'Xunlian'));
  await app.whenReady();
  hardenSession(session.defaultSession);
  protocol.handle('app', (request) => serveAppFile(rendererDir, request.url));

  let mainWindow: BrowserWindow | null = null;
  const binding = electronSqliteBinding();
  // The real profile lives at the data folder's root, the demo profile in demo/ (services/profile.ts).
  const root = app.getPath('userData');
  const profile = readProfile(root);
  const dataDir = profileDataDir(root, profile);
  const relaunch = async () => {
    await xunlian.close();
    app.relaunch();
    app.exit(0);
  };
  const keyring = storeKeyring(root, dataDir);
  await offerRecovery(dataDir, keyring, binding);
  // An unpackaged app started by a test may follow the test's clock; a packaged one never does.
  if (!app.isPackaged) followClockFile(process.env, fs);
  // Where the key is wrapped by the password, the store opens once the start screen has it.
  const xunlian = gateStore({
    keyring,
    dataDir,
    storeFile: join(dataDir, DB_FILE),
    ...(binding ? { access: { nativeBinding: binding } } : {}),
    // The bureau's recovery file, picked by the administrator at the start screen (a forgotten password).
    pickRecoveryFile: () => pickOneFile(mainWindow, RECOVERY_FILE_FILTERS),
    open: () => createApp({
      ...configFromEnv(),
      dataDir,
      platform: dialogPlatform(() => mainWindow),
      tokens: deviceTokenStore(dataDir),
      keyring,
      platformName: 'desktop',
      xlsxWorker: join(here, 'xlsx-worker.cjs'),
      ...(binding ? { nativeBinding: binding } : {}),
      appVersion: app.getVersion(),
      profile,
      // A packaged app starts empty (the first sync brings the register); started from source, it keeps the demo firms.
      demoData: !app.isPackaged && process.env.XUNLIAN_DEMO !== '0',
      // Only an installed app can update itself; electron-updater picks NSIS, AppImage or deb.
      updater: app.isPackaged ? autoUpdater : null,
      releaseKeys: releaseKeys(),
      relaunch,
      openProfile: async (chosen) => {
        await writeProfile(root, chosen);
        await relaunch();
        return true;
      },
      pickBackupFile: () => pickOneFile(mainWindow, [{ name: '巡链备份 Xunlian backup', extensions: ['db'] }, { name: '*', extensions: ['*'] }]),
    }),
  });
  registerIpc(xunlian, () => BrowserWindow.getAllWindows().map((w) => w.webContents));

  const open = () => {
    mainWindow = createMainWindow(join(here, 'preload.cjs'));
    void mainWindow.loadURL('app://xunlian/index.html');
    mainWindow.on('closed', () => (mainWindow = null));
  };
  open();
  app.on('second-instance', () => mainWindow?.focus());
  app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && open());
  app.on('window-all-closed', () => {
    void xunlian.close().then(() => app.quit());
  });
}

boot().catch((error: unknown) => {
  dialog.showErrorBox('巡链 Xunlian', `启动失败 / Could not start:\n${(error as Error).message}`);
  app.exit(1);
});
