import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectoryBody, PushedVisit } from '../../shared/api/sync-protocol';
import { contentHash } from '../../shared/domain/canonical';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { fullAnswers } from '../fixtures/app';
import { freePort, preparedServerData, serverAdmin, startCentralServer, tempDir } from '../fixtures/processes';
import { SERVER_STORES, storeEnv } from '../fixtures/server-stores';

let server: Awaited<ReturnType<typeof startCentralServer>>;
let base: string;

async function api(path: string, token: string | null, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(`${base}${path}`, {
    method: init.method ?? (init.body ? 'POST' : 'GET'),
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}) },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function signIn(username: string, password = 'correct horse 1') {
  const res = await api('/api/v1/session', null, { body: { username, password, deviceName: 'test laptop' } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.token as string;
}

async function visitFor(firmId: string, countyCode: NonNullable<PushedVisit['firm']>['countyCode'], officer: string, id = uuidv7(), revision = 1): Promise<PushedVisit> {
  const body = { id, revision, firmId, kind: 'diagnosis' as const, officer, completedAt: new Date().toISOString(), firm: { name: firmId, creditCode: '', countyCode }, answers: fullAnswers() as Record<string, unknown>, attachments: [] };
  return { ...body, contentHash: await contentHash(body) };
}

const push = (token: string, visits: PushedVisit[]) => api('/api/v1/visits/batch', token, { body: { protocol: 1, visits } });
const statuses = (res: { body: Record<string, unknown> }) => (res.body.results as { status: string; reasons?: string[] }[]).map((r) => r.status);


describe('admin command line', () => {
  it('refuses unknown counties, passwords the rules refuse and taken usernames with a clear message', () => {
    const other = tempDir('admin');
    const run = (args: string[], password = 'long enough 1') => serverAdmin(other, args, `${password}\n`);
    const county = run(['create-user', '--username', 'x1', '--role', 'officer', '--county', '110101']);
    expect(county.status).toBe(1);
    expect(county.stderr).toContain('Unknown county codes: 110101');
    const short = run(['create-user', '--username', 'x1', '--role', 'officer'], 'short');
    expect(short.stderr).toContain('at least 10 characters');
    // Ten characters of two kinds only, and one holding the username: both refused, each by name.
    expect(run(['create-user', '--username', 'x1', '--role', 'officer'], 'abcdefghij1').stderr).toContain('at least 3 of');
    expect(run(['create-user', '--username', 'wangwei', '--role', 'officer'], 'Wangwei-2026').stderr).toContain('not containing the username');
    // A password is never taken from the command line (shell history, ps), only from standard input or a file.
    const onCommandLine = run(['create-user', '--username', 'x1', '--role', 'officer', '--password', 'long enough 1']);
    expect(onCommandLine).toMatchObject({ status: 1, stderr: expect.stringContaining('never go on the command line') });
    const file = join(other, 'password.txt');
    writeFileSync(file, 'long enough 1\n', { mode: 0o600 });
    expect(serverAdmin(other, ['create-user', '--username', 'x1', '--role', 'officer', '--password-file', file]).status).toBe(0);
    const taken = run(['create-user', '--username', 'x1', '--role', 'officer']);
    expect(taken.stderr).toContain('taken');
  }, 60_000);
});

describe.each(SERVER_STORES)('accounts and scopes (real server process, %s)', (store) => {
  beforeAll(async () => {
    const env = await storeEnv(store, tempDir('accounts'));
    const dataDir = preparedServerData(
      [
        { username: 'wang', county: '371502' },
        { username: 'li', county: '371521' },
        { username: 'zhao', county: '371502', role: 'supervisor' },
        { username: 'sun', county: '371581' },
      ],
      'correct horse 1',
      env,
    );
    server = await startCentralServer({ port: await freePort(), dataDir, env });
    base = server.url;
  }, 120_000);
  afterAll(() => server?.stop());

  it('signs in with the right password only, and slows down guessing', async () => {
    expect((await api('/api/v1/session', null, { body: { username: 'wang', password: 'wrong', deviceName: 'x' } })).status).toBe(401);
    expect((await api('/api/v1/session', null, { body: { username: 'nobody', password: 'wrong', deviceName: 'x' } })).status).toBe(401);
    let last = 0;
    for (let i = 0; i < 6; i++) last = (await api('/api/v1/session', null, { body: { username: 'sun', password: 'wrong', deviceName: 'x' } })).status;
    expect(last).toBe(429);
    // Locked out for now even with the right password; others are not affected.
    expect((await api('/api/v1/session', null, { body: { username: 'sun', password: 'correct horse 1', deviceName: 'x' } })).status).toBe(429);
    await signIn('wang');
  });

  it('lets each officer push only their own visits, in their own counties', async () => {
    const wang = await signIn('wang');
    const own = await visitFor('demo-01', '371502', 'wang');
    expect(statuses(await push(wang, [own]))).toEqual(['created']);
    const outside = await push(wang, [await visitFor('demo-05', '371521', 'wang')]);
    expect(statuses(outside)).toEqual(['rejected']);
    expect(JSON.stringify(outside.body)).toContain('outOfScope');

    // li (Yanggu) cannot add a revision to wang's visit, even for a firm in her own county.
    const liToken = await signIn('li');
    const hijack = await push(liToken, [await visitFor('demo-05', '371521', 'li', own.id, 2)]);
    expect(statuses(hijack)).toEqual(['rejected']);
    expect(JSON.stringify(hijack.body)).toContain('notYourVisit');
  });

  it('shows officers their own visits and supervisors their counties; supervisors cannot push', async () => {
    const wang = await signIn('wang');
    const li = await signIn('li');
    const zhao = await signIn('zhao');
    expect(statuses(await push(li, [await visitFor('demo-05', '371521', 'li')]))).toEqual(['created']);
    const list = async (token: string) => ((await api('/api/v1/visits', token)).body.visits as { firmId: string }[]).map((v) => v.firmId);
    expect(await list(wang)).toEqual(['demo-01']);
    expect(await list(li)).toEqual(['demo-05']);
    expect(await list(zhao)).toEqual(['demo-01']);
    expect((await push(zhao, [await visitFor('demo-01', '371502', 'zhao')])).status).toBe(403);
    expect((await api('/api/v1/visits', null)).status).toBe(401);
  });

  it('hands out the directory within scope, then only what changed', async () => {
    const li = await signIn('li');
    const first = (await api('/api/v1/directory', li)).body as unknown as DirectoryBody;
    expect(first.firms.map((f) => f.countyCode)).toEqual(['371521']);
    expect(first.reference.filter((r) => r.kind === 'green_product')).toHaveLength(51);
    const again = (await api(`/api/v1/directory?cursor=${first.cursor}`, li)).body as unknown as DirectoryBody;
    expect(again).toMatchObject({ firms: [], reference: [], more: false });
    expect((await api('/api/v1/directory?cursor=-1', li)).status).toBe(400);
  });

  it('revokes the device token on sign-out', async () => {
    const wang = await signIn('wang');
    expect((await api('/api/v1/session', wang, { method: 'DELETE' })).status).toBe(200);
    expect((await api('/api/v1/visits', wang)).status).toBe(401);
  });
});
