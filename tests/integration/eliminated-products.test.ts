import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EliminatedEntry } from '../../shared/reference/eliminated-products';
import type { ProblemRecord } from '../../shared/domain/problem';
import type { Visit } from '../../shared/domain/visit';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { expectOk, fullAnswers, testApp } from '../fixtures/app';
import { freePort, serverAdmin, serverVisits, startCentralServer, tempDir } from '../fixtures/processes';
import { SERVER_STORES, storeEnv } from '../fixtures/server-stores';

/** An import file in the shape of the reference file shipped with the product: sources by id under _meta. */
const importFile = (entries: object[]) =>
  JSON.stringify({ _meta: { sources: [{ id: 'test2026', title: '测试用淘汰目录（第一批）', issuer: '测试发布机关', date: '2026-06-01' }] }, entries });
const NEW_ENTRY = { code: 'TEST-2026-P01', name: '测试用淘汰砌块', kind: 'product', status: 'eliminated', category: 'concrete', source: 'test2026', section: '禁止类 第1项', keywords: ['淘汰砌块'] };

describe.each(SERVER_STORES)('the eliminated-products list, from the bureau to the laptop and back (%s)', (store) => {
  const dir = tempDir('eliminated');
  const dataDir = join(dir, 'data');
  let env: Record<string, string>;
  let url: string;
  let server: Awaited<ReturnType<typeof startCentralServer>>;
  let app: ReturnType<typeof testApp>;

  beforeAll(async () => {
    env = await storeEnv(store, dataDir);
    const admin = (args: string[]) => serverAdmin(dataDir, args, undefined, env);
    expect(admin(['seed-directory']).status).toBe(0);

    // A file with a bad entry writes nothing and names each problem.
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, importFile([NEW_ENTRY, { ...NEW_ENTRY }, { code: 'TEST-2026-P02', name: '无来源日期的条目', kind: 'product', status: 'banned', source: '无' }]));
    const refused = admin(['eliminated-import', '--file', bad, '--apply']);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/第 2 条（TEST-2026-P01）：编号重复/);
    expect(refused.stdout).toMatch(/第 3 条（TEST-2026-P02）：.*status.*sourceDate/s);
    expect(admin(['eliminated-list']).stdout).not.toMatch(/TEST-2026-P01/);

    const good = join(dir, 'good.json');
    writeFileSync(good, importFile([NEW_ENTRY]));
    expect(admin(['eliminated-import', '--file', good]).stdout).toMatch(/试导入（未写入）：1 条/);
    expect(admin(['eliminated-import', '--file', good, '--apply']).stdout).toMatch(/新增 1 条/);
    expect(admin(['eliminated-withdraw', '--code', 'MOHURD-2021-R11']).stdout).toMatch(/已撤销/);
    const listed = admin(['eliminated-list']).stdout;
    expect(listed).toMatch(/共 12 条，其中有效 11 条/);
    expect(listed).toMatch(/\[已撤销 withdrawn\] MOHURD-2021-R11/);

    const port = await freePort();
    server = await startCentralServer({ port, dataDir, env });
    url = server.url;
    app = testApp({ serverUrl: url, demoData: true });
  });
  afterAll(async () => {
    await app?.close();
    await server?.stop();
  });

  it('reaches the laptop with the directory pull: the bureau’s entries with their source, withdrawn ones gone', async () => {
    const seeded = await expectOk<EliminatedEntry[]>(app.dispatch('reference.eliminated', {}));
    expect(seeded.map((e) => e.code)).toContain('MOHURD-2021-R11'); // the seed, before any pull
    await expectOk(app.dispatch('sync.now', {}));
    const list = await expectOk<EliminatedEntry[]>(app.dispatch('reference.eliminated', {}));
    expect(list.map((e) => e.code)).not.toContain('MOHURD-2021-R11');
    expect(list.find((e) => e.code === 'TEST-2026-P01')).toEqual({
      code: 'TEST-2026-P01', name: '测试用淘汰砌块', kind: 'product', status: 'eliminated', source: '测试用淘汰目录（第一批）', issuer: '测试发布机关', sourceDate: '2026-06-01', section: '禁止类 第1项', keywords: ['淘汰砌块'], active: true,
    });
  });

  it('a confirmed eliminated product must raise its problem: refused without it by the laptop and by the server, followed up with it', async () => {
    const finding = { code: 'TEST-2026-P01', name: '测试用淘汰砌块', status: 'eliminated', use: 'makes', note: '' } as const;
    const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-02', kind: 'diagnosis', answers: {} }));
    const without = fullAnswers({ eliminated: { products: '生产淘汰砌块', findings: [finding] } });
    const refused = await app.dispatch('visits.complete', { id, answers: without });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { 'eliminated.findings.0.problemId': 'validation.eliminatedNeedsProblem' } } });

    const problemId = uuidv7();
    const problem = { id: problemId, category: 'eliminated_product', description: '企业生产明令淘汰的建材产品：测试用淘汰砌块', helpRequested: '停止生产', department: '市住房和城乡建设局', urgency: 'high', dueDate: '2026-12-31' } as const;
    const answers = fullAnswers({ eliminated: { products: '生产淘汰砌块', findings: [{ ...finding, problemId }] }, problems: [problem] });
    await expectOk<Visit>(app.dispatch('visits.complete', { id, answers }));
    await expectOk(app.dispatch('sync.now', {}));
    expect((await serverVisits(url)).visits.map((v) => v.id)).toContain(id);
    const open = await expectOk<{ items: ProblemRecord[] }>(app.dispatch('problems.list', { openOnly: true }));
    expect(open.items.find((p) => p.id === problemId)).toMatchObject({ category: 'eliminated_product', status: 'open', firmId: 'demo-02' });

    // The server judges for itself: the same rule refuses a pushed visit whose banned product raised nothing.
    const payload = JSON.parse((app.db.prepare('SELECT payload FROM outbox WHERE visit_id = ?').get(id) as { payload: string }).payload) as Record<string, unknown>;
    const { contentHash: _h, ...body } = payload;
    const forged = { ...body, id: uuidv7(), answers: without };
    const { contentHash } = await import('../../shared/domain/canonical');
    const res = await fetch(`${url}/api/v1/visits/batch`, {
      method: 'POST',
      headers: { authorization: 'Bearer xunlian-dev-token', 'content-type': 'application/json' },
      body: JSON.stringify({ protocol: 1, visits: [{ ...forged, contentHash: await contentHash(forged) }] }),
    });
    const result = (await res.json()) as { results: { status: string; reasons: string[] }[] };
    expect(result.results[0]).toMatchObject({ status: 'rejected', reasons: ['answers.eliminated.findings.0.problemId: validation.eliminatedNeedsProblem'] });
  });
});
