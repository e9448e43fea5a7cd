import { uuidv7 } from '../../shared/domain/uuidv7';
import { expectOk, fullAnswers, testApp } from '../fixtures/app';
import { percentile, sized, type Benchmark } from './harness';

const RUNS = sized(400, 40);

/** A full diagnosis draft: every section filled, ten problems. */
function bigDraft(i: number) {
  const base = fullAnswers({ conclusion: `第 ${i} 次保存：${'建议召开银企对接会，协调解决用地指标。'.repeat(20)}` });
  return {
    ...base,
    problems: Array.from({ length: 10 }, (_, k) => ({ id: uuidv7(), category: 'financing' as const, description: `问题 ${k}：${'流动资金紧张，贷款审批周期长。'.repeat(10)}`, urgency: 'high' as const, department: '市委金融办' })),
  };
}

/**
 * Autosave of a full diagnosis draft through the real dispatcher (validation, write,
 * fsync with synchronous=FULL), against the bare UPDATE of the same JSON.
 */
export const autosave: Benchmark = {
  name: 'autosave',
  description: 'autosave of a full diagnosis draft (validation + write + fsync)',
  async run() {
    const app = testApp();
    const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'diagnosis', answers: {} }));
    const drafts = Array.from({ length: 20 }, (_, i) => bigDraft(i));
    const ours: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      await expectOk(app.dispatch('visits.saveDraft', { id, firmId: 'demo-01', kind: 'diagnosis', answers: drafts[i % drafts.length]!, uiState: { section: 'problems' } }));
      ours.push(performance.now() - start);
    }
    const bare = app.db.prepare('UPDATE visits SET answers = ? WHERE id = ?');
    const base: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const json = JSON.stringify(drafts[i % drafts.length]);
      const start = performance.now();
      bare.run(json, id);
      base.push(performance.now() - start);
    }
    await app.close();
    return [{ name: 'autosave_full_draft_p99', value: percentile(ours, 99), unit: 'ms', goal: 15, better: 'lower', baseline: percentile(base, 99), goalReason: 'a person typing: each keystroke’s draft on disk before the next' }];
  },
};
