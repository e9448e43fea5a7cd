import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../shared/api/care';
import { manifestNameFor, signReleaseManifest } from '../../shared/api/release-manifest';
import { generateSigningKeys } from '../../shared/api/transfer';
import { publishRelease, type Feed } from '../../server/releases/release-store';
import { UpdateService, updateFeedUrl, type Updater } from '../../electron/services/updates';
import { startFaultProxy } from '../fixtures/fault-proxy';
import { serverAdmin, tempDir } from '../fixtures/processes';
import { inProcessServer, type InProcessServer } from '../fixtures/server-in-process';

const require = createRequire(import.meta.url);
const { buildBlockMap } = require('app-builder-lib/out/targets/blockmap/blockmap.js') as { buildBlockMap(file: string, format: 'gzip', out: string): Promise<unknown> };
const { NsisUpdater } = require('electron-updater/out/NsisUpdater.js') as { NsisUpdater: new (options: unknown, app: unknown) => Updater & Record<string, unknown> };
const { NodeHttpExecutor } = require('builder-util/out/nodeHttpExecutor.js') as { NodeHttpExecutor: new () => { downloadToBuffer(url: URL, options: unknown): Promise<Buffer> } };

/** Node's HTTP in place of Electron's net, with the whole-file download Electron's executor adds. */
class NodeExecutor extends NodeHttpExecutor {
  async download(url: URL, destination: string, options: unknown): Promise<string> {
    writeFileSync(destination, await this.downloadToBuffer(url, options));
    return destination;
  }
}

const sha512 = (data: Buffer) => createHash('sha512').update(data).digest('base64');
/** Deterministic bytes that do not compress (an installer is mostly compressed data). */
function noise(size: number, seed: string): Buffer {
  const out = Buffer.alloc(size);
  for (let offset = 0, i = 0; offset < size; i++) offset += createHash('sha256').update(`${seed}:${i}`).digest().copy(out, offset);
  return out;
}

/** Reads a multipart/byteranges answer into its parts. */
function parts(body: Buffer, contentType: string): { range: string; data: Buffer }[] {
  const boundary = /boundary=([^\s;]+)/.exec(contentType)![1]!;
  const result: { range: string; data: Buffer }[] = [];
  let at = body.indexOf(`--${boundary}\r\n`);
  while (at >= 0) {
    const headEnd = body.indexOf('\r\n\r\n', at);
    const head = body.subarray(at, headEnd).toString();
    const range = /Content-Range: bytes (\d+-\d+\/\d+)/i.exec(head)![1]!;
    const [from, to] = range.split('/')[0]!.split('-').map(Number) as [number, number];
    const start = headEnd + 4;
    result.push({ range, data: body.subarray(start, start + to - from + 1) });
    const next = body.indexOf(`\r\n--${boundary}`, start + to - from + 1);
    at = body.subarray(next + 2, next + 4 + boundary.length + 2).toString().endsWith('--') ? -1 : next + 2;
  }
  return result;
}

