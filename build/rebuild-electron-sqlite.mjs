// Compiles better-sqlite3 against Electron's headers into build/native/electron/,
// leaving node_modules' Node build (used by tests and the web shell) untouched.
// The main process loads it through better-sqlite3's `nativeBinding` option, and
// electron-builder ships it under resources/native/. Needs internet (headers).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { electronVersion } from './electron-binary.mjs';

const require = createRequire(import.meta.url);
const source = dirname(require.resolve('better-sqlite3/package.json'));
const target = join('build', 'native', 'electron');
const work = mkdtempSync(join(tmpdir(), 'xunlian-sqlite-'));
const version = electronVersion();

console.log(`Building better-sqlite3 for Electron ${version} in ${work}…`);
cpSync(source, work, { recursive: true, filter: (p) => !p.includes(`${join('build', 'Release')}`) });
const gyp = require.resolve('node-gyp/bin/node-gyp.js');
const result = spawnSync(process.execPath, [gyp, 'rebuild', '--release', `--target=${version}`, '--dist-url=https://electronjs.org/headers', '--runtime=electron'], {
  cwd: work,
  stdio: 'inherit',
  env: { ...process.env, npm_config_nodedir: '' },
});
const built = join(work, 'build', 'Release', 'better_sqlite3.node');
if (result.status !== 0 || !existsSync(built)) {
  rmSync(work, { recursive: true, force: true });
  console.error("Could not build better-sqlite3 for Electron (Electron's headers need internet). The Node build in node_modules is unchanged.");
  process.exit(1);
}
mkdirSync(target, { recursive: true });
cpSync(built, join(target, 'better_sqlite3.node'));
rmSync(work, { recursive: true, force: true });
console.log(`Wrote ${join(target, 'better_sqlite3.node')}`);
