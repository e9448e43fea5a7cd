import { gzipSync } from 'node:zlib';
import { fullAnswers } from '../fixtures/app';
import { pushedVisit } from './visits';

/** Every refused body below carries this: it must never reach the server's log. */
export const LOG_MARKER = 'corpus-marker-巡链-7f3a';

type Case = { name: string; method: string; path: string; token?: string | null; headers?: Record<string, string>; body?: string | Buffer; status?: number | number[] };

/** The ways text arrives that the database cannot hold: a NUL, a lone surrogate (as a JSON escape), bytes that are not UTF-8 (an over-long "/"). */
const VARIANTS: { name: string; text: string; raw?: Buffer }[] = [
  { name: 'a NUL character', text: `${LOG_MARKER}\u0000` },
  { name: 'a lone surrogate', text: `${LOG_MARKER}\ud800` },
  { name: 'over-long UTF-8', text: `${LOG_MARKER}@@OVERLONG@@` },
];

/** JSON with the over-long placeholder replaced by the raw bytes C0 AF. */
function body(value: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(value));
  const marker = Buffer.from('@@OVERLONG@@');
  const at = json.indexOf(marker);
  return at < 0 ? json : Buffer.concat([json.subarray(0, at), Buffer.from([0xc0, 0xaf]), json.subarray(at + marker.length)]);
}

export async function unstorableCases(tokens: Record<string, string>, ownVisitId: string): Promise<Case[]> {
  const json = { 'content-type': 'application/json' };
  const gz = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
  const cases: Case[] = [];
  for (const v of VARIANTS) {
    const visit = await pushedVisit('demo-01', '371502', { answers: fullAnswers({ conclusion: v.text }) as Record<string, unknown> });
    const firmChange = { changeId: crypto.randomUUID(), firmId: 'demo-01', baseVersion: '1', values: { address: v.text }, base: {} };
    cases.push(
      { name: `sign-in: ${v.name} in the username`, method: 'POST', path: '/api/v1/session', token: null, headers: json, body: body({ username: v.text, password: 'x', deviceName: 'x' }), status: 400 },
      { name: `push: ${v.name} in a conclusion`, method: 'POST', path: '/api/v1/visits/batch', token: tokens.wang, headers: gz, body: gzipSync(body({ protocol: 1, visits: [visit] })), status: 400 },
      { name: `push: ${v.name} in a key`, method: 'POST', path: '/api/v1/visits/batch', token: tokens.wang, headers: json, body: body({ protocol: 1, visits: [{ ...visit, answers: { ...visit.answers, [v.text]: 1 } }] }), status: 400 },
      { name: `firm change: ${v.name} in an address`, method: 'POST', path: '/api/v1/firms/changes', token: tokens.wang, headers: json, body: body({ protocol: 1, changes: [firmChange] }), status: 400 },
      { name: `attachment: ${v.name} in the file name`, method: 'POST', path: '/api/v1/attachments', token: tokens.wang, headers: json, body: body({ id: crypto.randomUUID(), visitId: ownVisitId, fileName: v.text, size: 1, sha256: '0'.repeat(64) }), status: 400 },
    );
  }
  cases.push(
    { name: 'whole file: a NUL in the file name header', method: 'PUT', path: `/api/v1/attachments/${crypto.randomUUID()}`, token: tokens.wang, headers: { 'content-type': 'application/octet-stream', 'x-visit-id': ownVisitId, 'x-file-name': `${encodeURIComponent(LOG_MARKER)}%00.jpg`, 'x-sha256': '0'.repeat(64) }, body: Buffer.alloc(10), status: 400 },
    { name: 'whole file: a lone surrogate in the file name header', method: 'PUT', path: `/api/v1/attachments/${crypto.randomUUID()}`, token: tokens.wang, headers: { 'content-type': 'application/octet-stream', 'x-visit-id': ownVisitId, 'x-file-name': '%ED%A0%80.jpg', 'x-sha256': '0'.repeat(64) }, body: Buffer.alloc(10), status: 400 },
  );
  return cases;
}
