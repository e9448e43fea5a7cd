import * as fs from 'node:fs';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createServer } from 'node:http';
import { buildServer, drain, metricsRegistry } from './app';
import { followClockFile } from '../shared/test-clock-file';
import { openServerStores } from './store/open';

/**
 * `npm run server`: the central server. PORT (8787) and HOST (127.0.0.1);
 * DATABASE_URL for a real PostgreSQL, otherwise embedded PGlite in
 * XUNLIAN_SERVER_DATA (./server-data). XUNLIAN_DEV_TOKEN, when set, is accepted
 * as an admin device token (development and tests only). XUNLIAN_TLS_CERT and
 * XUNLIAN_TLS_KEY serve HTTPS; XUNLIAN_TRUST_PROXY names the reverse proxies whose
 * X-Forwarded-For is believed (so rate limits see real clients). XUNLIAN_RELEASES_DIR
 * (./server-releases) holds the app's releases (server:admin publish-release). One JSON
 * log line per request on stdout (XUNLIAN_LOG=0 turns it off); XUNLIAN_METRICS_PORT serves
 * Prometheus metrics on loopback.
 */
/** Both or neither: a certificate without its key (or the reverse) is a configuration mistake to say at once. */
function tlsFiles(cert: string | undefined, key: string | undefined): { cert: Buffer; key: Buffer } {
  if (!cert || !key) throw new Error('Set both XUNLIAN_TLS_CERT and XUNLIAN_TLS_KEY (PEM files) to serve HTTPS.');
  return { cert: readFileSync(cert), key: readFileSync(key) };
}

async function main(): Promise<void> {
  const env = process.env;
  // Whatever the server writes (PGlite's files, attachments, keys) only its own user may read.
  process.umask(0o077);
  const stores = await openServerStores(env, resolve('server-data'));
  const tls = env.XUNLIAN_TLS_CERT || env.XUNLIAN_TLS_KEY ? tlsFiles(env.XUNLIAN_TLS_CERT, env.XUNLIAN_TLS_KEY) : undefined;
  const testClock = followClockFile(env, fs);
  const app = buildServer({ ...stores, devToken: env.XUNLIAN_DEV_TOKEN || undefined, logger: env.XUNLIAN_LOG !== '0', tls, trustProxy: env.XUNLIAN_TRUST_PROXY || undefined, releasesDir: resolve(env.XUNLIAN_RELEASES_DIR ?? 'server-releases') });
  const port = Number(env.PORT ?? 8787);
  const host = env.HOST ?? '127.0.0.1';
  const address = await app.listen({ port, host });
  console.log(`Xunlian central server listening on ${address} (store: ${stores.client.kind})`);
  if (testClock) console.log('TEST CLOCK: this server follows the clock file of an end-to-end test (XUNLIAN_TEST_CLOCK_FILE).');
  const metricsPort = env.XUNLIAN_METRICS_PORT ? Number(env.XUNLIAN_METRICS_PORT) : null;
  if (metricsPort !== null) {
    // Loopback only: for a Prometheus on this machine (or a node exporter's proxy), no token needed.
    const registry = metricsRegistry(app);
    const metricsServer = createServer((req, res) => {
      if (req.url !== '/metrics') return void res.writeHead(404).end();
      void registry.metrics().then((text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text), () => res.writeHead(500).end());
    });
    await new Promise<void>((resolve) => metricsServer.listen(metricsPort, '127.0.0.1', resolve));
    metricsServer.unref();
    console.log(`Metrics on http://127.0.0.1:${metricsPort}/metrics`);
  }
  const shutdown = async () => {
    console.log('Draining: finishing requests in flight, then exiting.');
    await drain(app, { announceMs: Number(env.XUNLIAN_DRAIN_ANNOUNCE_MS ?? 0), graceMs: Number(env.XUNLIAN_DRAIN_MS ?? 10_000) });
    await stores.client.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(`Xunlian central server could not start: ${(error as Error).message}`);
  process.exit(1);
});
