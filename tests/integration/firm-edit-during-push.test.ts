import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Firm, FirmInput } from '../../shared/domain/firm';
import { makeCreditCode } from '../../shared/domain/credit-code';
import { PROTOCOL_HEADER } from '../../shared/api/sync-protocol';
import { expectOk, testApp } from '../fixtures/app';
import { inProcessServer, type InProcessServer } from '../fixtures/server-in-process';
import { SERVER_STORES } from '../fixtures/server-stores';
import { DEV_TOKEN } from '../fixtures/processes';

/**
 * An officer edits a firm they just created while its proposal is on its way to the
 * register (issue 22). Whatever the network does, the register ends with the edit, and
 * the laptop's copy and outbox agree with it — the edit is never folded into a change
 * the server may already have applied.
 */
const NEW_FIRM = (creditCode: string, name: string): FirmInput => ({
  creditCode,
  name,
  countyCode: '371502',
  address: '东昌府区工业园',
  chainSegment: 'midstream',
  categories: ['预拌砂浆'],
  keyTier: 'none',
  zjtxLevel: 'none',
  contacts: [],
  certifications: [],
});

describe.each(SERVER_STORES)('a firm edited while its proposal is being sent (%s)', (kind) => {
  let server: InProcessServer;
  /** What the laptop's fetch does around the next firm-change request (then it behaves normally). */
  let aroundFirmPush: ((send: () => Promise<Response>) => Promise<Response>) | null = null;
  let laptop: ReturnType<typeof testApp>;

  beforeAll(async () => {
    server = await inProcessServer(kind, [{ username: 'wang', counties: ['371502'] }]);
    const fetchThrough: typeof fetch = (input, init) => {
      const send = () => fetch(input, init);
      const hook = aroundFirmPush;
      if (hook && String(input).endsWith('/api/v1/firms/changes')) {
        aroundFirmPush = null;
        return hook(send);
      }
      return send();
    };
    laptop = testApp({ serverUrl: server.url, token: '', sync: { fetch: fetchThrough } });
    await expectOk(laptop.dispatch('account.signIn', { serverUrl: server.url, username: 'wang', password: 'correct horse 1' }));
    await expectOk(laptop.dispatch('sync.now', {}));
  }, 120_000);
  afterAll(async () => {
    await laptop?.close();
    await server?.close();
  });

  const save = (firm: FirmInput) => expectOk<Firm>(laptop.dispatch('firms.save', firm));
  const registerName = async (id: string) => (await server.stores.client.query<{ name: string }>(`SELECT data->>'name' AS name FROM directory_firms WHERE id = $1`, [id])).rows[0]?.name;
  const outbox = (firmId: string) =>
    (laptop.db.prepare('SELECT state, payload FROM firm_outbox WHERE firm_id = ? ORDER BY id').all(firmId) as { state: string; payload: string }[]).map((r) => ({ state: r.state, name: (JSON.parse(r.payload) as { values: { name?: string } }).values.name }));

  it('an edit made while the proposal is on the wire reaches the register after it', async () => {
    const created = await save(NEW_FIRM('91371502MA3R8T2W4C', '聊城线上建材有限公司'));
    let editedDuringSend = false;
    aroundFirmPush = async (send) => {
      // The request has been built from the queue; the officer saves an edit before it reaches the server.
      await save({ ...NEW_FIRM('91371502MA3R8T2W4C', '聊城线上新型建材有限公司'), id: created.id });
      editedDuringSend = true;
      return send();
    };
    await expectOk(laptop.dispatch('sync.now', {}));
    expect(editedDuringSend).toBe(true);

    expect(await registerName(created.id)).toBe('聊城线上新型建材有限公司');
    expect(outbox(created.id)).toEqual([
      { state: 'done', name: '聊城线上建材有限公司' },
      { state: 'done', name: '聊城线上新型建材有限公司' },
    ]);
    await expectOk(laptop.dispatch('sync.now', {})); // the next pull does not put the old name back
    expect((await expectOk<Firm>(laptop.dispatch('firms.get', { id: created.id }))).name).toBe('聊城线上新型建材有限公司');
  });

  it('an edit made after the server applied the proposal but its answer was lost is applied on the retry', async () => {
    const created = await save(NEW_FIRM(makeCreditCode('91', '371502', 'MA3R8T2X'), '聊城断线建材有限公司'));
    aroundFirmPush = async (send) => {
      await send(); // the server applies the proposal…
      throw new TypeError('fetch failed: the answer was lost'); // …and the laptop never hears of it
    };
    await expect(expectOk(laptop.dispatch('sync.now', {}))).resolves.toMatchObject({ problem: 'network' });
    expect(await registerName(created.id)).toBe('聊城断线建材有限公司');
    expect(outbox(created.id)).toEqual([{ state: 'pending', name: '聊城断线建材有限公司' }]);

    await save({ ...NEW_FIRM(created.creditCode, '聊城断线新型建材有限公司'), id: created.id });
    await expectOk(laptop.dispatch('sync.now', {}));

    expect(await registerName(created.id)).toBe('聊城断线新型建材有限公司');
    expect(outbox(created.id)).toEqual([
      { state: 'done', name: '聊城断线建材有限公司' },
      { state: 'done', name: '聊城断线新型建材有限公司' },
    ]);
    expect((await expectOk<Firm>(laptop.dispatch('firms.get', { id: created.id }))).name).toBe('聊城断线新型建材有限公司');
  });

  it('once a proposal has left, its credit code and county stay as the register was told', async () => {
    const created = await save(NEW_FIRM(makeCreditCode('91', '371502', 'MA3R8T2Y'), '聊城身份建材有限公司'));
    aroundFirmPush = async (send) => {
      const moved = await laptop.dispatch('firms.save', { ...NEW_FIRM(created.creditCode, created.name), id: created.id, countyCode: '371521' });
      expect(moved).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { creditCode: 'validation.identitySent' } } });
      return send();
    };
    await expectOk(laptop.dispatch('sync.now', {}));
    expect((await server.stores.client.query<{ county_code: string }>('SELECT county_code FROM directory_firms WHERE id = $1', [created.id])).rows[0]?.county_code).toBe('371502');
  });

  it('a changed payload under a changeId the server already answered is refused by name, and the register keeps the first', async () => {
    const changeId = randomUUID();
    const firmId = `firm-${randomUUID()}`;
    const change = (name: string) => ({ changeId, firmId, baseVersion: null, creditCode: makeCreditCode('91', '371502', 'MA3R8T3A'), countyCode: '371502', values: { name, chainSegment: 'midstream' }, base: {} });
    const push = async (body: unknown) => {
      const res = await fetch(`${server.url}/api/v1/firms/changes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DEV_TOKEN}`, 'content-type': 'application/json', 'content-encoding': 'gzip', [PROTOCOL_HEADER]: '1' },
        body: gzipSync(JSON.stringify({ protocol: 1, changes: [body] })),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { results: { status: string; reasons?: string[] }[] }).results[0]!;
    };
    const first = await push(change('聊城首次建材有限公司'));
    expect(first, JSON.stringify(first)).toMatchObject({ status: 'proposed' });
    // The very same content again is a retry: the same answer.
    expect(await push(change('聊城首次建材有限公司'))).toMatchObject({ status: 'proposed' });
    expect(await push(change('聊城改过建材有限公司'))).toMatchObject({ status: 'rejected', reasons: ['changeId: validation.changeIdReused'] });
    expect(await registerName(firmId)).toBe('聊城首次建材有限公司');
  });
});
