import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SyncStatus } from '../../shared/api/contract';
import { requestJson } from '../../electron/sync/http';
import { expectOk, fullAnswers, testApp } from '../fixtures/app';
import { DEV_TOKEN, freePort, preparedServerData, startCentralServer } from '../fixtures/processes';

describe('metrics and logs of the server', () => {
  it('counts requests, visits and sign-in failures for Prometheus, logs one JSON line per request with the laptop’s request id, and never a secret or an answer', async () => {
    const metricsPort = await freePort();
    const server = await startCentralServer({ port: await freePort(), dataDir: preparedServerData([{ username: 'wang', county: '371502' }]), env: { XUNLIAN_METRICS_PORT: String(metricsPort) } });
    const secretAnswer = '机密：年度授信额度八千万元';
    const app = testApp({ serverUrl: server.url, token: '' });
    try {
      expect(await app.dispatch('account.signIn', { serverUrl: server.url, username: 'wang', password: 'wrong horse 9' })).toMatchObject({ ok: false });
      await expectOk(app.dispatch('account.signIn', { serverUrl: server.url, username: 'wang', password: 'correct horse 1' }));
      const token = (JSON.parse(readFileSync(join(app.dataDir, 'device-token'), 'utf8')) as { token: string }).token;
      const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'diagnosis', answers: fullAnswers({ conclusion: secretAnswer }) }));
      await expectOk(app.dispatch('visits.complete', { id, answers: fullAnswers({ conclusion: secretAnswer }) }));
      expect(await expectOk<SyncStatus>(app.dispatch('sync.now', {}))).toMatchObject({ waiting: 0 });

      // A failing request: the laptop's error names its request id, and the server's log has the same id.
      const failure = await requestJson({ serverUrl: server.url, token: 'not-a-token', timeoutMs: 5_000 }, '/api/v1/visits', SyncStatus).catch((error: Error) => error);
      const requestId = /\[request ([0-9a-f-]{36})\]/.exec((failure as Error).message)?.[1];
      expect(requestId).toBeDefined();

      const asOfficer = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(asOfficer.status).toBe(403);
      const asAdmin = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${DEV_TOKEN}` } });
      expect(asAdmin.status).toBe(200);
      const text = await asAdmin.text();
      expect(text).toContain('xunlian_visits_ingested_total{status="created"} 1');
      expect(text).toContain('xunlian_sign_in_failures_total 1');
      expect(text).toMatch(/xunlian_http_requests_total\{route="\/api\/v1\/visits\/batch",method="POST",status="200"\} 1/);
      expect(text).toMatch(/xunlian_http_request_duration_seconds_bucket\{le="[\d.]+",route="\/api\/v1\/session",method="POST"\}/);
      expect(text).toContain('xunlian_devices_seen_last_day 1');
      const onLoopback = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(onLoopback.status).toBe(200);
      expect(await onLoopback.text()).toContain('xunlian_visits_ingested_total');

      await new Promise((r) => setTimeout(r, 200)); // the last lines reach the log
      const log = server.output();
      const lines = log.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string; reqId?: string; route?: string; status?: number });
      const requests = lines.filter((l) => l.msg === 'request');
      expect(requests.length).toBeGreaterThan(5);
      expect(requests.every((l) => typeof l.reqId === 'string' && l.route && l.status)).toBe(true);
      expect(requests.find((l) => l.reqId === requestId)).toMatchObject({ route: '/api/v1/visits', status: 401 });
      for (const secret of ['correct horse 1', 'wrong horse 9', token, 'not-a-token', DEV_TOKEN, 'Bearer', secretAnswer, '授信额度']) expect(log).not.toContain(secret);
    } finally {
      await app.close();
      await server.stop();
    }
  }, 120_000);
});
