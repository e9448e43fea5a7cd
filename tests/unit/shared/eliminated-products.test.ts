import { describe, expect, it } from 'vitest';
import { diagnosisSchema } from '../../../shared/domain/answers/diagnosis';
import { issueToKey } from '../../../shared/domain/validation-keys';
import { ELIMINATED_PRODUCTS, EliminatedEntry, suggestEliminated } from '../../../shared/reference/eliminated-products';
import { fullAnswers } from '../../fixtures/app';

const codes = (text: string, entries = ELIMINATED_PRODUCTS) => suggestEliminated(text, entries).map((e) => e.code);

describe('eliminated-products list', () => {
  it('holds the eleven quoted housing-ministry entries, each valid, with its source and date', () => {
    expect(ELIMINATED_PRODUCTS).toHaveLength(11);
    for (const entry of ELIMINATED_PRODUCTS) expect(EliminatedEntry.parse(entry)).toEqual(entry);
    expect(ELIMINATED_PRODUCTS.filter((e) => e.status === 'eliminated').map((e) => e.name)).toEqual(['有碱速凝剂', '废机油脱模剂', '纸胎油毡防水卷材', '再生料聚乙烯丙纶防水卷材', '非阻燃型密目式安全网', '非耐碱型玻璃纤维网格布']);
  });

  it('suggests entries whose name or keyword occurs in what the firm makes or uses, banned ones first, surer matches next', () => {
    expect(codes('')).toEqual([]);
    expect(codes('主要生产预拌混凝土和加气砌块')).toEqual([]);
    expect(codes('生产纸胎油毡')).toEqual(['MOHURD-2024-P06']);
    // "防水卷材" touches two banned membranes; a lawful SBS membrane firm is asked, not judged.
    expect(codes('SBS 改性沥青防水卷材')).toEqual(['MOHURD-2024-P06', 'MOHURD-2024-P07']);
    // Full-width or half-width brackets, spaces: the same product.
    expect(codes('防滑性能差的光面路面板(砖)')).toContain('MOHURD-2021-R12');
    // A banned product outranks a restricted one touched by a longer word.
    expect(codes('现场搅拌混凝土，喷射混凝土用速凝剂')).toEqual(['MOHURD-2021-P05', 'MOHURD-2024-R12']);
  });

  it('does not suggest a withdrawn entry', () => {
    const withdrawn = ELIMINATED_PRODUCTS.map((e) => (e.code === 'MOHURD-2024-P06' ? { ...e, active: false } : e));
    expect(codes('纸胎油毡', withdrawn)).toEqual([]);
  });
});

describe('the diagnosis rule for a confirmed eliminated product', () => {
  const schema = diagnosisSchema('complete', '2026-12-31');
  const errorsOf = (answers: object) => {
    const result = schema.safeParse(answers, { error: issueToKey });
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  const finding = { code: 'MOHURD-2024-P06', name: '纸胎油毡防水卷材', status: 'eliminated', use: 'makes' } as const;
  const problem = { id: '0190a000-0000-7000-8000-000000000001', category: 'eliminated_product', description: '生产纸胎油毡', urgency: 'high', dueDate: '2027-01-31' } as const;

  it('needs a problem of its own category for an eliminated entry, none for a restricted one', () => {
    expect(errorsOf(fullAnswers({ eliminated: { findings: [finding] } }))).toEqual(['eliminated.findings.0.problemId: validation.eliminatedNeedsProblem']);
    // Pointing at a problem of another category is not following it up.
    expect(errorsOf(fullAnswers({ eliminated: { findings: [{ ...finding, problemId: problem.id }] }, problems: [{ ...problem, category: 'market' }] }))).toEqual([
      'eliminated.findings.0.problemId: validation.eliminatedNeedsProblem',
    ]);
    expect(errorsOf(fullAnswers({ eliminated: { findings: [{ ...finding, problemId: problem.id }] }, problems: [problem] }))).toEqual([]);
    expect(errorsOf(fullAnswers({ eliminated: { findings: [{ code: 'MOHURD-2021-R11', name: '九格砖', status: 'restricted', use: 'uses', note: '用于园区人行道' }] } }))).toEqual([]);
  });

  it('refuses the same entry twice and an unknown status or use', () => {
    const twice = fullAnswers({ eliminated: { findings: [{ ...finding, problemId: problem.id }, { ...finding, use: 'uses', problemId: problem.id }] }, problems: [problem] });
    expect(errorsOf(twice)).toEqual(['eliminated.findings: validation.duplicate']);
    expect(errorsOf(fullAnswers({ eliminated: { findings: [{ ...finding, status: 'banned', use: 'sells' }] } } as never))).toEqual(
      expect.arrayContaining(['eliminated.findings.0.status: validation.notAllowed', 'eliminated.findings.0.use: validation.notAllowed']),
    );
  });
});
