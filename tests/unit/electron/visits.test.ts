import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProblemRecord, ProblemWithTrail } from '../../../shared/domain/problem';
import type { Visit, VisitRevision } from '../../../shared/domain/visit';
import type { XunlianApp } from '../../../electron/services/app';
import { dbDigest } from '../../fixtures/db-digest';
import { expectOk, fixedPathPlatform, fullAnswers, testApp } from '../../fixtures/app';

const NOW = new Date('2026-11-27T09:30:00+08:00');
type FullVisit = Visit & { uiState: { section?: string }; revisions: VisitRevision[]; attachments: { id: string; fileName: string; size: number; sha256: string }[] };

describe('visits service (real SQLite file)', () => {
  let app: XunlianApp & { dataDir: string };
  const draft = async (firmId: string, kind: Visit['kind'] = 'diagnosis', answers: Record<string, unknown> = {}) =>
    (await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId, kind, answers }))).id;
  const complete = async (firmId: string, answers: Record<string, unknown> = fullAnswers(), kind: Visit['kind'] = 'diagnosis') => {
    const id = await draft(firmId, kind);
    return expectOk<Visit>(app.dispatch('visits.complete', { id, answers }));
  };

  beforeEach(() => {
    app = testApp({ now: () => NOW });
  });
  afterEach(() => app.close());

  it('saves a draft and restores every field and the section from the store', async () => {
    const { id } = await expectOk<{ id: string }>(
      app.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'diagnosis', answers: { people: [{ name: '王' }] }, uiState: { section: 'problems' } }),
    );
    await expectOk(app.dispatch('visits.saveDraft', { id, firmId: 'demo-01', kind: 'diagnosis', answers: fullAnswers() }));
    const visit = await expectOk<FullVisit>(app.dispatch('visits.get', { id }));
    expect(visit.answers).toEqual(fullAnswers({ problems: visit.answers.problems as never }));
    expect(visit.uiState).toEqual({ section: 'problems' });
    expect(visit).toMatchObject({ status: 'draft', syncState: 'local', revision: 1 });
  });

  it('keeps half-typed impossible numbers in a draft, but refuses them at completion', async () => {
    const id = await draft('demo-01', 'diagnosis', { operations: { employees: -5 } });
    const result = await app.dispatch('visits.complete', { id, answers: fullAnswers({ operations: { employees: -5, revenue: 100 } as never, rnd: { spend: 150 } as never }) });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { 'operations.employees': 'validation.tooSmall', 'rnd.spend': 'validation.shareOver100' } } });
  });

  it('completes a visit: locked, hashed, its problems live, queued in the outbox together', async () => {
    const done = await complete('demo-02');
    expect(done).toMatchObject({ status: 'completed', syncState: 'waiting', revision: 1, completedAt: NOW.toISOString() });
    expect(done.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(app.db.prepare('SELECT visit_id, revision, content_hash, state FROM outbox').all()).toEqual([
      { visit_id: done.id, revision: 1, content_hash: done.contentHash, state: 'pending' },
    ]);
    const problems = await expectOk<{ items: ProblemRecord[] }>(app.dispatch('problems.list', { firmId: 'demo-02' }));
    expect(problems.items).toMatchObject([{ category: 'financing', status: 'open', department: '市委金融办', raisedVisitId: done.id }]);
    const firm = await expectOk<{ lastVisitAt: string; openProblems: number }>(app.dispatch('firms.get', { id: 'demo-02' }));
    expect(firm).toMatchObject({ lastVisitAt: '2026-11-20', openProblems: 1 });

    expect(await app.dispatch('visits.saveDraft', { id: done.id, firmId: 'demo-02', kind: 'diagnosis', answers: {} })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(await app.dispatch('visits.complete', { id: done.id, answers: fullAnswers() })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(app.db.prepare('SELECT COUNT(*) AS n FROM outbox').get()).toEqual({ n: 1 });
  });

  it('refuses an incomplete or impossible survey, naming the fields, and writes nothing', async () => {
    const id = await draft('demo-03');
    const before = dbDigest(app.db);
    const answers = fullAnswers({ visitDate: '2026-12-30', people: [{ name: ' ' }], conclusion: '' });
    (answers.problems as { description: string }[])[0]!.description = '';
    const result = await app.dispatch('visits.complete', { id, answers });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { visitDate: 'validation.futureDate', 'people.0.name': 'validation.required', 'problems.0.description': 'validation.required', conclusion: 'validation.required' } },
    });
    const noFinancing = await app.dispatch('visits.complete', { id, answers: fullAnswers({ financing: undefined, visitDate: '2026-02-30' }) });
    expect(noFinancing).toMatchObject({ ok: false, error: { fields: { 'financing.amount': 'validation.required', visitDate: 'validation.badDate' } } });
    const oversize = await app.dispatch('visits.complete', { id, answers: fullAnswers({ recommendations: 'x'.repeat(1024 * 1024) }) });
    expect(oversize).toMatchObject({ ok: false, error: { fields: { recommendations: 'validation.tooLong' } } });
    expect(dbDigest(app.db)).toBe(before);
  });

  it('amends a completed visit as a new revision, keeping the earlier one readable and queuing the new one', async () => {
    const first = await complete('demo-01');
    const reopened = await expectOk<Visit>(app.dispatch('visits.amend', { id: first.id }));
    expect(reopened).toMatchObject({ status: 'draft', revision: 2 });
    // The amendment also corrects the visit date (it was the 18th, not the 20th).
    const amended = fullAnswers({ visitDate: '2026-11-18', conclusion: '修订：已协调两家银行', problems: first.answers.problems as never });
    const second = await expectOk<Visit>(app.dispatch('visits.complete', { id: first.id, answers: amended }));
    expect(second).toMatchObject({ status: 'completed', revision: 2, syncState: 'waiting' });
    expect(second.contentHash).not.toBe(first.contentHash);
    const full = await expectOk<FullVisit>(app.dispatch('visits.get', { id: first.id }));
    expect(full.revisions.map((r) => [r.revision, r.answers.conclusion])).toEqual([
      [2, '修订：已协调两家银行'],
      [1, '建议对接银行召开融资对接会'],
    ]);
    expect(app.db.prepare('SELECT revision FROM outbox WHERE visit_id = ? ORDER BY revision').pluck().all(first.id)).toEqual([1, 2]);
    // Same problem ids: the problem is updated, not duplicated.
    expect((await expectOk<{ total: number }>(app.dispatch('problems.list', { firmId: 'demo-01' }))).total).toBe(1);
    // The firm's last visit follows the counted (latest) revision, not the superseded date.
    expect(await expectOk(app.dispatch('firms.get', { id: 'demo-01' }))).toMatchObject({ lastVisitAt: '2026-11-18' });
  });

  it('follows a problem up to resolved, with the trail of which visit changed what', async () => {
    const diagnosis = await complete('demo-04');
    const problemId = (diagnosis.answers.problems as { id: string }[])[0]!.id;
    const followup = (status: string, note: string) => ({ visitDate: '2026-11-25', peopleMet: '王建国', updates: [{ problemId, status, note, ...(status === 'resolved' ? { callback: { how: 'visit', on: '2026-11-25', verdict: 'satisfied' } } : {}) }] });
    const f1 = await complete('demo-04', followup('in_progress', '已约见两家银行'), 'followup');
    const f2 = await complete('demo-04', followup('resolved', '续贷 2000 万元已放款'), 'followup');
    const trail = await expectOk<ProblemWithTrail>(app.dispatch('problems.get', { id: problemId }));
    expect(trail.status).toBe('resolved');
    expect(trail.resolvedAt).toBe(NOW.toISOString());
    expect(trail.events.map((e) => [e.visitId, e.fromStatus, e.toStatus, e.note])).toEqual([
      [diagnosis.id, null, 'open', ''],
      [f1.id, 'open', 'in_progress', '已约见两家银行'],
      [f2.id, 'in_progress', 'resolved', '续贷 2000 万元已放款'],
    ]);
    // Each step is dated by its visit (the day the officer knows it by), not by when it was recorded.
    expect(trail.events.map((e) => e.visitDate)).toEqual([diagnosis.answers.visitDate, '2026-11-25', '2026-11-25']);
    const open = await expectOk<{ total: number }>(app.dispatch('problems.list', { openOnly: true }));
    // Resolved with the firm's word, it stays on the officer's open list, waiting for a supervisor's 销号 (issue 31).
    expect(open.total).toBe(1);
    expect((open as unknown as { items: { stage: string }[] }).items[0]!.stage).toBe('resolved');
  });

  it("refuses a follow-up on another firm's problem and writes nothing", async () => {
    const diagnosis = await complete('demo-05');
    const problemId = (diagnosis.answers.problems as { id: string }[])[0]!.id;
    const id = await draft('demo-06', 'followup');
    const before = dbDigest(app.db);
    const result = await app.dispatch('visits.complete', { id, answers: { visitDate: '2026-11-25', peopleMet: '张', updates: [{ problemId, status: 'resolved', note: '—', callback: { how: 'phone', on: '2026-11-25', verdict: 'satisfied', note: '' } }] } });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { updates: 'validation.unknownProblem' } } });
    expect(dbDigest(app.db)).toBe(before);
  });

  it('lists open problems overdue first', async () => {
    const mk = (dueDate: string, description: string) => fullAnswers({ problems: [{ id: crypto.randomUUID(), category: 'land', description, urgency: 'normal', dueDate }], financing: undefined });
    await complete('demo-07', mk('2026-12-20', '用地指标'));
    await complete('demo-08', mk('2026-11-21', '环评审批'));
    const list = await expectOk<{ items: ProblemRecord[] }>(app.dispatch('problems.list', { openOnly: true }));
    expect(list.items.map((p) => [p.description, p.overdue])).toEqual([
      ['环评审批', true],
      ['用地指标', false],
    ]);
  });

  it('attaches files to a draft (copied into the data folder), lists and removes them; a completed visit is locked', async () => {
    const source = join(app.dataDir, '营业执照.jpg');
    writeFileSync(source, Buffer.alloc(4096, 7));
    const platform = fixedPathPlatform(join(app.dataDir, 'x.csv'), [source]);
    await app.close();
    app = testApp({ dataDir: app.dataDir, platform, now: () => NOW });
    const id = await draft('demo-01');
    const list = await expectOk<FullVisit['attachments']>(app.dispatch('attachments.pick', { visitId: id }));
    expect(list).toMatchObject([{ fileName: '营业执照.jpg', size: 4096 }]);
    expect(list[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const opened = await expectOk<{ status: string; path: string }>(app.dispatch('attachments.open', { id: list[0]!.id }));
    expect(readFileSync(opened.path)).toEqual(readFileSync(source));
    // Another program opens a user-only temporary copy; the copy in the data folder stays encrypted.
    expect(opened.path.startsWith(app.dataDir)).toBe(false);
    expect(statSync(opened.path).mode & 0o777).toBe(0o600);
    const [stored] = readdirSync(join(app.dataDir, 'attachments', id));
    expect(readFileSync(join(app.dataDir, 'attachments', id, stored!)).includes(Buffer.alloc(64, 7))).toBe(false);
    await expectOk(app.dispatch('attachments.remove', { id: list[0]!.id }));
    expect((await expectOk<FullVisit>(app.dispatch('visits.get', { id }))).attachments).toEqual([]);
    await expectOk(app.dispatch('attachments.pick', { visitId: id }));
    await expectOk(app.dispatch('visits.complete', { id, answers: fullAnswers() }));
    expect(await app.dispatch('attachments.pick', { visitId: id })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    // The opened copy goes when the app quits.
    await app.close();
    expect(existsSync(opened.path)).toBe(false);
    app = testApp({ dataDir: app.dataDir, platform, now: () => NOW });
  });

  it('exports visits as UTF-8 CSV with a BOM and Chinese headers', async () => {
    await complete('demo-01', fullAnswers({ conclusion: '含逗号, 和"引号"' }));
    const outcome = await expectOk<{ status: string; path: string; rows: number }>(app.dispatch('exports.visitsCsv', {}));
    expect(outcome).toMatchObject({ status: 'saved', rows: 1 });
    const bytes = readFileSync(outcome.path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, row] = bytes.toString('utf8').slice(1).split('\r\n');
    expect(header).toContain('企业名称');
    expect(row).toContain('聊城预拌混凝土有限公司');
    expect(row).toContain('东昌府区');
    expect(row).toContain('王建国（总经理）');
    expect(row).toContain('[融资] 流动资金紧张');
    expect(row).toContain('"含逗号, 和""引号"""');
    // Each row carries its review (审核): waiting, then what the supervisor decided about this revision.
    expect(header!.endsWith(',审核状态')).toBe(true);
    expect(row!.endsWith(',待审核')).toBe(true);
  });

  it('the CSV says a visit was returned, and that its amendment waits for a new review', async () => {
    const visit = await complete('demo-01', fullAnswers());
    app.db.prepare(`INSERT INTO visit_reviews (id, visit_id, revision, verdict, comment, reviewer, reviewed_at, received_at) VALUES ('r1', ?, 1, 'return', '请补充金额', 'zhao', '2026-12-01T02:00:00Z', '2026-12-01T02:00:01Z')`).run(visit.id);
    const lastCell = async () => {
      const outcome = await expectOk<{ path: string }>(app.dispatch('exports.visitsCsv', {}));
      return readFileSync(outcome.path, 'utf8').split('\r\n')[1]!.split(',').at(-1);
    };
    expect(await lastCell()).toBe('退回·需修改');
    await expectOk(app.dispatch('visits.amend', { id: visit.id }));
    await expectOk(app.dispatch('visits.complete', { id: visit.id, answers: fullAnswers({ conclusion: '已补充' }) }));
    expect(await lastCell()).toBe('已修改待复核');
  });
});
