import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../fixtures/processes';

/** One measured figure, as written to tests/bench/results/<name>.json. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  goal: number;
  better: 'lower' | 'higher';
  meets: boolean;
  baseline?: number;
  ratio?: number;
}

export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<Omit<Figure, 'meets' | 'ratio'>[]>;
}

export const RESULTS_DIR = join(ROOT, 'tests', 'bench', 'results');

export function finish(raw: Omit<Figure, 'meets' | 'ratio'>): Figure {
  const meets = raw.better === 'lower' ? raw.value <= raw.goal : raw.value >= raw.goal;
  const figure: Figure = { ...raw, meets };
  if (raw.baseline !== undefined && raw.baseline !== 0) figure.ratio = Number((raw.value / raw.baseline).toFixed(3));
  return figure;
}

export function record(figure: Figure): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${figure.name}.json`), `${JSON.stringify(figure, null, 2)}\n`);
  const round = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2));
  const cmp = figure.better === 'lower' ? '≤' : '≥';
  const base = figure.baseline !== undefined ? `  baseline ${round(figure.baseline)} ${figure.unit} (ratio ${figure.ratio})` : '';
  console.log(`${figure.meets ? 'MEETS ' : 'MISSES'}  ${figure.name}: ${round(figure.value)} ${figure.unit}  (goal ${cmp} ${round(figure.goal)})${base}`);
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
