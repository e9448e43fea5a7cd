// The package check (part of `npm test`): packs the app exactly as `npm run package` does,
// with stand-ins for what cannot be downloaded here, then reads the result.
//  - Electron: a stand-in folder whose "binary" carries Electron's fuse wire, so
//    electron-builder's fuse flipping runs for real and can be read back.
//  - better-sqlite3-multiple-ciphers' Electron build: the Node build from node_modules, in its place.
// Checks: only allowed paths in app.asar, its size, the licences and native module where
// the app looks for them, the fuses, and that the packaged main.cjs boots under Node with
// a stub 'electron' module (every require resolves from the package; the store opens).
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stageApp } from './stage-app.mjs';

const require = createRequire(import.meta.url);
const asar = require('@electron/asar');
const yaml = require('js-yaml');
const { build } = require('electron-builder');
const { SENTINEL } = require('@electron/fuses/dist/constants.js');

export const ASAR_BUDGET_BYTES = 20 * 1024 * 1024;
/** Every path in app.asar must match one of these. */
export const ALLOWED_IN_ASAR = [
  /^\/package\.json$/,
  /^\/dist\/renderer\/(index\.html|favicon\.svg|assets\/[^/]+\.(js|css|woff2?|svg|png))$/,
  /^\/dist-electron\/(main|preload|xlsx-worker)\.cjs$/,
  /^\/node_modules\/better-sqlite3-multiple-ciphers\/(package\.json|LICENSE|lib\/[\w/-]+\.js)$/,
  /^\/node_modules\/bindings\/(package\.json|bindings\.js|LICENSE\.md)$/,
  /^\/node_modules\/file-uri-to-path\/(package\.json|LICENSE|dist\/[\w.-]+)$/,
];
// Electron's default fuse states (v1 wire): run-as-node, NODE_OPTIONS, inspect and file:// privileges on.
const ELECTRON_DEFAULT_WIRE = '10110001';
const FUSE_ORDER = ['runAsNode', 'enableCookieEncryption', 'enableNodeOptionsEnvironmentVariable', 'enableNodeCliInspectArguments', 'enableEmbeddedAsarIntegrityValidation', 'onlyLoadAppFromAsar', 'loadBrowserProcessSpecificV8Snapshot', 'grantFileProtocolExtraPrivileges'];

const root = resolve(import.meta.dirname, '..');
const failures = [];
const check = (ok, message) => {
  console.log(`${ok ? '  ✓' : '  ✗'} ${message}`);
  if (!ok) failures.push(message);
};

function standInElectron(dir) {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const wire = Buffer.concat([Buffer.from('#!/bin/sh\necho "stand-in for Electron (package check)"\nexit 0\n#'), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from(ELECTRON_DEFAULT_WIRE)]);
  writeFileSync(join(dir, 'electron'), wire);
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'LICENSE'), 'stand-in\n');
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '<p>stand-in</p>\n');
  writeFileSync(join(dir, 'version'), require('electron/package.json').version);
}

