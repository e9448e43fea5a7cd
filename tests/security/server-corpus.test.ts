import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_HEADER } from '../../shared/api/sync-protocol';
import { generateSigningKeys, signBody, TRANSFER_FORMAT } from '../../shared/api/transfer';
import { inProcessServer, type InProcessServer } from '../fixtures/server-in-process';
import { SERVER_STORES } from '../fixtures/server-stores';
import { pushedVisit } from './visits';
import { LOG_MARKER, unstorableCases } from './unstorable-text';

type Case = { name: string; method: string; path: string; token?: string | null; headers?: Record<string, string>; body?: string | Buffer; status?: number | number[]; itemsRejected?: true };

const MB = 1024 * 1024;
const deep = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
/** A gzip member that inflates to `size` bytes of one character: a bomb in miniature. */
const bomb = (size: number) => gzipSync(Buffer.alloc(size, 0x20), { level: 9 });

describe.each(SERVER_STORES)('the server refuses bad input with a 4xx JSON answer and writes nothing (%s)', (store) => {
  let server: InProcessServer;
  const tokens: Record<string, string> = {};
  let ownVisitId = '';

  beforeAll(async () => {
    server = await inProcessServer(store, [
      { username: 'wang', counties: ['371502'] },
      { username: 'li', counties: ['371521'] },
      { username: 'zhao', role: 'supervisor', counties: ['371502'] },
      { username: 'old', counties: ['371502'] },
      { username: 'gone', counties: ['371502'] },
      { username: 'root', role: 'admin', counties: null },
      { username: 'audi', role: 'auditor', counties: null },
    ]);
    const signIn = async (username: string) => {
      const res = await fetch(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'correct horse 1', deviceName: 'corpus' }) });
      return ((await res.json()) as { token: string }).token;
    };
    for (const u of ['wang', 'li', 'zhao', 'old', 'gone', 'root', 'audi']) tokens[u] = await signIn(u);
    // A revoked token and an expired one (unused for longer than the idle period).
    await fetch(`${server.url}/api/v1/session`, { method: 'DELETE', headers: { authorization: `Bearer ${tokens.gone}` } });
    await server.stores.client.query(`UPDATE devices SET created_at = now() - interval '200 days', last_seen_at = now() - interval '100 days' WHERE account_id = (SELECT id FROM accounts WHERE username = 'old')`);
    const own = await pushedVisit('demo-01', '371502');
    ownVisitId = own.id;
    const res = await fetch(`${server.url}/api/v1/visits/batch`, { method: 'POST', headers: { authorization: `Bearer ${tokens.wang}`, 'content-type': 'application/json' }, body: JSON.stringify({ protocol: 1, visits: [own] }) });
    expect(res.status).toBe(200);
  }, 120_000);
  afterAll(() => server?.close());

  async function cases(): Promise<Case[]> {
    const json = { 'content-type': 'application/json' };
    const gz = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
    const octet = { 'content-type': 'application/octet-stream' };
    const batch = (visits: unknown[]) => JSON.stringify({ protocol: 1, visits });
    const keys = await generateSigningKeys();
    const strangerFile = { format: TRANSFER_FORMAT, version: 2, deviceId: 'not-a-device', createdAt: new Date().toISOString(), visits: [], attachments: [] };
    const oldFormat = { ...strangerFile, version: 1, signature: 'a'.repeat(64) };
    return [
      // Sign-in: public, so every malformed body must be refused cheaply.
      { name: 'sign-in: malformed JSON', method: 'POST', path: '/api/v1/session', token: null, headers: json, body: '{"username":' },
      { name: 'sign-in: wrong types', method: 'POST', path: '/api/v1/session', token: null, headers: json, body: JSON.stringify({ username: 1, password: [], deviceName: {} }) },
      { name: 'sign-in: missing fields', method: 'POST', path: '/api/v1/session', token: null, headers: json, body: '{}' },
      { name: 'sign-in: extra fields', method: 'POST', path: '/api/v1/session', token: null, headers: json, body: JSON.stringify({ username: 'wang', password: 'x', deviceName: 'x', role: 'admin' }) },
      { name: 'sign-in: a 10 MB string', method: 'POST', path: '/api/v1/session', token: null, headers: json, body: JSON.stringify({ username: 'x'.repeat(10 * MB), password: 'x', deviceName: 'x' }), status: 413 },
      { name: 'sign-in: deep nesting', method: 'POST', path: '/api/v1/session', token: null, headers: json, body: deep(500) },
      { name: 'sign-in: gzip bomb', method: 'POST', path: '/api/v1/session', token: null, headers: gz, body: bomb(50 * MB), status: 413 },
      { name: 'sign-in: bad gzip', method: 'POST', path: '/api/v1/session', token: null, headers: gz, body: Buffer.from('not gzip at all') },
      { name: 'sign-in: wrong content type', method: 'POST', path: '/api/v1/session', token: null, headers: { 'content-type': 'text/plain' }, body: 'wang', status: 415 },
      { name: 'sign-in: bad public key', method: 'POST', path: '/api/v1/session', token: null, headers: json, body: JSON.stringify({ username: 'wang', password: 'correct horse 1', deviceName: 'x', publicKey: 'short' }) },
      { name: 'sign-out: no token', method: 'DELETE', path: '/api/v1/session', token: null, status: 401 },
      // Every other route: no, a wrong, an expired or a revoked token is refused before the body is read.
      ...(['none', 'garbage', 'old', 'gone'] as const).flatMap((who): Case[] => {
        const token = who === 'none' ? null : who === 'garbage' ? 'x'.repeat(43) : tokens[who]!;
        return [
          { name: `push with ${who} token`, method: 'POST', path: '/api/v1/visits/batch', token, headers: gz, body: bomb(20 * MB), status: 401 },
          { name: `list with ${who} token`, method: 'GET', path: '/api/v1/visits', token, status: 401 },
          { name: `changes with ${who} token`, method: 'GET', path: '/api/v1/visits/changes', token, status: 401 },
          { name: `directory with ${who} token`, method: 'GET', path: '/api/v1/directory', token, status: 401 },
          { name: `problems with ${who} token`, method: 'GET', path: '/api/v1/problems/changes', token, status: 401 },
          { name: `decisions with ${who} token`, method: 'POST', path: '/api/v1/decisions/batch', token, headers: gz, body: bomb(20 * MB), status: 401 },
          { name: `received decisions with ${who} token`, method: 'GET', path: '/api/v1/decisions/changes', token, status: 401 },
          { name: `assign with ${who} token`, method: 'POST', path: '/api/v1/assignments', token, headers: gz, body: bomb(20 * MB), status: 401 },
          { name: `assignment import with ${who} token`, method: 'POST', path: '/api/v1/assignments/import', token, headers: octet, body: Buffer.alloc(1000), status: 401 },
          { name: `cadence with ${who} token`, method: 'PUT', path: '/api/v1/cadence', token, headers: json, body: '{"cadence":{}}', status: 401 },
          { name: `demand limits with ${who} token`, method: 'PUT', path: '/api/v1/demand-limits', token, headers: json, body: '{"limits":{}}', status: 401 },
          { name: `calendar import with ${who} token`, method: 'POST', path: '/api/v1/calendar/import?source=x', token, headers: octet, body: Buffer.alloc(1000), status: 401 },
          { name: `update feed with ${who} token`, method: 'GET', path: '/updates/stable/latest.yml', token, status: 401 },
          { name: `attachment with ${who} token`, method: 'POST', path: '/api/v1/attachments', token, headers: json, body: '{}', status: 401 },
          { name: `chunk with ${who} token`, method: 'PATCH', path: `/api/v1/attachments/${ownVisitId}`, token, headers: { ...octet, 'x-offset': '0' }, body: Buffer.alloc(10), status: 401 },
          { name: `whole file with ${who} token`, method: 'PUT', path: `/api/v1/attachments/${crypto.randomUUID()}`, token, headers: { ...octet, 'x-visit-id': ownVisitId, 'x-file-name': 'a.jpg', 'x-sha256': '0'.repeat(64) }, body: Buffer.alloc(10), status: 401 },
          { name: `transfer with ${who} token`, method: 'POST', path: '/api/v1/transfers', token, headers: octet, body: Buffer.alloc(1000), status: 401 },
        ];
      }),
      // The push: malformed envelopes are a 4xx; malformed items are rejected one by one.
      { name: 'push: malformed JSON', method: 'POST', path: '/api/v1/visits/batch', token: tokens.wang, headers: json, body: '{"protocol":1,"visits":[' },
      { name: 'push: wrong types', method: 'POST', path: '/api/v1/visits/batch', token: tokens.wang, headers: json, body: JSON.stringify({ protocol: '1', visits: 'all' }) },
      { name: 'push: missing fields', method: 'POST', path: '/api/v1/visits/batch', token: tokens.wang, headers: json, body: '{}' },
      { name: 'push: extra fields', method: 'POST', path: '/api/v1/visits/batch', token: tokens.wang, headers: json, body: JSON.stringify({ protocol: 1, visits: [{}], admin: true }) },
      { name: 'push: a 10 MB string', method: 'POST', path: '/api/v1/visits/batch', token: tokens.wang, headers: json, body: batch(['x'.repeat(10 * MB)]), status: 413 },
      { name: 'push: deep nesting', method: 'POST', path: '/api/v1/visits/batch', token: tokens.wang, headers: json, body: `{"protocol":1,"visits":[${deep(5000)}]}`, itemsRejected: true, status: 200 },
      { name: 'push: bad gzip', method: 'POST', path: '/api/v1/visits/batch', token: tokens.wang, headers: gz, body: Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6]) },
      { name: 'push: gzip bomb', method: 'POST', path: '/api/v1/visits/batch', token: tokens.wang, headers: gz, body: bomb(100 * MB), status: 413 },
      { name: 'push: wrong content type', method: 'POST', path: '/api/v1/visits/batch', token: tokens.wang, headers: { 'content-type': 'text/html' }, body: '<html>', status: 415 },
      { name: 'push: unknown content encoding', method: 'POST', path: '/api/v1/visits/batch', token: tokens.wang, headers: { ...json, 'content-encoding': 'br' }, body: 'x', status: 415 },
      { name: 'push: non-UUID visit id', method: 'POST', path: '/api/v1/visits/batch', token: tokens.wang, headers: json, body: batch([{ ...(await pushedVisit('demo-01', '371502')), id: 'not-a-uuid' }]), itemsRejected: true, status: 200 },
      { name: 'push: a firm of another county, claimed as own', method: 'POST', path: '/api/v1/visits/batch', token: tokens.wang, headers: json, body: batch([await pushedVisit('demo-05', '371502')]), itemsRejected: true, status: 200 },
      { name: 'push: a new firm placed in another county', method: 'POST', path: '/api/v1/visits/batch', token: tokens.wang, headers: json, body: batch([await pushedVisit('firm-new-x', '371521')]), itemsRejected: true, status: 200 },
      { name: "push: another officer's visit", method: 'POST', path: '/api/v1/visits/batch', token: tokens.li, headers: json, body: batch([await pushedVisit('demo-05', '371521', { id: ownVisitId, revision: 2 })]), itemsRejected: true, status: 200 },
      { name: 'push: a supervisor', method: 'POST', path: '/api/v1/visits/batch', token: tokens.zhao, headers: json, body: batch([await pushedVisit('demo-01', '371502')]), status: 403 },
      // Reads.
      { name: 'list: limit not a number', method: 'GET', path: '/api/v1/visits?limit=abc', token: tokens.wang },
      { name: 'changes: an officer', method: 'GET', path: '/api/v1/visits/changes', token: tokens.wang, status: 403 },
      { name: 'changes: bad cursor', method: 'GET', path: '/api/v1/visits/changes?cursor=-1', token: tokens.zhao },
      { name: 'directory: bad cursor', method: 'GET', path: '/api/v1/directory?cursor=1e9', token: tokens.wang },
      { name: 'problems: bad cursor', method: 'GET', path: '/api/v1/problems/changes?cursor=abc', token: tokens.wang },
      { name: 'problems: huge cursor', method: 'GET', path: `/api/v1/problems/changes?cursor=${'9'.repeat(40)}`, token: tokens.wang },
      { name: 'problems: an auditor', method: 'GET', path: '/api/v1/problems/changes', token: tokens.audi, status: 403 },
      // Supervisors' decisions: an officer posing as a supervisor is refused whole; a malformed batch too.
      { name: 'decisions: an officer posing as a supervisor', method: 'POST', path: '/api/v1/decisions/batch', token: tokens.wang, headers: json, body: JSON.stringify({ protocol: 1, decisions: [{ id: crypto.randomUUID(), kind: 'firm.accept', subject: 'demo-01', decidedAt: new Date().toISOString() }] }), itemsRejected: true, status: 200 },
      { name: 'decisions: an auditor', method: 'POST', path: '/api/v1/decisions/batch', token: tokens.audi, headers: json, body: JSON.stringify({ protocol: 1, decisions: [{}] }), status: 403 },
      { name: 'decisions: malformed JSON', method: 'POST', path: '/api/v1/decisions/batch', token: tokens.zhao, headers: json, body: '{"protocol":1,' },
      { name: 'decisions: empty batch', method: 'POST', path: '/api/v1/decisions/batch', token: tokens.zhao, headers: json, body: JSON.stringify({ protocol: 1, decisions: [] }) },
      { name: 'decisions: too many', method: 'POST', path: '/api/v1/decisions/batch', token: tokens.zhao, headers: json, body: JSON.stringify({ protocol: 1, decisions: Array.from({ length: 101 }, () => ({})) }) },
      { name: 'decisions: another county', method: 'POST', path: '/api/v1/decisions/batch', token: tokens.zhao, headers: json, body: JSON.stringify({ protocol: 1, decisions: [{ id: crypto.randomUUID(), kind: 'firm.accept', subject: 'demo-05', decidedAt: new Date().toISOString() }] }), itemsRejected: true, status: 200 },
      { name: 'received decisions: bad cursor', method: 'GET', path: '/api/v1/decisions/changes?cursor=x', token: tokens.wang },
      { name: 'directory: huge cursor', method: 'GET', path: `/api/v1/directory?cursor=${'9'.repeat(40)}`, token: tokens.wang },
      // Attachments.
      { name: 'attachment: malformed JSON', method: 'POST', path: '/api/v1/attachments', token: tokens.wang, headers: json, body: '{' },
      { name: 'attachment: non-UUID ids', method: 'POST', path: '/api/v1/attachments', token: tokens.wang, headers: json, body: JSON.stringify({ id: 'x', visitId: 'y', fileName: 'a', size: 1, sha256: '0'.repeat(64) }) },
      { name: 'attachment: extra fields', method: 'POST', path: '/api/v1/attachments', token: tokens.wang, headers: json, body: JSON.stringify({ id: crypto.randomUUID(), visitId: ownVisitId, fileName: 'a', size: 1, sha256: '0'.repeat(64), path: '/etc' }) },
      { name: "attachment: another officer's visit", method: 'POST', path: '/api/v1/attachments', token: tokens.li, headers: json, body: JSON.stringify({ id: crypto.randomUUID(), visitId: ownVisitId, fileName: 'a', size: 1, sha256: '0'.repeat(64) }), status: 403 },
      { name: 'attachment: unknown visit', method: 'POST', path: '/api/v1/attachments', token: tokens.wang, headers: json, body: JSON.stringify({ id: crypto.randomUUID(), visitId: crypto.randomUUID(), fileName: 'a', size: 1, sha256: '0'.repeat(64) }), status: 404 },
      { name: 'attachment: too large', method: 'POST', path: '/api/v1/attachments', token: tokens.wang, headers: json, body: JSON.stringify({ id: crypto.randomUUID(), visitId: ownVisitId, fileName: 'a', size: 10 ** 12, sha256: '0'.repeat(64) }) },
      { name: 'chunk: non-UUID id', method: 'PATCH', path: '/api/v1/attachments/not-a-uuid', token: tokens.wang, headers: { ...octet, 'x-offset': '0' }, body: Buffer.alloc(10), status: 400 },
      { name: 'chunk: no offset', method: 'PATCH', path: `/api/v1/attachments/${crypto.randomUUID()}`, token: tokens.wang, headers: octet, body: Buffer.alloc(10), status: 400 },
      { name: 'chunk: undeclared', method: 'PATCH', path: `/api/v1/attachments/${crypto.randomUUID()}`, token: tokens.wang, headers: { ...octet, 'x-offset': '0' }, body: Buffer.alloc(10), status: 404 },
      { name: 'chunk: JSON instead of bytes', method: 'PATCH', path: `/api/v1/attachments/${crypto.randomUUID()}`, token: tokens.wang, headers: { ...json, 'x-offset': '0' }, body: '{}', status: 400 },
      { name: 'whole file: no declaration headers', method: 'PUT', path: `/api/v1/attachments/${crypto.randomUUID()}`, token: tokens.wang, headers: octet, body: Buffer.alloc(10), status: 400 },
      { name: 'whole file: a name that does not decode', method: 'PUT', path: `/api/v1/attachments/${crypto.randomUUID()}`, token: tokens.wang, headers: { ...octet, 'x-visit-id': ownVisitId, 'x-file-name': '%E4%B', 'x-sha256': '0'.repeat(64) }, body: Buffer.alloc(10), status: 400 },
      { name: "whole file: another officer's visit", method: 'PUT', path: `/api/v1/attachments/${crypto.randomUUID()}`, token: tokens.li, headers: { ...octet, 'x-visit-id': ownVisitId, 'x-file-name': 'a.jpg', 'x-sha256': '0'.repeat(64) }, body: Buffer.alloc(10), status: 403 },
      { name: 'whole file: bytes not matching the hash', method: 'PUT', path: `/api/v1/attachments/${crypto.randomUUID()}`, token: tokens.wang, headers: { ...octet, 'x-visit-id': ownVisitId, 'x-file-name': 'a.jpg', 'x-sha256': '0'.repeat(64) }, body: Buffer.alloc(10), status: 422 },
      { name: 'whole file: JSON instead of bytes', method: 'PUT', path: `/api/v1/attachments/${crypto.randomUUID()}`, token: tokens.wang, headers: { ...json, 'x-visit-id': ownVisitId, 'x-file-name': 'a.jpg', 'x-sha256': '0'.repeat(64) }, body: '{}', status: 400 },
      { name: 'whole file: too big', method: 'PUT', path: `/api/v1/attachments/${crypto.randomUUID()}`, token: tokens.wang, headers: { ...octet, 'x-visit-id': ownVisitId, 'x-file-name': 'a.jpg', 'x-sha256': '0'.repeat(64) }, body: Buffer.alloc(2 * MB), status: 413 },
      { name: 'chunk: too big', method: 'PATCH', path: `/api/v1/attachments/${crypto.randomUUID()}`, token: tokens.wang, headers: { ...octet, 'x-offset': '0' }, body: Buffer.alloc(2 * MB), status: 413 },
      // Transfer files.
      { name: 'transfer: JSON content type', method: 'POST', path: '/api/v1/transfers', token: tokens.wang, headers: json, body: '{}', status: 415 },
      { name: 'transfer: garbage', method: 'POST', path: '/api/v1/transfers', token: tokens.wang, headers: octet, body: Buffer.from('garbage'), status: 422 },
      { name: 'transfer: bad gzip', method: 'POST', path: '/api/v1/transfers', token: tokens.wang, headers: octet, body: Buffer.from([0x1f, 0x8b, 8, 0, 9, 9, 9]), status: 422 },
      { name: 'transfer: gzip bomb', method: 'POST', path: '/api/v1/transfers', token: tokens.wang, headers: octet, body: bomb(200 * MB), status: 413 },
      { name: 'transfer: old format', method: 'POST', path: '/api/v1/transfers', token: tokens.wang, headers: octet, body: gzipSync(JSON.stringify(oldFormat)), status: 422 },
      { name: 'transfer: unknown device', method: 'POST', path: '/api/v1/transfers', token: tokens.wang, headers: octet, body: gzipSync(JSON.stringify({ ...strangerFile, signature: await signBody(strangerFile, keys.privateKey) })), status: 422 },
      // Text the database cannot hold, in every kind of text field: a 400 naming where, nothing written, nothing logged.
      ...(await unstorableCases(tokens, ownVisitId)),
      // Accounts (administrators) and the audit log (auditors; every laptop sends its events).
      { name: 'accounts: an officer lists them', method: 'GET', path: '/api/v1/accounts', token: tokens.wang, status: 403 },
      { name: 'accounts: an auditor lists them', method: 'GET', path: '/api/v1/accounts', token: tokens.audi, status: 403 },
      { name: 'accounts: create with a role that does not exist', method: 'POST', path: '/api/v1/accounts', token: tokens.root, headers: json, body: JSON.stringify({ username: 'x1', displayName: 'x', role: 'root', counties: null, password: 'Long-enough-2026' }) },
      { name: 'accounts: create in a county not of Liaocheng', method: 'POST', path: '/api/v1/accounts', token: tokens.root, headers: json, body: JSON.stringify({ username: 'x1', displayName: 'x', role: 'officer', counties: ['110101'], password: 'Long-enough-2026' }) },
      { name: 'accounts: create with a weak password', method: 'POST', path: '/api/v1/accounts', token: tokens.root, headers: json, body: JSON.stringify({ username: 'x1', displayName: 'x', role: 'officer', counties: null, password: 'short' }) },
      { name: 'accounts: create a taken username', method: 'POST', path: '/api/v1/accounts', token: tokens.root, headers: json, body: JSON.stringify({ username: 'wang', displayName: 'x', role: 'officer', counties: null, password: 'Long-enough-2026' }), status: 409 },
      { name: 'accounts: create with extra fields', method: 'POST', path: '/api/v1/accounts', token: tokens.root, headers: json, body: JSON.stringify({ username: 'x1', displayName: 'x', role: 'officer', counties: null, password: 'Long-enough-2026', disabled: false }) },
      { name: 'accounts: an unknown change', method: 'POST', path: '/api/v1/accounts/wang', token: tokens.root, headers: json, body: JSON.stringify({ change: 'delete' }) },
      { name: 'accounts: a change of someone who does not exist', method: 'POST', path: '/api/v1/accounts/nobody', token: tokens.root, headers: json, body: JSON.stringify({ change: 'disable' }), status: 404 },
      { name: 'accounts: a path that is not a username', method: 'POST', path: '/api/v1/accounts/..%2F..', token: tokens.root, headers: json, body: JSON.stringify({ change: 'disable' }) },
      { name: 'accounts: make the auditor an admin', method: 'POST', path: '/api/v1/accounts/audi', token: tokens.root, headers: json, body: JSON.stringify({ change: 'role', role: 'admin' }) },
      { name: 'accounts: make someone an auditor later', method: 'POST', path: '/api/v1/accounts/wang', token: tokens.root, headers: json, body: JSON.stringify({ change: 'role', role: 'auditor' }) },
      { name: 'accounts: the admin disables themselves', method: 'POST', path: '/api/v1/accounts/root', token: tokens.root, headers: json, body: JSON.stringify({ change: 'disable' }) },
      { name: 'accounts: revoke a device of another account', method: 'POST', path: '/api/v1/accounts/li', token: tokens.root, headers: json, body: JSON.stringify({ change: 'revokeDevice', deviceId: 'not-a-device' }), status: 404 },
      { name: 'audit: an admin reads it', method: 'GET', path: '/api/v1/audit?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z', token: tokens.root, status: 403 },
      { name: 'audit: an officer exports it', method: 'GET', path: '/api/v1/audit/export?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z', token: tokens.wang, status: 403 },
      { name: 'audit: no period', method: 'GET', path: '/api/v1/audit', token: tokens.audi },
      { name: 'audit: a period over a year', method: 'GET', path: '/api/v1/audit?from=2020-01-01T00:00:00Z&to=2026-02-01T00:00:00Z', token: tokens.audi },
      { name: 'audit: an action that does not exist', method: 'GET', path: '/api/v1/audit?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&action=drop', token: tokens.audi },
      { name: 'audit: an injected county', method: 'GET', path: `/api/v1/audit?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&county=${encodeURIComponent("371502' OR 1=1")}`, token: tokens.audi },
      { name: 'audit events: empty', method: 'POST', path: '/api/v1/audit/events', token: tokens.wang, headers: json, body: JSON.stringify({ events: [] }) },
      { name: 'audit events: a server action claimed by a laptop', method: 'POST', path: '/api/v1/audit/events', token: tokens.wang, headers: json, body: JSON.stringify({ events: [{ id: crypto.randomUUID(), at: '2026-12-06T08:00:00Z', action: 'account.created', counties: null, detail: {} }] }) },
      { name: 'audit events: a password in the detail', method: 'POST', path: '/api/v1/audit/events', token: tokens.wang, headers: json, body: JSON.stringify({ events: [{ id: crypto.randomUUID(), at: '2026-12-06T08:00:00Z', action: 'export.visitsCsv', counties: null, detail: { password: 'x' } }] }) },
      { name: 'audit events: a long detail', method: 'POST', path: '/api/v1/audit/events', token: tokens.wang, headers: json, body: JSON.stringify({ events: [{ id: crypto.randomUUID(), at: '2026-12-06T08:00:00Z', action: 'export.visitsCsv', counties: null, detail: { fileName: 'x'.repeat(5000) } }] }) },
      { name: 'audit events: not a uuid', method: 'POST', path: '/api/v1/audit/events', token: tokens.wang, headers: json, body: JSON.stringify({ events: [{ id: 'e1', at: '2026-12-06T08:00:00Z', action: 'export.visitsCsv', counties: null, detail: {} }] }) },
      { name: 'audit events: too many at once', method: 'POST', path: '/api/v1/audit/events', token: tokens.wang, headers: json, body: JSON.stringify({ events: Array.from({ length: 201 }, () => ({ id: crypto.randomUUID(), at: '2026-12-06T08:00:00Z', action: 'export.visitsCsv', counties: null, detail: {} })) }) },
      { name: 'audit: an auditor pushes visits', method: 'POST', path: '/api/v1/visits/batch', token: tokens.audi, headers: json, body: batch([]), status: 403 },
      // 包联: an officer assigns nothing, whatever the body says (refused before it is read); an assigner's bad requests are a 4xx.
      { name: 'assign: an officer', method: 'POST', path: '/api/v1/assignments', token: tokens.wang, headers: gz, body: bomb(20 * MB), status: 403 },
      { name: 'assign: an auditor', method: 'POST', path: '/api/v1/assignments', token: tokens.audi, headers: json, body: '{}', status: 403 },
      { name: 'assign: malformed JSON', method: 'POST', path: '/api/v1/assignments', token: tokens.zhao, headers: json, body: '{"firmIds":' },
      { name: 'assign: both kinds at once', method: 'POST', path: '/api/v1/assignments', token: tokens.zhao, headers: json, body: JSON.stringify({ firmIds: ['demo-01'], fromOfficer: 'li', to: 'wang', reason: '调整包联' }) },
      { name: 'assign: no reason', method: 'POST', path: '/api/v1/assignments', token: tokens.zhao, headers: json, body: JSON.stringify({ firmIds: ['demo-01'], to: 'wang', reason: ' ' }) },
      { name: 'assign: too many firms', method: 'POST', path: '/api/v1/assignments', token: tokens.zhao, headers: json, body: JSON.stringify({ firmIds: Array.from({ length: 501 }, (_, i) => `f${i}`), to: 'wang', reason: '调整包联' }) },
      { name: 'assign: a firm of another county', method: 'POST', path: '/api/v1/assignments', token: tokens.zhao, headers: json, body: JSON.stringify({ firmIds: ['demo-05'], to: 'wang', reason: '调整包联' }), status: 403 },
      { name: 'assign: to a supervisor', method: 'POST', path: '/api/v1/assignments', token: tokens.zhao, headers: json, body: JSON.stringify({ firmIds: ['demo-01'], to: 'zhao', reason: '调整包联' }), status: 422 },
      { name: 'assign: to an officer of another county', method: 'POST', path: '/api/v1/assignments', token: tokens.zhao, headers: json, body: JSON.stringify({ firmIds: ['demo-01'], to: 'li', reason: '调整包联' }), status: 422 },
      { name: 'assign: an unknown firm', method: 'POST', path: '/api/v1/assignments', token: tokens.zhao, headers: json, body: JSON.stringify({ firmIds: ['nope'], to: 'wang', reason: '调整包联' }), status: 404 },
      { name: 'assignment officers: an officer', method: 'GET', path: '/api/v1/assignments/officers', token: tokens.wang, status: 403 },
      { name: 'assignment history: a firm of another county', method: 'GET', path: '/api/v1/firms/demo-05/assignments', token: tokens.wang, status: 403 },
      { name: 'assignment import: a supervisor', method: 'POST', path: '/api/v1/assignments/import', token: tokens.zhao, headers: octet, body: Buffer.alloc(1000), status: 403 },
      { name: 'assignment import: JSON instead of a file', method: 'POST', path: '/api/v1/assignments/import', token: tokens.root, headers: json, body: '{}', status: 415 },
      { name: 'assignment import: a zip that is not a workbook', method: 'POST', path: '/api/v1/assignments/import', token: tokens.root, headers: octet, body: Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]), status: 422 },
      { name: 'cadence: a supervisor sets it', method: 'PUT', path: '/api/v1/cadence', token: tokens.zhao, headers: json, body: JSON.stringify({ cadence: { key: 30, cultivated: 60, none: 90 } }), status: 403 },
      { name: 'cadence: days out of range', method: 'PUT', path: '/api/v1/cadence', token: tokens.root, headers: json, body: JSON.stringify({ cadence: { key: 0, cultivated: 60, none: 9999 } }) },
      { name: 'cadence: a tier missing', method: 'PUT', path: '/api/v1/cadence', token: tokens.root, headers: json, body: JSON.stringify({ cadence: { key: 30 } }) },
      // Demands (issue 31): the deadlines and the calendar are the administrators'; a demand decision needs a supervisor of its county.
      { name: 'demand limits: a supervisor sets them', method: 'PUT', path: '/api/v1/demand-limits', token: tokens.zhao, headers: json, body: JSON.stringify({ limits: { low: { takeUp: 1, answer: 3, resolve: 15 }, normal: { takeUp: 1, answer: 3, resolve: 15 }, high: { takeUp: 1, answer: 3, resolve: 15 } } }), status: 403 },
      { name: 'demand limits: resolve beyond 30 working days', method: 'PUT', path: '/api/v1/demand-limits', token: tokens.root, headers: json, body: JSON.stringify({ limits: { low: { takeUp: 1, answer: 3, resolve: 45 }, normal: { takeUp: 1, answer: 3, resolve: 15 }, high: { takeUp: 1, answer: 3, resolve: 15 } } }) },
      { name: 'demand limits: answered before taken up', method: 'PUT', path: '/api/v1/demand-limits', token: tokens.root, headers: json, body: JSON.stringify({ limits: { low: { takeUp: 5, answer: 3, resolve: 15 }, normal: { takeUp: 1, answer: 3, resolve: 15 }, high: { takeUp: 1, answer: 3, resolve: 15 } } }) },
      { name: 'calendar import: an officer', method: 'POST', path: '/api/v1/calendar/import?source=x', token: tokens.wang, headers: octet, body: Buffer.from('日期,类型\n2027-01-01,休\n'), status: 403 },
      { name: 'calendar import: JSON instead of a file', method: 'POST', path: '/api/v1/calendar/import?source=x', token: tokens.root, headers: json, body: '{}', status: 415 },
      { name: 'calendar import: no source named', method: 'POST', path: '/api/v1/calendar/import', token: tokens.root, headers: octet, body: Buffer.from('日期,类型\n2027-01-01,休\n') },
      { name: 'demand extension: an officer', method: 'POST', path: '/api/v1/decisions/batch', token: tokens.wang, headers: json, body: JSON.stringify({ protocol: 1, decisions: [{ id: crypto.randomUUID(), kind: 'demand.extend', subject: crypto.randomUUID(), days: 25, reason: '协调中', decidedAt: new Date().toISOString() }] }), itemsRejected: true, status: 200 },
      { name: 'demand extension: beyond 30 working days', method: 'POST', path: '/api/v1/decisions/batch', token: tokens.zhao, headers: json, body: JSON.stringify({ protocol: 1, decisions: [{ id: crypto.randomUUID(), kind: 'demand.extend', subject: crypto.randomUUID(), days: 45, reason: '协调中', decidedAt: new Date().toISOString() }] }), itemsRejected: true, status: 200 },
      { name: 'demand 督办: a wordless note', method: 'POST', path: '/api/v1/decisions/batch', token: tokens.zhao, headers: json, body: JSON.stringify({ protocol: 1, decisions: [{ id: crypto.randomUUID(), kind: 'demand.supervise', subject: crypto.randomUUID(), note: ' ', decidedAt: new Date().toISOString() }] }), itemsRejected: true, status: 200 },
      { name: 'demand close: an unknown problem', method: 'POST', path: '/api/v1/decisions/batch', token: tokens.zhao, headers: json, body: JSON.stringify({ protocol: 1, decisions: [{ id: crypto.randomUUID(), kind: 'demand.close', subject: crypto.randomUUID(), decidedAt: new Date().toISOString() }] }), itemsRejected: true, status: 200 },
      // 审核: reviews go through the decisions batch; an officer's, another county's or a wordless return is refused item by item.
      { name: 'review: an officer', method: 'POST', path: '/api/v1/decisions/batch', token: tokens.wang, headers: json, body: JSON.stringify({ protocol: 1, decisions: [{ id: crypto.randomUUID(), kind: 'visit.review', subject: ownVisitId, revision: 1, verdict: 'pass', comment: '', decidedAt: new Date().toISOString() }] }), itemsRejected: true, status: 200 },
      { name: 'review: a return without a reason', method: 'POST', path: '/api/v1/decisions/batch', token: tokens.zhao, headers: json, body: JSON.stringify({ protocol: 1, decisions: [{ id: crypto.randomUUID(), kind: 'visit.review', subject: ownVisitId, revision: 1, verdict: 'return', comment: '', decidedAt: new Date().toISOString() }] }), itemsRejected: true, status: 200 },
      { name: 'review: a verdict that does not exist', method: 'POST', path: '/api/v1/decisions/batch', token: tokens.zhao, headers: json, body: JSON.stringify({ protocol: 1, decisions: [{ id: crypto.randomUUID(), kind: 'visit.review', subject: ownVisitId, revision: 1, verdict: 'approve', comment: '', decidedAt: new Date().toISOString() }] }), itemsRejected: true, status: 200 },
      { name: 'review: an unknown revision', method: 'POST', path: '/api/v1/decisions/batch', token: tokens.zhao, headers: json, body: JSON.stringify({ protocol: 1, decisions: [{ id: crypto.randomUUID(), kind: 'visit.review', subject: ownVisitId, revision: 9, verdict: 'pass', comment: '', decidedAt: new Date().toISOString() }] }), itemsRejected: true, status: 200 },
      // Elsewhere.
      { name: 'unknown endpoint', method: 'GET', path: '/api/v1/admin', token: tokens.wang, status: 404 },
      { name: 'updates: a path out of the releases', method: 'GET', path: '/updates/stable/..%2F..%2Fpackage.json', token: tokens.wang, status: 404 },
      { name: 'updates: a channel out of the releases', method: 'GET', path: '/updates/..%2F..%2Fserver/app.ts', token: tokens.wang, status: 404 },
      { name: 'updates: an unsatisfiable or absurd range', method: 'GET', path: '/updates/stable/latest.yml', token: tokens.wang, headers: { range: `bytes=${'0-1,'.repeat(5000)}0-1` }, status: [404, 431] },
      { name: 'unknown endpoint, no token', method: 'POST', path: '/api/v2/anything', token: null, headers: json, body: '{}', status: 401 },
    ];
  }

  it('answers each case with a 4xx JSON error and the protocol header; no table changes, nothing of a refused body in the log', async () => {
    const before = await server.tableDigests();
    const logged: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    const failures: string[] = [];
    for (const c of await cases()) {
      const res = await fetch(`${server.url}${c.path}`, {
        method: c.method,
        headers: { ...(c.token ? { authorization: `Bearer ${c.token}` } : {}), ...c.headers },
        ...(c.body !== undefined ? { body: c.body } : {}),
      });
      const text = await res.text();
      const expected = c.status === undefined ? [400, 422] : Array.isArray(c.status) ? c.status : [c.status];
      const problems: string[] = [];
      if (!expected.includes(res.status)) problems.push(`HTTP ${res.status}, expected ${expected.join('/')}`);
      if (res.headers.get(PROTOCOL_HEADER) !== '1') problems.push('no protocol header');
      if (!/^application\/json/.test(res.headers.get('content-type') ?? '')) problems.push(`content type ${res.headers.get('content-type')}`);
      let body: { error?: { code: string; message: string }; results?: { status: string }[] } = {};
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        problems.push('not JSON');
      }
      if (c.itemsRejected) {
        if (JSON.stringify(body.results?.map((r) => r.status)) !== '["rejected"]') problems.push('item not rejected');
      } else if (!/^[A-Z_]+$/.test(body.error?.code ?? '') || /at \w+ \(|node_modules|\/work\/|SELECT|syntax error/.test(body.error?.message ?? '')) problems.push('no clean error');
      if (problems.length) failures.push(`${c.name}: ${problems.join(', ')} — ${text.slice(0, 160)}`);
    }
    spy.mockRestore();
    expect(failures).toEqual([]);
    expect(await server.tableDigests()).toEqual(before);
    expect(logged.filter((line) => line.includes(LOG_MARKER))).toEqual([]);
  }, 120_000);
});
