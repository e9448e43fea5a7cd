import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACHMENT_CHUNK } from '../../shared/api/sync-protocol';
import type { SyncStatus } from '../../shared/api/contract';
import { expectOk, fixedPathPlatform, fullAnswers, testApp } from '../fixtures/app';
import { tempDir } from '../fixtures/processes';
import { inProcessServer, type InProcessServer } from '../fixtures/server-in-process';
import { SERVER_STORES } from '../fixtures/server-stores';
import { pushedVisit } from '../security/visits';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * A file of at most one chunk goes in one request (PUT, the declaration in headers): the
 * common photo costs the laptop, the server and the database one request instead of two
 * and a dozen queries. Everything the two-step upload refuses, this refuses too.
 */
describe.each(SERVER_STORES)('whole-file attachment upload (%s)', (store) => {
  let server: InProcessServer;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    server = await inProcessServer(store, [
      { username: 'wang', counties: ['371502'] },
      { username: 'qian', counties: ['371502'] },
    ]);
    for (const u of ['wang', 'qian']) {
      const res = await fetch(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, password: 'correct horse 1', deviceName: 'x' }) });
      tokens[u] = ((await res.json()) as { token: string }).token;
    }
  }, 120_000);
  afterAll(() => server?.close());

  const pushVisit = async (token: string) => {
    const visit = await pushedVisit('demo-01', '371502');
    const res = await fetch(`${server.url}/api/v1/visits/batch`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ protocol: 1, visits: [visit] }) });
    expect(res.status).toBe(200);
    return visit.id;
  };
  const put = async (token: string, id: string, bytes: Buffer, headers: Record<string, string>) => {
    const res = await fetch(`${server.url}/api/v1/attachments/${id}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', ...headers }, body: bytes });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string } } };
  };
  const stored = async (id: string) => {
    const chunks: Buffer[] = [];
    for await (const chunk of server.stores.attachments.read(id)) chunks.push(chunk);
    return Buffer.concat(chunks);
  };

  it('stores a file whole in one request; a retry answers the same; a Chinese name arrives as typed', async () => {
    const visitId = await pushVisit(tokens.wang!);
    const bytes = randomBytes(90_000);
    const id = randomUUID();
    const headers = { 'x-visit-id': visitId, 'x-file-name': encodeURIComponent('绿色建材评价证书（三星级）.jpg'), 'x-sha256': sha(bytes) };
    const first = await put(tokens.wang!, id, bytes, headers);
    expect(first).toMatchObject({ status: 200, body: { id, size: 90_000, received: 90_000, complete: true } });
    // The connection broke before the laptop read the answer: it sends again, and nothing doubles.
    expect(await put(tokens.wang!, id, bytes, headers)).toMatchObject({ status: 200, body: { complete: true } });
    expect((await stored(id)).equals(bytes)).toBe(true);
    const { rows } = await server.stores.client.query<{ file_name: string; n: string | number }>('SELECT file_name, (SELECT COUNT(*) FROM attachment_chunks WHERE attachment_id = $1) AS n FROM attachments WHERE id = $1', [id]);
    expect(rows.map((r) => ({ ...r, n: Number(r.n) }))).toEqual([{ file_name: '绿色建材评价证书（三星级）.jpg', n: 1 }]);
  });

  it('refuses bytes that do not match their hash, another file under the same id, another officer’s visit, bad headers and an oversized file — storing nothing', async () => {
    const visitId = await pushVisit(tokens.wang!);
    const bytes = randomBytes(4_000);
    const good = { 'x-visit-id': visitId, 'x-file-name': 'a.jpg', 'x-sha256': sha(bytes) };
    const before = await server.tableCounts();
    expect((await put(tokens.wang!, randomUUID(), bytes, { ...good, 'x-sha256': sha(randomBytes(10)) })).body.error?.code).toBe('HASH_MISMATCH');
    expect((await put(tokens.qian!, randomUUID(), bytes, good)).status).toBe(403);
    expect((await put(tokens.wang!, randomUUID(), bytes, { ...good, 'x-visit-id': 'not-a-uuid' })).status).toBe(400);
    expect((await put(tokens.wang!, randomUUID(), bytes, { ...good, 'x-file-name': '%E4%B' })).status).toBe(400);
    expect((await put(tokens.wang!, randomUUID(), bytes, { 'x-visit-id': visitId, 'x-file-name': 'a.jpg' })).status).toBe(400);
    expect((await put(tokens.wang!, 'x', bytes, good)).status).toBe(400);
    const big = randomBytes(ATTACHMENT_CHUNK + 1);
    expect((await put(tokens.wang!, randomUUID(), big, { ...good, 'x-sha256': sha(big) })).body.error?.code).toBe('TOO_LARGE');
    expect(await server.tableCounts()).toEqual(before);

    const id = randomUUID();
    expect((await put(tokens.wang!, id, bytes, good)).status).toBe(200);
    const other = randomBytes(4_000);
    expect((await put(tokens.wang!, id, other, { ...good, 'x-sha256': sha(other) })).body.error?.code).toBe('CONFLICT');
    expect((await stored(id)).equals(bytes)).toBe(true);
  });

  it('finishes a file an earlier two-step upload left half-sent, from where it stopped', async () => {
    const visitId = await pushVisit(tokens.wang!);
    const bytes = randomBytes(200_000);
    const id = randomUUID();
    await server.stores.attachments.declare({ id, visitId, accountId: (await server.stores.visits.owner(visitId))!, fileName: 'b.pdf', size: bytes.length, sha256: sha(bytes) });
    await server.stores.attachments.append(id, (await server.stores.visits.owner(visitId))!, 0, bytes.subarray(0, 50_000));
    expect(await put(tokens.wang!, id, bytes, { 'x-visit-id': visitId, 'x-file-name': 'b.pdf', 'x-sha256': sha(bytes) })).toMatchObject({ status: 200, body: { received: 200_000, complete: true } });
    expect((await stored(id)).equals(bytes)).toBe(true);
  });

  it('a file over one chunk whose bytes do not match its hash is refused at its last chunk and starts again from zero, never complete', async () => {
    const visitId = await pushVisit(tokens.wang!);
    const bytes = randomBytes(ATTACHMENT_CHUNK * 2 + 1000);
    const owner = (await server.stores.visits.owner(visitId))!;
    const id = randomUUID();
    await server.stores.attachments.declare({ id, visitId, accountId: owner, fileName: '大照片.jpg', size: bytes.length, sha256: sha(bytes) });
    const corrupted = Buffer.from(bytes);
    corrupted[ATTACHMENT_CHUNK + 10]! ^= 0x01; // one bit flipped on the way, in the middle chunk
    const patch = async (offset: number, chunk: Buffer) => {
      const res = await fetch(`${server.url}/api/v1/attachments/${id}`, { method: 'PATCH', headers: { authorization: `Bearer ${tokens.wang}`, 'content-type': 'application/octet-stream', 'x-offset': String(offset) }, body: chunk });
      return { status: res.status, body: (await res.json()) as { error?: { code: string }; complete?: boolean; received?: number } };
    };
    expect((await patch(0, corrupted.subarray(0, ATTACHMENT_CHUNK))).status).toBe(200);
    expect((await patch(ATTACHMENT_CHUNK, corrupted.subarray(ATTACHMENT_CHUNK, ATTACHMENT_CHUNK * 2))).status).toBe(200);
    expect(await patch(ATTACHMENT_CHUNK * 2, corrupted.subarray(ATTACHMENT_CHUNK * 2))).toMatchObject({ status: 422, body: { error: { code: 'HASH_MISMATCH' } } });
    const row = (await server.stores.client.query<{ complete: boolean; received: string }>('SELECT complete, received::text AS received FROM attachments WHERE id = $1', [id])).rows[0];
    expect(row).toEqual({ complete: false, received: '0' });
    // Sent again correctly, it completes.
    for (let offset = 0; offset < bytes.length; offset += ATTACHMENT_CHUNK) await patch(offset, bytes.subarray(offset, offset + ATTACHMENT_CHUNK));
    expect((await stored(id)).equals(bytes)).toBe(true);
  });

  it('the laptop sends a small photo in one request and a large one in chunks, and a server without PUT still gets both', async () => {
    for (const serverKnowsPut of [true, false]) {
      const requests: string[] = [];
      const recording: typeof fetch = async (input, init) => {
        const method = init?.method ?? 'GET';
        requests.push(`${method} ${new URL(String(input)).pathname.replace(/[0-9a-f-]{36}$/, ':id')}`);
        // An older server: no such route.
        if (!serverKnowsPut && method === 'PUT') return new Response(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'No such endpoint.' } }), { status: 404, headers: { 'content-type': 'application/json' } });
        return fetch(input, init);
      };
      const dataDir = tempDir('whole-app');
      const small = join(dataDir, '证书.jpg');
      const large = join(dataDir, '检测报告.pdf');
      writeFileSync(small, randomBytes(30_000));
      writeFileSync(large, randomBytes(ATTACHMENT_CHUNK + 5_000));
      const app = testApp({ dataDir, serverUrl: server.url, token: tokens.wang!, platform: fixedPathPlatform(join(dataDir, 'x.csv'), [small, large]), sync: { fetch: recording } });
      try {
        const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'diagnosis', answers: {} }));
        const picked = await expectOk<{ id: string }[]>(app.dispatch('attachments.pick', { visitId: id }));
        await expectOk(app.dispatch('visits.complete', { id, answers: fullAnswers() }));
        const status = await expectOk<SyncStatus>(app.dispatch('sync.now', {}));
        expect(status.waiting).toBe(0);
        expect(app.db.prepare('SELECT COUNT(*) FROM attachments WHERE uploaded = 1').pluck().get()).toBe(2);
        const uploads = requests.filter((r) => r.includes('/attachments'));
        expect(uploads).toEqual(serverKnowsPut ? ['PUT /api/v1/attachments/:id', 'POST /api/v1/attachments', 'PATCH /api/v1/attachments/:id', 'PATCH /api/v1/attachments/:id'] : ['PUT /api/v1/attachments/:id', 'POST /api/v1/attachments', 'PATCH /api/v1/attachments/:id', 'POST /api/v1/attachments', 'PATCH /api/v1/attachments/:id', 'PATCH /api/v1/attachments/:id']);
        for (const a of picked) expect(await server.stores.attachments.state(a.id)).toMatchObject({ complete: true });
      } finally {
        await app.close();
      }
    }
  }, 60_000);
});
