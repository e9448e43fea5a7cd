import { describe, expect, it } from 'vitest';
import { bankKey, bankMatcher, bankNameFor } from '../../../shared/domain/banks';
import { answersSchema } from '../../../shared/domain/answers';
import { BANKS } from '../../../shared/reference/banks';
import { matchRecordedBanks, seedBanks, upsertReferenceItem } from '../../../db/repositories/reference';
import { testApp } from '../../fixtures/app';

describe('one bank is one bank', () => {
  const matcher = bankMatcher(BANKS);

  it('matches a bank by its name or a short name, whatever the spacing, width or company suffix', () => {
    expect(matcher.canonical('中国农业银行聊城分行')).toBe('中国农业银行聊城分行');
    expect(matcher.canonical('农业银行聊城分行')).toBe('中国农业银行聊城分行');
    expect(matcher.canonical(' 农行 ')).toBe('中国农业银行聊城分行');
    expect(matcher.canonical('中国农业银行 聊城分行')).toBe('中国农业银行聊城分行');
    expect(matcher.canonical('山东聊城农村商业银行股份有限公司')).toBe('山东聊城农村商业银行');
    expect(bankKey('ＡＢＣ－Bank')).toBe(bankKey('abc bank'));
    // Unknown: kept as typed (trimmed), never guessed.
    expect(matcher.canonical('东昌村镇银行')).toBeNull();
    expect(bankNameFor(matcher, ' 东昌村镇银行 ')).toBe('东昌村镇银行');
  });

  it('never lets a short name take a name another bank holds', () => {
    const m = bankMatcher([
      { name: '甲银行', aliases: ['乙银行'] },
      { name: '乙银行', aliases: [] },
    ]);
    expect(m.canonical('乙银行')).toBe('乙银行');
  });

  it('matches the steps recorded before the list (an upgrade), and again when the list changes', () => {
    const app = testApp({ demoData: false });
    try {
      const db = app.db;
      db.exec(`INSERT INTO firms (id, credit_code, name, county_code, chain_segment, updated_at) VALUES ('f1', 'X', '甲', '371502', 'midstream', '2026-01-01');
        INSERT INTO visits (id, firm_id, kind, officer, status, revision, answers, created_at, updated_at) VALUES ('v1', 'f1', 'diagnosis', 'o', 'completed', 1, '{}', '2026-01-01', '2026-01-01'),
          ('v2', 'f1', 'followup', 'o', 'completed', 1, '{}', '2026-01-02', '2026-01-02'), ('v3', 'f1', 'followup', 'o', 'completed', 1, '{}', '2026-01-03', '2026-01-03');
        INSERT INTO problems (id, firm_id, raised_visit_id, category, description, created_at, updated_at) VALUES ('p1', 'f1', 'v1', 'financing', 'd', '2026-01-01', '2026-01-01');
        INSERT INTO financing_steps (problem_id, visit_id, revision, bank, stage, on_date) VALUES ('p1', 'v2', 1, '农行', 'referred', '2026-01-02'), ('p1', 'v3', 1, '东昌村镇银行', 'referred', '2026-01-03');`);
      seedBanks(db, BANKS); // the app seeded it at start already: nothing twice
      expect(matchRecordedBanks(db)).toBe(1);
      expect(db.prepare('SELECT bank FROM financing_steps ORDER BY on_date').pluck().all()).toEqual(['中国农业银行聊城分行', '东昌村镇银行']);
      // The bureau adds the village bank, with the name the officer typed as a short name.
      upsertReferenceItem(db, { kind: 'bank', code: 'B-DCV', name: '聊城东昌村镇银行', group: '村镇银行', sort: 99, active: true, detail: { aliases: ['东昌村镇银行'] } });
      expect(matchRecordedBanks(db)).toBe(1);
      expect(db.prepare('SELECT bank FROM financing_steps ORDER BY on_date').pluck().all()).toEqual(['中国农业银行聊城分行', '聊城东昌村镇银行']);
    } finally {
      app.close();
    }
  });
});

describe("a patrol's problems", () => {
  const patrol = (problems: unknown[]) => answersSchema('patrol', 'complete', '2026-12-06').safeParse({ visitDate: '2026-11-20', peopleMet: '李', summary: '正常', problems });
  const problem = { id: '01a21037-7680-7000-8000-000000000001', category: 'labour', description: '缺技工', urgency: 'normal' };

  it('follow the diagnosis rules: categories, due no earlier than the visit, each id once', () => {
    expect(patrol([problem]).success).toBe(true);
    expect(patrol([]).success).toBe(true);
    // A patrol from before patrols raised problems has no list at all: still complete (the server takes old laptops' patrols).
    expect(answersSchema('patrol', 'complete', '2026-12-06').safeParse({ visitDate: '2026-11-20', peopleMet: '李', summary: '正常' }).success).toBe(true);
    expect(patrol([{ ...problem, category: 'aliens' }]).success).toBe(false);
    expect(patrol([{ ...problem, dueDate: '2026-11-01' }]).error?.issues[0]).toMatchObject({ path: ['problems', 0, 'dueDate'], message: 'validation.dueBeforeVisit' });
    expect(patrol([problem, problem]).error?.issues[0]).toMatchObject({ path: ['problems'], message: 'validation.duplicate' });
  });
});
