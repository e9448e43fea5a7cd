import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DownloadPlatform } from '../../electron/web-shell/downloads';
import { startWebShell, type WebShell } from '../../electron/web-shell/server';
import { fullAnswers, testApp } from '../fixtures/app';
import { tempDir } from '../fixtures/processes';

const SECRET = 'test-secret-0123456789';
let shell: WebShell;
let app: ReturnType<typeof testApp>;

/** Raw request so the Host header can be forged (fetch will not let us). */
function raw(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const url = new URL(shell.origin);
  return new Promise((done, fail) => {
    const req = request({ host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => done({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', fail);
    req.end(options.body);
  });
}

const invoke = (method: string, input: unknown, key = SECRET) =>
  fetch(`${shell.origin}/api/invoke`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-xunlian-key': key }, body: JSON.stringify({ method, input }) });

beforeAll(async () => {
  const staticDir = tempDir('static');
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>巡链</title>');
  app = testApp();
  const downloads = new DownloadPlatform(join(app.dataDir, 'downloads'));
  shell = await startWebShell({ app, downloads, staticDir, secret: SECRET, port: 0 });
});
afterAll(async () => {
  await shell.close();
  await app.close();
});

describe('web shell', () => {
  it('prints a loopback URL carrying the key in the fragment', () => {
    expect(shell.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/#k=${SECRET}$`));
  });

  it('serves the renderer with a strict CSP', async () => {
    const res = await fetch(`${shell.origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await res.text()).toContain('巡链');
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await raw('/', { headers: { host: 'evil.example:80' } });
    expect(res.status).toBe(421);
  });

  it('refuses API calls without the per-launch key', async () => {
    expect((await invoke('firms.search', {}, 'wrong')).status).toBe(403);
    const res = await raw('/api/invoke', { method: 'POST', headers: { host: new URL(shell.origin).host, 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(403);
  });

  it('dispatches through the same contract as IPC', async () => {
    const res = await invoke('firms.search', { query: '茌平' });
    const body = (await res.json()) as { ok: boolean; value: { total: number } };
    expect(body).toMatchObject({ ok: true, value: { total: 2 } });
    const bad = (await (await invoke('firms.search', { query: 5 })).json()) as { ok: boolean; error: { code: string } };
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('answers 413 to an oversize body and 400 to one that is not JSON', async () => {
    const big = await fetch(`${shell.origin}/api/invoke`, { method: 'POST', headers: { 'x-xunlian-key': SECRET }, body: 'x'.repeat(5 * 1024 * 1024) });
    expect(big.status).toBe(413);
    const junk = await fetch(`${shell.origin}/api/invoke`, { method: 'POST', headers: { 'x-xunlian-key': SECRET }, body: '{not json' });
    expect(junk.status).toBe(400);
  });

  it('streams events to a keyed EventSource connection', async () => {
    expect((await fetch(`${shell.origin}/api/events?k=wrong`)).status).toBe(403);
    const controller = new AbortController();
    const res = await fetch(`${shell.origin}/api/events?k=${SECRET}`, { signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read(); // ": connected"
    const draft = (await (await invoke('visits.saveDraft', { firmId: 'demo-01', kind: 'diagnosis', answers: {} })).json()) as { value: { id: string } };
    await invoke('visits.complete', { id: draft.value.id, answers: fullAnswers() });
    let text = '';
    while (!text.includes('visits.changed')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain(draft.value.id);
    controller.abort();
  });

  it('hands an export over once, only with the key', async () => {
    const downloads = new DownloadPlatform(join(app.dataDir, 'dl2'));
    const outcome = await downloads.deliverFile('走访.csv', async (path) => {
      writeFileSync(path, '\uFEFF企业\r\n');
      return 1;
    });
    expect(outcome).toMatchObject({ status: 'download', fileName: '走访.csv', rows: 1 });
    expect(downloads.take('nope')).toBeNull();
    const id = (outcome as { url: string }).url.split('/').pop()!;
    expect(downloads.take(id)).not.toBeNull();
    expect(downloads.take(id)).toBeNull();
  });

  it('stores an uploaded attachment for a draft, refuses bad uploads with VALIDATION', async () => {
    const draft = (await (await invoke('visits.saveDraft', { firmId: 'demo-03', kind: 'patrol', answers: {} })).json()) as { value: { id: string } };
    const upload = (query: string, body: Buffer, key = SECRET) =>
      fetch(`${shell.origin}/api/attachments?${query}`, { method: 'POST', headers: { 'x-xunlian-key': key }, body });
    expect((await upload(`visitId=${draft.value.id}&name=x`, Buffer.from('x'), 'wrong')).status).toBe(403);
    const ok = (await (await upload(`visitId=${draft.value.id}&name=${encodeURIComponent('合格证.pdf')}`, Buffer.alloc(3000, 1))).json()) as { ok: boolean; value: { fileName: string; size: number }[] };
    expect(ok).toMatchObject({ ok: true, value: [{ fileName: '合格证.pdf', size: 3000 }] });
    const bad = (await (await upload('visitId=nope&name=x', Buffer.from('x'))).json()) as { ok: boolean; error: { code: string } };
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const missing = (await (await upload(`visitId=${draft.value.id}`, Buffer.from('x'))).json()) as { ok: boolean; error: { code: string } };
    expect(missing).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
