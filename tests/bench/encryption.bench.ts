import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { localToday } from '../../shared/domain/visit';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { openDb, type Db } from '../../db/open';
import { demoFirms } from '../../db/demo/demo-firms';
import { searchFirms, upsertFirm } from '../../db/repositories/firms';
import { insertDraft, listVisits, updateDraft } from '../../db/repositories/visits';
import { fullAnswers } from '../fixtures/app';
import { tempDir } from '../fixtures/processes';
import { generateFirms, rng } from './generate';
import { percentile, sized, type Benchmark } from './harness';
import { seedVisitRows } from './visit-list.bench';

const FIRMS = sized(20_000, 2_000);
const VISITS = sized(50_000, 2_000);
const RUNS = sized(300, 30);

/** One store with the directory, 50,000 visits and a draft: encrypted with a key, or plain. */
function store(key: Buffer | null): { db: Db; draftId: string; names: string[] } {
  const db = openDb(join(tempDir(key ? 'bench-encrypted' : 'bench-plain'), 'xunlian.db'), key ? { key } : {});
  const now = new Date().toISOString();
  db.transaction(() => demoFirms(now).forEach((f) => upsertFirm(db, f)))();
  const names = generateFirms(db, FIRMS).map((f) => f.name);
  seedVisitRows(db, VISITS);
  const draftId = uuidv7();
  insertDraft(db, { id: draftId, firmId: 'demo-01', kind: 'diagnosis', officer: '服务专员', answers: {}, uiState: {}, now });
  return { db, draftId, names };
}

/** Runs `work` on both stores in turn, so the machine's noise falls on both alike; returns [encrypted, plain] samples. */
function sideBySide(work: (db: Db, i: number, draftId: string) => void, encrypted: ReturnType<typeof store>, plain: ReturnType<typeof store>): [number[], number[]] {
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < RUNS; i++) {
    for (const [slot, s] of [[0, encrypted], [1, plain]] as const) {
      const start = performance.now();
      work(s.db, i, s.draftId);
      samples[slot].push(performance.now() - start);
    }
  }
  return samples;
}

/**
 * What encryption at rest costs the officer: the same autosave, directory search and visit
 * list on an encrypted store and on a plain one, built alike and measured in turn in one run.
 */
export const encryption: Benchmark = {
  name: 'encryption',
  description: 'autosave, directory search and the 50,000-visit list: encrypted store against a plain one',
  async run() {
    const encrypted = store(randomBytes(32));
    const plain = store(null);
    try {
      const drafts = Array.from({ length: 20 }, (_, i) => fullAnswers({ conclusion: `第 ${i} 次保存：${'建议召开银企对接会，协调解决用地指标。'.repeat(20)}` }));
      const [saveEnc, savePlain] = sideBySide((db, i, id) => updateDraft(db, { id, answers: drafts[i % drafts.length]!, uiState: { section: 'problems' }, now: new Date().toISOString() }), encrypted, plain);
      const random = rng(5);
      const queries = Array.from({ length: 100 }, () => {
        const name = encrypted.names[Math.floor(random() * encrypted.names.length)]!.replace(/有限公司$/, '');
        const at = Math.floor(random() * (name.length - 3));
        return name.slice(at, at + 3);
      });
      const today = localToday();
      // The first search builds the in-memory index (firm-search measures that); here the searches after it.
      for (const s of [encrypted, plain]) searchFirms(s.db, { query: 'x', limit: 20 }, today);
      const [searchEnc, searchPlain] = sideBySide((db, i) => searchFirms(db, { query: queries[i % queries.length]!, limit: 20 }, today), encrypted, plain);
      const [listEnc, listPlain] = sideBySide((db, i) => listVisits(db, {}, 100, (i % 50) * 100), encrypted, plain);
      // Each figure: the encrypted store's percentile; baseline, the plain store's in the same run.
      const figure = (name: string, enc: number[], base: number[], p: number) => ({ name, value: percentile(enc, p), unit: 'ms', baseline: percentile(base, p), goalRatio: 1.3, better: 'lower' as const });
      return [
        figure('encrypted_autosave_p99', saveEnc, savePlain, 99),
        figure('encrypted_firm_search_p95', searchEnc, searchPlain, 95),
        figure('encrypted_visit_list_p95', listEnc, listPlain, 95),
      ];
    } finally {
      encrypted.db.close();
      plain.db.close();
    }
  },
};
