import { localToday } from '../../shared/domain/visit';
import type { Db } from '../../db/open';
import { searchFirms } from '../../db/repositories/firms';
import { pinyinInitials } from '../../db/pinyin';
import { testApp } from '../fixtures/app';
import { generateFirms, rng } from './generate';
import { percentile, sized, type Benchmark } from './harness';

const FIRMS = sized(20_000, 2_000);
const RUNS = sized(300, 30);

/** The baseline: a plain LIKE scan of the same columns with the same order, page and count. */
function likeSearch(db: Db, q: string) {
  const like = `%${q}%`;
  const where = 'name LIKE @like OR address LIKE @like OR credit_code LIKE @like OR initials LIKE @like';
  const rows = db.prepare(`SELECT * FROM firms WHERE ${where} ORDER BY CASE key_tier WHEN 'key' THEN 0 WHEN 'cultivated' THEN 1 ELSE 2 END, name LIMIT 20`).all({ like });
  const total = db.prepare(`SELECT COUNT(*) FROM firms WHERE ${where}`).pluck().get({ like });
  return { rows, total };
}

function p95(queries: string[], run: (q: string) => unknown): number {
  for (const q of queries.slice(0, 20)) run(q); // warm up
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const q = queries[i % queries.length]!;
    const start = performance.now();
    run(q);
    samples.push(performance.now() - start);
  }
  return percentile(samples, 95);
}

/** Directory of 20,000 generated firms: search p95 for 3+ Chinese characters, 2 characters and pinyin initials, against LIKE. */
export const firmSearch: Benchmark = {
  name: 'firm-search',
  description: 'search a directory of 20,000 firms (p95 of 300 queries each)',
  async run() {
    const app = testApp({ demoData: false });
    const firms = generateFirms(app.db, FIRMS);
    const random = rng(11);
    const slice = (text: string, len: number) => {
      const start = Math.floor(random() * (text.length - len));
      return text.slice(start, start + len);
    };
    const sample = () => firms[Math.floor(random() * firms.length)]!;
    const long = Array.from({ length: 100 }, () => slice(sample().name.replace(/有限公司$/, ''), 3 + Math.floor(random() * 2)));
    const short = Array.from({ length: 100 }, () => slice(sample().name.replace(/有限公司$/, ''), 2));
    const initials = Array.from({ length: 100 }, () => pinyinInitials(sample().name).slice(0, 4));
    const today = localToday();
    const ours = (q: string) => searchFirms(app.db, { query: q, limit: 20 }, today);

    const buildStart = performance.now();
    ours('x'); // first search after a write builds the in-memory index
    const buildMs = performance.now() - buildStart;

    const figures = [
      { name: 'firm_search_3plus_chars_p95', queries: long },
      { name: 'firm_search_2_chars_p95', queries: short },
      { name: 'firm_search_pinyin_initials_p95', queries: initials },
    ].map(({ name, queries }) => ({
      name,
      value: p95(queries, ours),
      unit: 'ms',
      goal: 5,
      goalReason: 'results follow the officer’s typing, keystroke by keystroke',
      better: 'lower' as const,
      baseline: p95(queries, (q) => likeSearch(app.db, q)),
    }));
    await app.close();
    return [...figures, { name: 'firm_search_index_build', value: buildMs, unit: 'ms', goal: 300, better: 'lower' as const, goalReason: 'the first search after start answers at once' }];
  },
};
