import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../shared/api/contract';
import { DownloadPlatform } from '../../electron/web-shell/downloads';
import { startWebShell, type WebShell } from '../../electron/web-shell/server';
import { expectOk, testApp } from '../fixtures/app';
import { tempDir } from '../fixtures/processes';
import { rawRequest } from './http';

const SECRET = 'corpus-secret-0123456789';
const MB = 1024 * 1024;
const deep = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

/** Every table of the laptop's store with its row count: a refused call writes nothing. */
function tableCounts(app: ReturnType<typeof testApp>): Record<string, number> {
  const tables = app.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'firms_fts%' ORDER BY name`).pluck().all() as string[];
  return Object.fromEntries(tables.map((t) => [t, app.db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number]));
}

describe('the web shell refuses bad input with a clear answer and writes nothing', () => {
  let shell: WebShell;
  let app: ReturnType<typeof testApp>;
  let draftId = '';

  beforeAll(async () => {
    const staticDir = tempDir('static');
    mkdirSync(join(staticDir, 'assets'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>巡链</title>');
    app = testApp();
    shell = await startWebShell({ app, downloads: new DownloadPlatform(join(app.dataDir, 'downloads')), staticDir, secret: SECRET, port: 0 });
    draftId = (await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'patrol', answers: {} }))).id;
  });
  afterAll(async () => {
    await shell.close();
    await app.close();
  });

  it('answers every malformed call to every endpoint with a 4xx or a VALIDATION result, never a 5xx or an internal message', async () => {
    const host = new URL(shell.origin).host;
    const key = { 'x-xunlian-key': SECRET, host };
    const call = (body: string, headers: Record<string, string> = key) => ({ path: '/api/invoke', method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const methodCalls = Object.keys(contract).flatMap((method) => [
      call(JSON.stringify({ method, input: 'not an object' })),
      call(JSON.stringify({ method, input: { extra: 'field', id: 'not-a-uuid', limit: -1 } })),
      call(JSON.stringify({ method, input: { id: 'x'.repeat(10 * 1024) } })),
    ]);
    const cases: { path: string; method: string; headers: Record<string, string>; body?: string }[] = [
      call('{"method":'),
      call(JSON.stringify({ method: 'no.such.method', input: {} })),
      call(JSON.stringify({ method: 42, input: {} })),
      call(JSON.stringify({ method: 'firms.search', input: { query: 'x'.repeat(5 * MB) } })),
      call(deep(5000)),
      call(JSON.stringify({ method: 'firms.save', input: { creditCode: [], name: { $gt: '' } } })),
      call(JSON.stringify({ method: 'visits.get', input: { id: 'not-a-uuid' } })),
      call(JSON.stringify({ method: 'visits.list', input: {} }), { host }), // no key
      call(JSON.stringify({ method: 'visits.list', input: {} }), { 'x-xunlian-key': 'wrong', host }),
      call(JSON.stringify({ method: 'visits.list', input: {} }), { 'x-xunlian-key': SECRET, host: 'evil.example' }),
      { path: '/api/invoke', method: 'GET', headers: key },
      { path: `/api/attachments?visitId=not-a-uuid&name=a.jpg`, method: 'POST', headers: { ...key, 'content-type': 'application/octet-stream' }, body: 'x' },
      { path: `/api/attachments?visitId=${draftId}`, method: 'POST', headers: { ...key, 'content-type': 'application/octet-stream' }, body: 'x' },
      { path: `/api/attachments?visitId=${draftId}&name=a.jpg`, method: 'POST', headers: { host, 'content-type': 'application/octet-stream' }, body: 'x' },
      { path: `/api/attachments?visitId=${draftId}&name=a.jpg`, method: 'POST', headers: { ...key, 'content-length': String(60 * MB) } },
      { path: '/api/events', method: 'GET', headers: { host } },
      { path: '/api/download/unknown-id', method: 'GET', headers: key },
      { path: '/api/download/unknown-id', method: 'GET', headers: { host } },
      { path: '/api/nothing', method: 'POST', headers: key, body: '{}' },
      { path: '/%E0%A4%A', method: 'GET', headers: { host } }, // a page address that does not decode
      ...methodCalls,
    ];
    const before = tableCounts(app);
    const failures: string[] = [];
    for (const c of cases) {
      const res = await rawRequest(`${shell.origin}${c.path}`, { method: c.method, headers: c.headers, ...(c.body !== undefined ? { body: c.body } : {}) }).catch((e: Error) => ({ status: -1, body: e.message, headers: {} }));
      let parsed: { ok?: boolean; error?: { code?: string; message?: string } } = {};
      try {
        parsed = JSON.parse(res.body) as typeof parsed;
      } catch {
        failures.push(`${c.method} ${c.path}: not JSON (${res.status}) ${res.body.slice(0, 100)}`);
        continue;
      }
      const refused = (res.status >= 400 && res.status < 500) || (res.status === 200 && parsed.ok === false && parsed.error?.code !== 'INTERNAL');
      if (!refused || parsed.ok !== false) failures.push(`${c.method} ${c.path} ${String(c.body).slice(0, 80)}: HTTP ${res.status} ${res.body.slice(0, 120)}`);
      if (/at \w+ \(|node_modules|\/work\/|sqlite|SQLITE/.test(parsed.error?.message ?? '')) failures.push(`${c.path}: internal detail in "${parsed.error?.message}"`);
    }
    expect(failures).toEqual([]);
    expect(tableCounts(app)).toEqual(before);
  }, 60_000);
});
