import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };

interface Target {
  target: string;
  arch: string[];
}
interface BuilderConfig {
  directories: { app: string };
  electronFuses: Record<string, boolean>;
  nsis: Record<string, unknown>;
  win: { target: Target[] };
  linux: { target: Target[]; maintainer?: string };
  publish: { provider: string };
  extraResources: { from: string; to: string }[];
}
const config = yaml.load(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it('flips every fuse that would let the packaged app run other code than its own asar', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('installs per user on Windows, in Chinese, without administrator rights', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({ perMachine: false, allowElevation: false, language: '2052' });
  });

  it('builds deb and AppImage for x64 and arm64 (UOS and Kylin on ARM machines)', () => {
    const linux = Object.fromEntries(config.linux.target.map((t) => [t.target, t.arch]));
    expect(linux).toEqual({ deb: ['x64', 'arm64'], AppImage: ['x64', 'arm64'] });
    expect(config.linux.maintainer).toMatch(/@/); // dpkg refuses a package without one
  });

  it('packs the staged app, ships the SQLite build of the arch it packs, and updates from a generic feed', () => {
    expect(config.directories.app).toBe('.stage/app');
    expect(config.extraResources).toContainEqual({ from: 'build/native/electron-${arch}/better_sqlite3.node', to: 'native/better_sqlite3.node' });
    expect(config.publish.provider).toBe('generic');
  });
});
