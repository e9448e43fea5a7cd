import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Visit } from '../../../shared/domain/visit';
import type { XunlianApp } from '../../../electron/services/app';
import { dbDigest } from '../../fixtures/db-digest';
import { expectOk, fullAnswers, testApp } from '../../fixtures/app';

const NOW = new Date('2026-11-27T09:30:00+08:00');

describe('visits service (real SQLite file)', () => {
  let app: XunlianApp & { dataDir: string };
  beforeEach(() => {
    app = testApp({ now: () => NOW });
  });
  afterEach(() => app.close());

  it('saves a draft and restores every field and the section from the store', async () => {
    const { id } = await expectOk<{ id: string }>(
      app.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'diagnosis', answers: { peopleMet: '王' }, uiState: { section: 'problems' } }),
    );
    await expectOk(app.dispatch('visits.saveDraft', { id, firmId: 'demo-01', kind: 'diagnosis', answers: fullAnswers() }));
    const visit = await expectOk<Visit & { uiState: { section?: string } }>(app.dispatch('visits.get', { id }));
    expect(visit.answers).toEqual(fullAnswers());
    expect(visit.uiState).toEqual({ section: 'problems' });
    expect(visit.status).toBe('draft');
    expect(visit.syncState).toBe('local');
  });

  it('completes a visit: locked, hashed and queued in the outbox together', async () => {
    const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-02', kind: 'diagnosis', answers: {} }));
    const done = await expectOk<Visit>(app.dispatch('visits.complete', { id, answers: fullAnswers() }));
    expect(done).toMatchObject({ status: 'completed', syncState: 'waiting', revision: 1, completedAt: NOW.toISOString() });
    expect(done.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const outbox = app.db.prepare('SELECT visit_id, revision, content_hash, state FROM outbox').all();
    expect(outbox).toEqual([{ visit_id: id, revision: 1, content_hash: done.contentHash, state: 'pending' }]);

    const again = await app.dispatch('visits.saveDraft', { id, firmId: 'demo-02', kind: 'diagnosis', answers: { peopleMet: 'changed' } });
    expect(again).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    const twice = await app.dispatch('visits.complete', { id, answers: fullAnswers() });
    expect(twice).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(app.db.prepare('SELECT COUNT(*) AS n FROM outbox').get()).toEqual({ n: 1 });
  });

  it('refuses to complete an incomplete or impossible survey, naming the fields, and writes nothing', async () => {
    const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-03', kind: 'diagnosis', answers: {} }));
    const before = dbDigest(app.db);
    const result = await app.dispatch('visits.complete', {
      id,
      answers: { visitDate: '2026-12-30', peopleMet: '  ', problems: [{ category: 'land' }], conclusion: '' },
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        fields: { visitDate: 'validation.futureDate', peopleMet: 'validation.required', 'problems.0.description': 'validation.required', conclusion: 'validation.required' },
      },
    });
    const noProblem = await app.dispatch('visits.complete', { id, answers: fullAnswers({ problems: [], visitDate: '2026-02-30' }) });
    expect(noProblem).toMatchObject({ ok: false, error: { fields: { problems: 'validation.tooFew', visitDate: 'validation.badDate' } } });
    expect(dbDigest(app.db)).toBe(before);
  });

  it('keeps a draft on its firm', async () => {
    const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-03', kind: 'diagnosis', answers: {} }));
    const moved = await app.dispatch('visits.saveDraft', { id, firmId: 'demo-04', kind: 'diagnosis', answers: {} });
    expect(moved).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { firmId: 'validation.notAllowed' } } });
  });

  it('lists visits newest first with firm names and a total', async () => {
    for (const firmId of ['demo-01', 'demo-02', 'demo-03']) await expectOk(app.dispatch('visits.saveDraft', { firmId, kind: 'diagnosis', answers: fullAnswers() }));
    const list = await expectOk<{ items: { firmName: string }[]; total: number }>(app.dispatch('visits.list', { limit: 2 }));
    expect(list.total).toBe(3);
    expect(list.items).toHaveLength(2);
    expect(list.items[0]!.firmName).toMatch(/有限公司$/);
  });

  it('exports visits as UTF-8 CSV with a BOM and Chinese headers', async () => {
    const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'diagnosis', answers: {} }));
    await expectOk(app.dispatch('visits.complete', { id, answers: fullAnswers({ conclusion: '含逗号, 和"引号"' }) }));
    const outcome = await expectOk<{ status: string; path: string; rows: number }>(app.dispatch('exports.visitsCsv', {}));
    expect(outcome).toMatchObject({ status: 'saved', rows: 1 });
    const bytes = readFileSync(outcome.path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const [header, row] = text.split('\r\n');
    expect(header).toContain('企业名称');
    expect(header).toContain('走访结论');
    expect(row).toContain('聊城预拌混凝土有限公司');
    expect(row).toContain('东昌府区');
    expect(row).toContain('[融资] 流动资金紧张');
    expect(row).toContain('"含逗号, 和""引号"""');
  });
});