function readFuses(binary) {
  const data = readFileSync(binary);
  const at = data.indexOf(SENTINEL);
  if (at < 0) return null;
  const length = data[at + SENTINEL.length + 1];
  const wire = data.subarray(at + SENTINEL.length + 2, at + SENTINEL.length + 2 + length).toString('latin1');
  return Object.fromEntries(FUSE_ORDER.map((name, i) => [name, wire[i] === '1']));
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'xunlian-package-'));
  try {
    console.log('Package check: building the bundles…');
    if (spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0) throw new Error('npm run build failed');
    stageApp(root);

    const electronDist = join(work, 'electron-stand-in');
    standInElectron(electronDist);
    const nativeStandIn = join(work, 'native', 'better_sqlite3.node');
    mkdirSync(join(work, 'native'));
    copyFileSync(require.resolve('better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node'), nativeStandIn);
    console.log(`  Stand-ins: Electron folder ${electronDist} (fuse wire only); better-sqlite3's Node build in place of its Electron build.`);

    const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
    config.electronDist = electronDist;
    config.electronVersion = require('electron/package.json').version;
    config.directories.output = join(work, 'out');
    config.extraResources = config.extraResources.map((entry) => (entry.to === 'native/better_sqlite3.node' ? { ...entry, from: nativeStandIn } : entry));
    const configFile = join(work, 'electron-builder.yml');
    writeFileSync(configFile, yaml.dump(config));
    console.log('  electron-builder --linux dir (x64)…');
    await build({ projectDir: root, config: configFile, linux: ['dir'], x64: true, publish: 'never' });

    const appDir = join(work, 'out', 'linux-unpacked');
    const resources = join(appDir, 'resources');
    const asarFile = join(resources, 'app.asar');
    const size = statSync(asarFile).size;
    check(size <= ASAR_BUDGET_BYTES, `app.asar is ${(size / 1048576).toFixed(1)} MB (budget ${ASAR_BUDGET_BYTES / 1048576} MB)`);
    const files = asar.listPackage(asarFile, { isPack: false }).filter((path) => {
      try {
        return !asar.statFile(asarFile, path.slice(1), false).files;
      } catch {
        return false;
      }
    });
    const stray = files.filter((path) => !ALLOWED_IN_ASAR.some((pattern) => pattern.test(path)));
    check(stray.length === 0, `only allowed paths in app.asar (${files.length} files)${stray.length ? `; not allowed: ${stray.slice(0, 15).join(', ')}` : ''}`);
    check(!existsSync(join(resources, 'app.asar.unpacked')), 'nothing unpacked beside the asar (no native sources)');
    check(existsSync(join(resources, 'native', 'better_sqlite3.node')), 'resources/native/better_sqlite3.node, where main.ts loads SQLite from');
    const ofl = join(resources, 'licenses', 'NotoSansSC-OFL.txt');
    check(existsSync(ofl) && readFileSync(ofl, 'utf8').includes('SIL OPEN FONT LICENSE'), "resources/licenses/NotoSansSC-OFL.txt, the bundled font's licence");
    check(existsSync(join(resources, 'app-update.yml')), 'resources/app-update.yml for electron-updater (generic provider)');

    const fuses = readFuses(join(appDir, config.linux.executableName));
    for (const [name, wanted] of Object.entries(config.electronFuses)) {
      check(fuses?.[name] === wanted, `fuse ${name} is ${wanted ? 'on' : 'off'} in the packaged binary`);
    }

    // Boot the packaged main process under Node with a stub electron module.
    const extracted = join(work, 'boot', 'app');
    asar.extractAll(asarFile, extracted);
    cpSync(join(root, 'build', 'package-check', 'electron-stub.cjs'), join(work, 'boot', 'node_modules', 'electron', 'index.js'));
    const reportFile = join(work, 'boot-report.json');
    const booted = spawnSync(process.execPath, [join(extracted, 'dist-electron', 'main.cjs')], {
      cwd: work,
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH, HOME: work, XUNLIAN_STUB_DATA: join(work, 'data'), XUNLIAN_STUB_RESOURCES: resources, XUNLIAN_STUB_REPORT: reportFile },
    });
    const report = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, 'utf8')) : null;
    check(booted.status === 0 && report !== null && report.errors.length === 0, `the packaged main.cjs boots under Node with a stub electron${report?.errors.length ? `: ${report.errors.join('; ')}` : ''}${booted.status !== 0 ? `: exit ${booted.status} ${booted.stderr.slice(-800)}` : ''}`);
    if (report) {
      check(report.windows[0]?.sandbox === true && report.windows[0]?.contextIsolation === true && existsSync(report.windows[0]?.preload ?? ''), 'it opens a sandboxed window whose preload is in the package');
      check(report.page?.status === 200 && report.page.html.includes('<div id="root">'), 'app://xunlian/index.html is served from the package');
      const store = join(work, 'data', 'appData', 'Xunlian', 'xunlian.db');
      check(existsSync(store), 'the store opened with the packaged SQLite module');
      if (existsSync(store)) {
        // The packed native module itself, asked which SQLite it is; the store opens only with its key.
        const Database = require('better-sqlite3-multiple-ciphers');
        const nativeBinding = join(resources, 'native', 'better_sqlite3.node');
        const plainHeader = readFileSync(store).subarray(0, 16).toString('latin1') === 'SQLite format 3\0';
        check(!plainHeader, 'the packaged app’s store is encrypted (no plain SQLite header)');
        // The stub offers no keychain: the key is in the user-only file beside the data folder.
        const keyFile = join(work, 'data', 'appData', 'Xunlian-keys', 'store.key');
        check(existsSync(keyFile), 'the store key is kept outside the data folder (Xunlian-keys/store.key)');
        const db = new Database(store, { readonly: true, nativeBinding });
        try {
          db.pragma("cipher = 'chacha20'");
          db.pragma(`hexkey = '${readFileSync(keyFile, 'utf8').trim()}'`);
          const version = db.prepare('SELECT sqlite3mc_version() AS v').get().v;
          check(/^SQLite3 Multiple Ciphers \d/.test(version), `the packed SQLite module answers sqlite3mc_version(): ${version}`);
          const firms = db.prepare('SELECT COUNT(*) AS n FROM firms').get().n;
          check(firms === 0, `a packaged app starts with an empty store (no demo firms): ${firms} firms`);
        } finally {
          db.close();
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (failures.length > 0) {
    console.error(`Package check failed: ${failures.length} problem(s).`);
    process.exit(1);
  }
  console.log('Package check passed.');
}

await main();
