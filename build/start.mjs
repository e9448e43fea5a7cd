// `npm start`: the real Electron app. Fetches Electron's binary on first start if
// the install skipped it, builds, and launches. Where the binary cannot be had,
// it says so plainly and points to the web shell instead of printing a stack trace.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { electronBinary, electronDir, electronVersion } from './electron-binary.mjs';

const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32', ...opts }).status === 0;

let binary = electronBinary();
if (!binary) {
  console.log(`Electron ${electronVersion()} is not downloaded yet; fetching it once…`);
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  run(process.execPath, [join(electronDir(), 'install.js')], { env, stdio: 'ignore', timeout: 120_000 });
  binary = electronBinary();
}
if (!binary) {
  console.error(
    [
      '',
      '巡链 Xunlian: Electron 的程序文件无法下载（本机无法访问其下载地址）。',
      "Electron's binary is not installed and could not be downloaded on this machine.",
      '',
      '  Run the same app in your browser instead:   npm run web',
      '  (On a machine with internet, `npm start` downloads Electron and opens the desktop app.)',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

if (!run('npm', ['run', '-s', 'build'])) process.exit(1);
if (!existsSync(`build/native/electron-${process.arch}/better_sqlite3.node`) && !run(process.execPath, ['build/rebuild-electron-sqlite.mjs'])) {
  console.error('Could not build SQLite for Electron (see above). `npm run web` works without it.');
  process.exit(1);
}
const child = spawn(binary, ['.'], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
