import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEV_TOKEN, freePort, startCentralServer, tempDir } from '../fixtures/processes';
import { rawRequest } from './http';

/** The resident memory of a process, in MB (Linux). */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D+/g, '')) / 1024;
}

/** Every path below `dir` with its mode bits. */
function modes(dir: string): { path: string; mode: number; dir: boolean }[] {
  const out = [{ path: dir, mode: statSync(dir).mode & 0o777, dir: true }];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...modes(path));
    else out.push({ path, mode: statSync(path).mode & 0o777, dir: false });
  }
  return out;
}

describe('the server process', () => {
  it('keeps its data, files and receipt key for its own user only, also where the folder existed with wider rights', async () => {
    const root = tempDir('at-rest');
    const dataDir = join(root, 'data');
    const filesDir = join(root, 'files');
    mkdirSync(filesDir, { mode: 0o755 });
    const server = await startCentralServer({ port: await freePort(), dataDir, env: { XUNLIAN_SERVER_FILES: filesDir } });
    await server.stop();
    const all = [...modes(dataDir), ...modes(filesDir), { path: `${dataDir}-receipt-key.json`, mode: statSync(`${dataDir}-receipt-key.json`).mode & 0o777, dir: false }];
    const wrong = all.filter((e) => e.mode !== (e.dir ? 0o700 : 0o600)).map((e) => `${e.path} ${e.mode.toString(8)}`);
    expect(wrong).toEqual([]);
    expect(all.length).toBeGreaterThan(10);
  }, 60_000);

  it('serves HTTPS with the configured certificate (self-signed, made here)', async () => {
    const dir = tempDir('tls');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const server = await startCentralServer({ port: await freePort(), env: { XUNLIAN_TLS_CERT: join(dir, 'cert.pem'), XUNLIAN_TLS_KEY: join(dir, 'key.pem') } });
    try {
      expect(server.url).toMatch(/^https:\/\//);
      const ca = readFileSync(join(dir, 'cert.pem'));
      const body = await new Promise<string>((done, fail) => {
        httpsRequest(`${server.url}/api/v1/health`, { ca }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => done(text));
        })
          .on('error', fail)
          .end();
      });
      expect(JSON.parse(body)).toMatchObject({ protocol: 1, status: 'ok' });
      // Plain HTTP to the same port gets no answer from the API.
      await expect(fetch(`${server.url.replace('https:', 'http:')}/api/v1/health`).then((r) => r.json())).rejects.toThrow();
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('stays within 150 MB of its idle memory under oversize unauthenticated bodies and gzip bombs, and keeps answering', async () => {
    const server = await startCentralServer({ port: await freePort() });
    try {
      const pid = server.child.pid!;
      for (let i = 0; i < 5; i++) await fetch(`${server.url}/api/v1/health`);
      const idle = rssMb(pid);
      let peak = idle;
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
      const eightMb = Buffer.alloc(8 * 1024 * 1024, 0x61);
      const bomb = gzipSync(Buffer.alloc(300 * 1024 * 1024, 0x20), { level: 9 }); // ~300 KB on the wire
      expect(bomb.length).toBeLessThan(400 * 1024);
      const attacks = [
        ...Array.from({ length: 20 }, () => rawRequest(`${server.url}/api/v1/visits/batch`, { headers: { 'content-type': 'application/json' }, body: eightMb })),
        rawRequest(`${server.url}/api/v1/visits/batch`, { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: bomb }),
        rawRequest(`${server.url}/api/v1/visits/batch`, { headers: { authorization: `Bearer ${DEV_TOKEN}`, 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: bomb }),
        rawRequest(`${server.url}/api/v1/transfers`, { headers: { authorization: `Bearer ${DEV_TOKEN}`, 'content-type': 'application/octet-stream' }, body: bomb }),
        rawRequest(`${server.url}/api/v1/session`, { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: bomb }),
      ].map((p) => p.catch((e: Error) => ({ status: -1, body: e.message, headers: {} })));
      const health = await fetch(`${server.url}/api/v1/health`);
      expect(health.status).toBe(200);
      const results = await Promise.all(attacks);
      clearInterval(sampler);
      // Refused: 401 unauthenticated, 413 over a limit; a connection the server cut after answering counts too.
      for (const r of results) expect([401, 413, -1]).toContain(r.status);
      expect(results.slice(0, 20).filter((r) => r.status === 401).length).toBeGreaterThan(0);
      expect(results.slice(21).map((r) => r.status)).toEqual([413, 413, 413]);
      expect(peak - idle, `idle ${idle.toFixed(0)} MB, peak ${peak.toFixed(0)} MB`).toBeLessThan(150);
      expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
