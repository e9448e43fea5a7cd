import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceImportReport, ReferenceListItem } from '../../shared/api/reference-lists';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { BANKS } from '../../shared/reference/banks';
import { expectOk, fullAnswers, testApp } from '../fixtures/app';
import { inProcessServer, type InProcessServer } from '../fixtures/server-in-process';
import { SERVER_STORES } from '../fixtures/server-stores';

const csv = (rows: string[][]) => Buffer.from(`\uFEFF${rows.map((r) => r.join(',')).join('\r\n')}\r\n`);
const HEADER = ['编码', '名称', '分组', '别名'];

/**
 * The bureau's bank list (issue 26), kept in one place: an administrator imports it with a dry
 * run and its source; the server refuses a list where a short name belongs to two banks; laptops
 * get it with the next pull and count a step typed under any of a bank's names as that bank —
 * steps typed before too; names no entry matches are listed for the administrator to map.
 */
describe.each(SERVER_STORES)('the bank list (%s)', (store) => {
  let server: InProcessServer;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    server = await inProcessServer(store, [
      { username: 'root', role: 'admin', counties: null },
      { username: 'wang', counties: ['371502'] },
    ]);
    await server.stores.directory.upsertReference(BANKS.map((b, sort) => ({ kind: 'bank', code: b.code, name: b.name, group: b.group, sort, active: true, detail: { aliases: b.aliases } })));
    for (const username of ['root', 'wang']) {
      const res = await fetch(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'correct horse 1', deviceName: 'pc' }) });
      tokens[username] = ((await res.json()) as { token: string }).token;
    }
  }, 120_000);
  afterAll(() => server?.close());

  const importList = async (rows: string[][], query: string, who = 'root') => {
    const res = await fetch(`${server.url}/api/v1/reference/bank/import?${query}`, { method: 'POST', headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/octet-stream' }, body: csv(rows) });
    return { status: res.status, body: (await res.json()) as ReferenceImportReport };
  };
  const unmatched = async () => ((await (await fetch(`${server.url}/api/v1/reference-unmatched/bank`, { headers: { authorization: `Bearer ${tokens.root}` } })).json()) as { names: { name: string; steps: number }[] }).names;

  it('imports with a dry run and a source, refuses a short name of two banks, reaches the laptop, and one bank counts as one', async () => {
    const app = testApp({ token: '' });
    try {
      await expectOk(app.dispatch('account.signIn', { serverUrl: server.url, username: 'wang', password: 'correct horse 1' }));
      // An officer refers a firm to a bank the list does not know yet, under a name of their own.
      const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'diagnosis', answers: {} }));
      const diagnosis = await expectOk<{ answers: { problems: { id: string }[] } }>(app.dispatch('visits.complete', { id, answers: fullAnswers() }));
      const problemId = diagnosis.answers.problems[0]!.id;
      const followup = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { id: uuidv7(), firmId: 'demo-01', kind: 'followup', answers: {} }));
      await expectOk(app.dispatch('visits.complete', { id: followup.id, answers: { visitDate: '2026-11-22', peopleMet: '王', updates: [{ problemId, status: 'in_progress', note: '推荐至村镇银行', financing: { bank: '东昌村镇银行', stage: 'referred', on: '2026-11-22' } }] } }));
      await app.sync.syncNow();
      expect(await unmatched()).toEqual([{ name: '东昌村镇银行', steps: 1 }]);

      // The officer may not touch the list.
      expect((await importList([HEADER], 'apply=1&source=x', 'wang')).status).toBe(403);
      // A short name may belong to one bank only: refused, row by row, nothing written.
      const clash = await importList([HEADER, ['B-ABC', '中国农业银行聊城分行', '国有大型银行', '农行、农业银行'], ['B-DCV', '聊城东昌村镇银行', '村镇银行', '农行'], ['B-DCV', '重复编码银行', '', '']], 'apply=1&source=test');
      expect(clash.body).toMatchObject({ applied: false, errors: [expect.objectContaining({ row: 3, key: 'nameTaken' }), expect.objectContaining({ row: 4, key: 'duplicateCode' })] });
      // The new list: the village bank added with the name the officer wrote as a short name; one bank left out (withdrawn).
      const list = [HEADER, ...BANKS.slice(0, -1).map((b) => [b.code, b.name, b.group, b.aliases.join('、')]), ['B-DCV', '聊城东昌村镇银行', '村镇银行', '东昌村镇银行、东昌村镇']];
      const dryRun = await importList(list, '');
      expect(dryRun.body).toMatchObject({ applied: false, counts: { added: 1, changed: 0, withdrawn: 1, unchanged: BANKS.length - 1 }, errors: [] });
      expect((await importList(list, 'apply=1')).body).toMatchObject({ applied: false, errors: [{ key: 'sourceRequired' }] });
      expect((await importList(list, `apply=1&source=${encodeURIComponent('聊城市金融办 2026 年银行名录')}`)).body).toMatchObject({ applied: true, counts: { added: 1, withdrawn: 1 } });
      const items = ((await (await fetch(`${server.url}/api/v1/reference/bank`, { headers: { authorization: `Bearer ${tokens.root}` } })).json()) as { items: ReferenceListItem[] }).items;
      expect(items.find((i) => i.code === BANKS.at(-1)!.code)).toMatchObject({ active: false });
      expect(await unmatched()).toEqual([]);
      const audited = (await server.stores.client.query<{ detail: Record<string, unknown> | string }>(`SELECT detail FROM audit_log WHERE action = 'reference.changed'`)).rows;
      expect(audited.map((r) => (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail))).toEqual([{ added: 1, changed: 0, withdrawn: 1, source: '聊城市金融办 2026 年银行名录' }]);

      // The laptop's next pull brings the list, and the step typed before counts as the list's bank.
      await app.sync.syncNow();
      const banks = await expectOk<{ name: string; aliases?: string[] }[]>(app.dispatch('reference.list', { kind: 'bank' }));
      expect(banks.find((b) => b.name === '聊城东昌村镇银行')?.aliases).toEqual(['东昌村镇银行', '东昌村镇']);
      expect(banks.some((b) => b.name === BANKS.at(-1)!.name)).toBe(false);
      const trail = await expectOk<{ financing: { bank: string }[] }>(app.dispatch('problems.get', { id: problemId }));
      expect(trail.financing.map((s) => s.bank)).toEqual(['聊城东昌村镇银行']);
    } finally {
      await app.close();
    }
  }, 120_000);
});
