// Builds better-sqlite3-multiple-ciphers (SQLite3 Multiple Ciphers) for Electron's ABI into build/native/electron-<arch>/, leaving
// node_modules' Node build (used by tests and the web shell) untouched. The main process
// loads it through the module's `nativeBinding` option, and electron-builder ships the
// one for the arch it packs under resources/native/. Needs internet.
//   node build/rebuild-electron-sqlite.mjs            this machine's arch, compiled from source
//   node build/rebuild-electron-sqlite.mjs arm64      another arch: the cipher module's published
//                                                     Electron prebuild for it (prebuild-install)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { electronVersion } from './electron-binary.mjs';

const require = createRequire(import.meta.url);
const arch = process.argv[2] ?? process.arch;
const source = dirname(require.resolve('better-sqlite3-multiple-ciphers/package.json'));
const target = join('build', 'native', `electron-${arch}`);
const work = mkdtempSync(join(tmpdir(), 'xunlian-sqlite-'));
const version = electronVersion();

console.log(`Building better-sqlite3-multiple-ciphers for Electron ${version} (${arch}) in ${work}…`);
cpSync(source, work, { recursive: true, filter: (p) => !p.includes(`${join('build', 'Release')}`) });
const env = { ...process.env, npm_config_nodedir: '' };
const result =
  arch === process.arch
    ? spawnSync(process.execPath, [require.resolve('node-gyp/bin/node-gyp.js'), 'rebuild', '--release', `--target=${version}`, '--dist-url=https://electronjs.org/headers', '--runtime=electron'], { cwd: work, stdio: 'inherit', env })
    : spawnSync('npx', ['--yes', 'prebuild-install', '--runtime=electron', `--target=${version}`, `--arch=${arch}`, '--verbose'], { cwd: work, stdio: 'inherit', env });
const built = join(work, 'build', 'Release', 'better_sqlite3.node');
if (result.status !== 0 || !existsSync(built)) {
  rmSync(work, { recursive: true, force: true });
  console.error(`Could not build better-sqlite3-multiple-ciphers for Electron ${version} (${arch}); this needs internet. The Node build in node_modules is unchanged.`);
  process.exit(1);
}
mkdirSync(target, { recursive: true });
cpSync(built, join(target, 'better_sqlite3.node'));
rmSync(work, { recursive: true, force: true });
console.log(`Wrote ${join(target, 'better_sqlite3.node')}`);
