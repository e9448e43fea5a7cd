// Where Electron's binary is, or null when it was never downloaded
// (ELECTRON_SKIP_BINARY_DOWNLOAD, or no internet during install).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export function electronDir() {
  return dirname(require.resolve('electron/package.json'));
}

export function electronBinary() {
  const dir = electronDir();
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

export function electronVersion() {
  return JSON.parse(readFileSync(join(electronDir(), 'package.json'), 'utf8')).version;
}
