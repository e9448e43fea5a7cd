import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthBody, PROTOCOL_HEADER } from '../../../shared/api/sync-protocol';
import { fullJitterDelay } from '../../../electron/sync/backoff';
import { requestJson, TransportError } from '../../../electron/sync/http';

/** A real loopback server that misbehaves the way hotel Wi-Fi and flaky links do. */
const behaviours: Record<string, (res: ServerResponse) => void> = {
  good: (res) => {
    res.writeHead(200, { 'content-type': 'application/json', [PROTOCOL_HEADER]: '1' });
    res.end(JSON.stringify({ protocol: 1, status: 'ok', time: 'now' }));
  },
  portal: (res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body>Please log in to the hotel Wi-Fi</body></html>');
  },
  'portal-json': (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  },
  // A proxy replaying a health answer it cached: the right shape, but not our server speaking.
  'cached-json': (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ protocol: 1, status: 'ok', time: 'now' }));
  },
  truncated: (res) => {
    res.writeHead(200, { 'content-type': 'application/json', [PROTOCOL_HEADER]: '1' });
    res.end('{"protocol":1,"sta');
  },
  'wrong-shape': (res) => {
    res.writeHead(200, { 'content-type': 'application/json', [PROTOCOL_HEADER]: '1' });
    res.end('{"protocol":1}');
  },
  busy: (res) => {
    res.writeHead(503, { 'retry-after': '7', 'content-type': 'application/json', [PROTOCOL_HEADER]: '1' });
    res.end('{}');
  },
  reset: (res) => res.socket?.destroy(),
  hang: () => undefined,
  redirect: (res) => {
    res.writeHead(302, { location: 'http://portal.example/login' });
    res.end();
  },
};

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => behaviours[req.url!.slice(1)]!(res));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const get = (path: string) => requestJson({ serverUrl: base, token: 't', timeoutMs: 500 }, `/${path}`, HealthBody);

describe('requestJson: only a well-formed, versioned JSON answer is success', () => {
  it('accepts the real thing', async () => {
    await expect(get('good')).resolves.toMatchObject({ value: { status: 'ok' } });
  });

  for (const name of ['portal', 'portal-json', 'truncated', 'wrong-shape', 'reset', 'hang', 'redirect']) {
    it(`treats "${name}" as a failure to retry`, async () => {
      await expect(get(name)).rejects.toBeInstanceOf(TransportError);
    });
  }

  it('says a portal or proxy answered when well-shaped JSON comes without the protocol header', async () => {
    await expect(get('cached-json')).rejects.toMatchObject({ kind: 'captivePortal' });
    await expect(get('portal')).rejects.toMatchObject({ kind: 'captivePortal' });
    await expect(get('wrong-shape')).rejects.toMatchObject({ kind: 'badAnswer' });
  });

  it('honours Retry-After on 503', async () => {
    await expect(get('busy')).rejects.toMatchObject({ retryAfterMs: 7000 });
  });
});

describe('full-jitter backoff', () => {
  it('stays within [0, min(cap, base·2^n)] and spreads over that range', () => {
    expect(fullJitterDelay(3, 1000, 60_000, () => 0.999)).toBe(7992);
    expect(fullJitterDelay(20, 1000, 60_000, () => 0.5)).toBe(30_000);
    expect(fullJitterDelay(0, 1000, 60_000, () => 0)).toBe(0);
    const samples = Array.from({ length: 500 }, () => fullJitterDelay(4, 1000, 60_000));
    expect(Math.max(...samples)).toBeLessThan(16_000);
    expect(Math.max(...samples) - Math.min(...samples)).toBeGreaterThan(8_000);
  });
});