describe('updates from the bureau server', () => {
  let server: InProcessServer;
  let token = '';
  const releases = tempDir('releases');
  const newInstallerOnServer = () => realpathSync(join(releases, 'stable', 'Xunlian-Setup-0.2.0.exe'));
  const build = tempDir('installers');
  const oldInstaller = join(build, 'Xunlian-Setup-0.1.0.exe');
  const newInstaller = join(build, 'Xunlian-Setup-0.2.0.exe');
  let newBytes: Buffer;
  const keysDir = join(tempDir('release-keys'), 'keys');
  let releaseKeys = { publicKey: '', privateKey: '' };
  /** The genuine manifest of an installer, signed with the bureau's release key (as release-sign writes it). */
  const signed = async (file: string, channel: string, keys = releaseKeys, version = /(\d+\.\d+\.\d+)/.exec(file)![1]!) =>
    signReleaseManifest({ file: basename(file), version, size: readFileSync(file).length, sha512: sha512(readFileSync(file)), channel, signedAt: new Date().toISOString() }, keys);

  beforeAll(async () => {
    // Version 0.2.0 is 0.1.0 with three regions changed and a tail added, as a rebuilt app mostly is.
    const old = noise(4 * 1024 * 1024, 'v1');
    newBytes = Buffer.concat([old, noise(96 * 1024, 'tail')]);
    for (const at of [300_000, 1_800_000, 3_500_000]) noise(20_000, `patch${at}`).copy(newBytes, at);
    writeFileSync(oldInstaller, old);
    writeFileSync(newInstaller, newBytes);
    await buildBlockMap(oldInstaller, 'gzip', `${oldInstaller}.blockmap`);
    await buildBlockMap(newInstaller, 'gzip', `${newInstaller}.blockmap`);
    // The release manager's machine: the bureau's release key, made once; the server gets only its public half.
    const made = serverAdmin(tempDir('admin'), ['release-keygen', '--out', keysDir]);
    expect(made.status, made.stderr).toBe(0);
    releaseKeys = JSON.parse(readFileSync(join(keysDir, 'release-key.private.json'), 'utf8')) as typeof releaseKeys;
    await publishRelease(releases, { file: oldInstaller, channel: 'stable', manifest: await signed(oldInstaller, 'stable'), trustedKeys: [releaseKeys.publicKey], now: new Date('2026-10-01T00:00:00Z') });
    for (const channel of ['stable', 'pilot']) mkdirSync(join(releases, channel), { recursive: true });
    // The release engineer's commands, as the README gives them: sign on their machine, publish on the server.
    const sign = serverAdmin(tempDir('admin'), ['release-sign', '--file', newInstaller, '--key', join(keysDir, 'release-key.private.json'), '--channel', 'stable']);
    expect(sign.status, sign.stderr).toBe(0);
    const published = serverAdmin(tempDir('admin'), ['publish-release', '--file', newInstaller, '--channel', 'stable'], undefined, { XUNLIAN_RELEASES_DIR: releases, XUNLIAN_RELEASE_KEYS: join(keysDir, 'release-keys.json') });
    expect(published.status, published.stderr).toBe(0);
    expect(published.stdout).toContain('0.2.0');

    server = await inProcessServer('pglite', [{ username: 'wang', counties: ['371502'] }], {}, { releasesDir: releases });
    const res = await fetch(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'wang', password: 'correct horse 1', deviceName: 'updates' }) });
    token = ((await res.json()) as { token: string }).token;
  }, 120_000);
  afterAll(() => server?.close());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });

  it('serves the feed electron-updater reads, to signed-in laptops only', async () => {
    expect((await fetch(`${server.url}/updates/stable/latest.yml`)).status).toBe(401);
    const res = await get('/updates/stable/latest.yml');
    expect(res.status).toBe(200);
    const feed = yaml.load(await res.text()) as Feed;
    expect(feed).toMatchObject({ version: '0.2.0', path: 'Xunlian-Setup-0.2.0.exe', sha512: sha512(newBytes) });
    expect(feed.files).toEqual([{ url: 'Xunlian-Setup-0.2.0.exe', sha512: sha512(newBytes), size: newBytes.length, blockMapSize: readFileSync(`${newInstaller}.blockmap`).length }]);
    expect(feed.stagingPercentage).toBeUndefined();
    expect((await get('/updates/stable/Xunlian-Setup-0.1.0.exe.blockmap')).status).toBe(200); // kept for differential updates from 0.1.0
    expect((await get('/updates/beta/latest.yml')).status).toBe(404);
  });

  it('answers single, suffix, open-ended and multiple ranges, and 416 outside the file', async () => {
    const single = await get('/updates/stable/Xunlian-Setup-0.2.0.exe', { range: 'bytes=100-199' });
    expect(single.status).toBe(206);
    expect(single.headers.get('content-range')).toBe(`bytes 100-199/${newBytes.length}`);
    expect(Buffer.from(await single.arrayBuffer())).toEqual(newBytes.subarray(100, 200));
    const suffix = await get('/updates/stable/Xunlian-Setup-0.2.0.exe', { range: 'bytes=-500' });
    expect(Buffer.from(await suffix.arrayBuffer())).toEqual(newBytes.subarray(newBytes.length - 500));
    const open = await get('/updates/stable/Xunlian-Setup-0.2.0.exe', { range: `bytes=${newBytes.length - 10}-` });
    expect(Buffer.from(await open.arrayBuffer())).toEqual(newBytes.subarray(newBytes.length - 10));

    const multi = await get('/updates/stable/Xunlian-Setup-0.2.0.exe', { range: 'bytes=0-9, 5000-5099, 4000000-4000999' });
    expect(multi.status).toBe(206);
    const got = parts(Buffer.from(await multi.arrayBuffer()), multi.headers.get('content-type')!);
    // In the order asked, never merged: electron-updater maps parts to its tasks by position.
    expect(got.map((p) => p.range)).toEqual([`0-9/${newBytes.length}`, `5000-5099/${newBytes.length}`, `4000000-4000999/${newBytes.length}`]);
    expect(got.map((p) => p.data)).toEqual([newBytes.subarray(0, 10), newBytes.subarray(5000, 5100), newBytes.subarray(4_000_000, 4_001_000)]);
    expect(Number(multi.headers.get('content-length'))).toBeGreaterThan(1110);

    const outside = await get('/updates/stable/Xunlian-Setup-0.2.0.exe', { range: `bytes=${newBytes.length + 5}-` });
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe(`bytes */${newBytes.length}`);
  });

  it('makes a range request cost what it returns: overlapping or out-of-order ranges refused, HEAD reads nothing', async () => {
    const installer = '/updates/stable/Xunlian-Setup-0.2.0.exe';
    // 1,000 copies of the whole file in 3 KB of header were once answered with 4 GB.
    const amplified = await get(installer, { range: `bytes=${Array.from({ length: 1000 }, () => '0-').join(',')}` });
    expect(amplified.status).toBe(416);
    await amplified.arrayBuffer();
    for (const range of ['bytes=5000-5099, 0-9', 'bytes=0-99, 50-149', 'bytes=-500, 0-9']) {
      const refused = await get(installer, { range });
      expect({ range, status: refused.status }).toEqual({ range, status: 416 });
      await refused.arrayBuffer();
    }
    const started = process.cpuUsage();
    const head = await fetch(`${server.url}${installer}`, { method: 'HEAD', headers: { authorization: `Bearer ${token}`, range: 'bytes=0-99, 200-299, 1000-' } });
    expect(head.status).toBe(206);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(newBytes.length - 1000);
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    expect(openHandlesOn(newInstallerOnServer())).toBe(0); // nothing was opened to answer it
    expect(process.cpuUsage(started).user).toBeLessThan(2_000_000); // far from reading the file
  });

  it('closes every file handle when clients go away mid-download (100 aborted multipart GETs)', async () => {
    const installer = '/updates/stable/Xunlian-Setup-0.2.0.exe';
    for (let i = 0; i < 100; i++) {
      await new Promise<void>((done, fail) => {
        const req = httpGet(`${server.url}${installer}`, { agent: false, headers: { authorization: `Bearer ${token}`, range: 'bytes=0-1999999, 2000000-' } }, (res) => {
          // The answer has begun (the server holds the file open); the client goes away.
          res.once('data', () => {
            req.destroy();
            done();
          });
        });
        req.once('error', (error) => (req.destroyed ? done() : fail(error)));
      });
    }
    for (let i = 0; i < 500 && openHandlesOn(newInstallerOnServer()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(openHandlesOn(newInstallerOnServer())).toBe(0);
  });

  it('lets a download cut off again and again resume where it stopped, through the fault proxy', async () => {
    const port = Number(new URL(server.url).port);
    const proxy = await startFaultProxy({ target: { host: '127.0.0.1', port }, faultRate: 0.6, faults: ['cut-response', 'reset'], random: (() => { let x = 7; return () => ((x = (x * 48271) % 2147483647) / 2147483647); })() });
    try {
      const chunks: Buffer[] = [];
      let have = 0;
      let attempts = 0;
      while (have < newBytes.length && attempts < 200) {
        attempts++;
        try {
          const res = await fetch(`${proxy.url}/updates/stable/Xunlian-Setup-0.2.0.exe`, { headers: { authorization: `Bearer ${token}`, range: `bytes=${have}-` } });
          if (res.status !== 206) continue;
          expect(res.headers.get('content-range')).toMatch(new RegExp(`^bytes ${have}-`));
          const reader = res.body!.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            chunks.push(Buffer.from(value));
            have += value.length;
          }
        } catch {
          // cut off: ask for the rest
        }
      }
      expect(proxy.stats.faults['cut-response'] + proxy.stats.faults.reset).toBeGreaterThan(0);
      expect(sha512(Buffer.concat(chunks))).toBe(sha512(newBytes));
    } finally {
      await proxy.close();
    }
  }, 60_000);

  /** electron-updater's own NSIS updater, with an app adapter instead of Electron and Node's HTTP instead of Electron's net. */
  function realUpdater(userData: string): Updater & Record<string, unknown> {
    const cache = join(userData, 'cache');
    mkdirSync(join(cache, 'xunlian-updater'), { recursive: true });
    // The installer of the running version, where electron-updater keeps it after installing: the base of a differential download.
    copyFileSync(oldInstaller, join(cache, 'xunlian-updater', 'installer.exe'));
    const config = join(userData, 'app-update.yml');
    writeFileSync(config, yaml.dump({ provider: 'generic', url: 'https://xunlian.invalid/updates/stable', updaterCacheDirName: 'xunlian-updater' }));
    const app = { version: '0.1.0', name: 'Xunlian', isPackaged: true, appUpdateConfigPath: config, userDataPath: userData, baseCachePath: cache, whenReady: async () => undefined, relaunch: () => undefined, quit: () => undefined, onQuit: () => undefined };
    const updater = new NsisUpdater(null, app);
    // The NSIS updater asks for the feed of the platform it runs on: here, Linux's. The laptops' Windows feed is latest.yml.
    for (const channel of ['stable', 'pilot']) {
      try {
        copyFileSync(join(releases, channel, 'latest.yml'), join(releases, channel, 'latest-linux.yml'));
      } catch {
        // channel not published yet
      }
    }
    updater.httpExecutor = new NodeExecutor();
    updater.logger = null;
    return updater;
  }

  function service(updater: Updater | null, serverUrl: string, seen: UpdateStatus[]): UpdateService {
    return new UpdateService(updater, { currentVersion: '0.1.0', releaseKeys: [releaseKeys.publicKey], serverUrl: () => serverUrl, token: () => token, online: () => true, emit: (s) => seen.push(s), log: () => undefined, now: () => new Date() });
  }

  it("downloads with electron-updater's differential download in the background, and installs only after the officer agrees", async () => {
    const port = Number(new URL(server.url).port);
    const counter = await startFaultProxy({ target: { host: '127.0.0.1', port }, faultRate: 0 });
    try {
      const updater = realUpdater(tempDir('updater'));
      const seen: UpdateStatus[] = [];
      const updates = service(updater, counter.url, seen);
      await updates.check();
      for (let i = 0; i < 200 && updates.status().state !== 'ready' && updates.status().state !== 'error'; i++) await new Promise((r) => setTimeout(r, 50));
      expect(updates.status()).toMatchObject({ state: 'ready', availableVersion: '0.2.0', percent: 100, installOnRestart: false, problem: null });
      expect(seen.some((s) => s.state === 'downloading')).toBe(true);
      expect(updater.autoInstallOnAppQuit).toBe(false); // nothing installs without the officer

      const downloaded = readFileSync(updater.installerPath as string);
      expect(sha512(downloaded)).toBe(sha512(newBytes));
      // Only the changed blocks crossed the link (plus feed and blockmaps), not the 4 MB installer.
      expect(counter.stats.bytesDown).toBeLessThan(newBytes.length / 3);

      expect(updates.installOnRestart()).toMatchObject({ state: 'ready', installOnRestart: true });
      expect(updater.autoInstallOnAppQuit).toBe(true);
    } finally {
      await counter.close();
    }
  }, 60_000);

  it('offers a staged release only to the share of laptops it names', async () => {
    const trustedKeys = [releaseKeys.publicKey];
    await publishRelease(releases, { file: oldInstaller, channel: 'pilot', manifest: await signed(oldInstaller, 'pilot'), trustedKeys, now: new Date('2026-10-01T00:00:00Z') });
    await publishRelease(releases, { file: newInstaller, channel: 'pilot', manifest: await signed(newInstaller, 'pilot'), trustedKeys, percentage: 10, now: new Date() });
    const feedOf = (dir: string) => updateFeedUrl(server.url, dir);
    expect(feedOf('pilot')).toBe(`${server.url}/updates/pilot/`);
    const outcomes: Record<string, UpdateStatus['state']> = {};
    // electron-updater places a laptop by the random id it keeps: bytes 12–15 of the UUID, as a share of 2^32.
    for (const [name, id] of [['inside', '00000000-0000-4000-8000-000000000001'], ['outside', 'ffffffff-ffff-4fff-bfff-ffffffffffff']] as const) {
      const userData = tempDir(`staged-${name}`);
      writeFileSync(join(userData, '.updaterId'), id);
      const updater = realUpdater(userData);
      const updates = new UpdateService(updater, { currentVersion: '0.1.0', releaseKeys: [releaseKeys.publicKey], serverUrl: () => server.url, token: () => token, channel: 'pilot', online: () => true, emit: () => undefined, log: () => undefined, now: () => new Date() });
      const first = await updates.check();
      outcomes[name] = first.state;
      for (let i = 0; i < 200 && updates.status().state === 'downloading'; i++) await new Promise((r) => setTimeout(r, 50));
      if (name === 'inside') expect(updates.status().state).toBe('ready');
    }
    expect(outcomes).toEqual({ inside: 'downloading', outside: 'upToDate' });
  }, 60_000);

  it('publishes an installer only with a manifest signed by a trusted release key, and takes the version from it', async () => {
    const env = { XUNLIAN_RELEASES_DIR: releases, XUNLIAN_RELEASE_KEYS: join(keysDir, 'release-keys.json') };
    const dir = tempDir('unsigned');
    const file = join(dir, 'Xunlian-Setup-0.3.0.exe');
    writeFileSync(file, noise(100_000, 'v3'));
    const publishIt = (extra: string[] = []) => serverAdmin(tempDir('admin'), ['publish-release', '--file', file, '--channel', 'stable', ...extra], undefined, env);
    expect(publishIt()).toMatchObject({ status: 1, stderr: expect.stringMatching(/No signed manifest/) });
    const manifestPath = join(dir, manifestNameFor(basename(file)));
    writeFileSync(manifestPath, JSON.stringify(await signed(file, 'stable', await generateSigningKeys())));
    expect(publishIt()).toMatchObject({ status: 1, stderr: expect.stringMatching(/not signed by a release key this server trusts/) });
    writeFileSync(manifestPath, JSON.stringify(await signed(file, 'stable')));
    expect(publishIt(['--version', '9.9.9'])).toMatchObject({ status: 1, stderr: expect.stringMatching(/never from a flag/) });
    writeFileSync(file, noise(100_000, 'changed after signing'));
    expect(publishIt()).toMatchObject({ status: 1, stderr: expect.stringMatching(/not the file the manifest was signed for/) });
    // The old installer's genuine manifest cannot carry it as a new version.
    copyFileSync(oldInstaller, file);
    writeFileSync(manifestPath, JSON.stringify(await signed(oldInstaller, 'stable')));
    expect(publishIt()).toMatchObject({ status: 1, stderr: expect.stringMatching(/manifest is for Xunlian-Setup-0.1.0.exe/) });
    expect(readFileSync(join(releases, 'stable', 'latest.yml'), 'utf8')).toContain('version: 0.2.0');
  });

  /** What a server (or anyone who can write its release folder) could offer: a feed electron-updater accepts, with a manifest beside it. */
  function offer(channel: string, fileName: string, bytes: Buffer, manifest: object, version: string) {
    const dir = join(releases, channel);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, fileName), bytes);
    writeFileSync(join(dir, manifestNameFor(fileName)), JSON.stringify(manifest));
    const feed = yaml.dump({ version, files: [{ url: fileName, sha512: sha512(bytes), size: bytes.length }], path: fileName, sha512: sha512(bytes), releaseDate: new Date().toISOString() });
    for (const name of ['latest.yml', 'latest-linux.yml']) writeFileSync(join(dir, name), feed);
  }

  it('installs nothing the bureau did not sign: a re-labelled old installer, a changed byte, a signature by another key', async () => {
    const tampered = Buffer.from(newBytes);
    tampered[12_345]! ^= 0xff;
    const cases: [string, () => Promise<void>][] = [
      ['relabelled', async () => offer('relabelled', 'Xunlian-Setup-9.9.9.exe', readFileSync(oldInstaller), await signed(oldInstaller, 'relabelled'), '9.9.9')],
      ['tampered', async () => offer('tampered', 'Xunlian-Setup-0.2.0.exe', tampered, await signed(newInstaller, 'tampered'), '0.2.0')],
      ['forged', async () => offer('forged', 'Xunlian-Setup-0.2.0.exe', newBytes, await signed(newInstaller, 'forged', await generateSigningKeys()), '0.2.0')],
    ];
    for (const [channel, prepare] of cases) {
      await prepare();
      const updater = realUpdater(tempDir(`updater-${channel}`));
      const seen: UpdateStatus[] = [];
      const updates = new UpdateService(updater, { currentVersion: '0.1.0', releaseKeys: [releaseKeys.publicKey], channel, serverUrl: () => server.url, token: () => token, online: () => true, emit: (s) => seen.push(s), log: () => undefined, now: () => new Date() });
      await updates.check();
      for (let i = 0; i < 200 && updates.status().state === 'downloading'; i++) await new Promise((r) => setTimeout(r, 50));
      await updates.verified();
      expect({ channel, status: updates.status() }).toMatchObject({ channel, status: { state: 'error', problem: 'untrusted', installOnRestart: false } });
      expect(seen.some((s) => s.state === 'ready')).toBe(false);
      expect(updates.installOnRestart()).toMatchObject({ installOnRestart: false });
      expect(updater.autoInstallOnAppQuit).toBe(false);
      // The download was deleted, not kept for a later install.
      const downloaded = updater.installerPath as string | null | undefined;
      expect(downloaded ? existsSync(downloaded) : false).toBe(false);
    }
  }, 90_000);

  it('says why a check failed, and checks nothing while signed out', async () => {
    const seen: UpdateStatus[] = [];
    const down = service(realUpdater(tempDir('updater-down')), 'http://127.0.0.1:9', seen);
    expect(await down.check()).toMatchObject({ state: 'error', problem: 'offline' });
    const none = new UpdateService(realUpdater(tempDir('updater-none')), { currentVersion: '0.1.0', releaseKeys: [releaseKeys.publicKey], serverUrl: () => server.url, token: () => null, online: () => true, emit: () => undefined, log: () => undefined, now: () => new Date() });
    expect(await none.check()).toMatchObject({ state: 'idle', lastCheckedAt: null });
    expect(service(null, server.url, []).status().state).toBe('unavailable');
  });
});

/** File descriptors of this process (the in-process server) open on `path`. */
function openHandlesOn(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;
}
