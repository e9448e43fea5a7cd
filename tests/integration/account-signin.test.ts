import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountStatus } from '../../shared/api/contract';
import { configFromEnv } from '../../electron/services/config';
import { expectOk, testApp } from '../fixtures/app';
import { inProcessServer, type InProcessServer } from '../fixtures/server-in-process';

describe('signing in from the laptop', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await inProcessServer('pglite', [{ username: 'wang', counties: ['371502'] }]);
  });
  afterAll(() => server.close());

  it('refuses a plain-http server address that is not this computer, before sending anything', async () => {
    const app = testApp({ token: '' });
    try {
      for (const serverUrl of ['http://10.20.30.40:8787', 'http://xunlian.example.gov.cn']) {
        const refused = await app.dispatch('account.signIn', { serverUrl, username: 'wang', password: 'correct horse 1' });
        expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { serverUrl: 'validation.insecureServerUrl' } } });
      }
      expect(() => configFromEnv({ XUNLIAN_SERVER_URL: 'http://10.20.30.40:8787' })).toThrow(/https/);
      expect(configFromEnv({ XUNLIAN_SERVER_URL: 'https://xunlian.example.gov.cn' }).serverUrl).toBe('https://xunlian.example.gov.cn');
      expect(configFromEnv({ XUNLIAN_SERVER_URL: 'http://localhost:8787' }).serverUrl).toBe('http://localhost:8787');
    } finally {
      await app.close();
    }
  });

  it('keeps token and private key in a user-only file, registers the public key, and says by when to sign in again', async () => {
    const app = testApp({ token: '' });
    try {
      const status = await expectOk<AccountStatus>(app.dispatch('account.signIn', { serverUrl: server.url, username: 'wang', password: 'correct horse 1' }));
      expect(status.tokenStorage).toBe('file');
      const days = (Date.parse(status.signInAgainBy ?? '') - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(89.9);
      expect(days).toBeLessThanOrEqual(90);
      const path = join(app.dataDir, 'device-token');
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const secrets = JSON.parse(readFileSync(path, 'utf8')) as { token: string; signingKey: string };
      expect(secrets.token.length).toBeGreaterThan(20);
      expect(secrets.signingKey.length).toBeGreaterThan(40);
      const { rows } = await server.stores.client.query<{ public_key: string | null }>('SELECT public_key FROM devices');
      expect(rows.map((r) => r.public_key)).toEqual([expect.stringMatching(/^[A-Za-z0-9_-]{43}$/)]);
      // Nothing of it in the laptop's database.
      const settings = JSON.stringify(app.db.prepare('SELECT * FROM settings').all());
      expect(settings).not.toContain(secrets.token);
      expect(settings).not.toContain(secrets.signingKey);
    } finally {
      await app.close();
    }
  });
});
