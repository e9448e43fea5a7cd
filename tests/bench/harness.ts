import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
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
  /** Why a goal is absolute rather than a ratio to a same-run baseline (a person's perception, a laptop's memory). */
  goalReason?: string;
}

/**
 * What a benchmark reports. A goal that depends on the machine is a ratio to a baseline
 * measured in the same run (`goalRatio`: the goal is goalRatio × baseline); `goal` is an
 * absolute bound. With both, the stricter one applies.
 */
export type RawFigure = Omit<Figure, 'meets' | 'ratio' | 'goal'> & { goal?: number; goalRatio?: number };

export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<RawFigure[]>;
}

/** `npm run bench -- --quick`: small sizes, to prove every benchmark still runs (CI); goals are judged on full runs only. */
export const QUICK = process.env.XUNLIAN_BENCH_QUICK === '1';
export const sized = (full: number, quick: number): number => (QUICK ? quick : full);

export const RESULTS_DIR = join(ROOT, 'tests', 'bench', 'results', ...(QUICK ? ['quick'] : []));

export function finish(raw: RawFigure): Figure {
  const { goalRatio, goal: absolute, ...rest } = raw;
  const bounds: number[] = [];
  if (absolute !== undefined) bounds.push(absolute);
  if (goalRatio !== undefined) {
    if (raw.baseline === undefined || !(raw.baseline > 0)) throw new Error(`${raw.name}: a ratio goal needs a baseline measured in the same run`);
    bounds.push(goalRatio * raw.baseline);
  }
  if (bounds.length === 0) throw new Error(`${raw.name}: no goal`);
  if (goalRatio === undefined && !raw.goalReason) throw new Error(`${raw.name}: an absolute goal must say why it is not a ratio to a same-run baseline (goalReason)`);
  const goal = raw.better === 'lower' ? Math.min(...bounds) : Math.max(...bounds);
  const meets = raw.better === 'lower' ? raw.value <= goal : raw.value >= goal;
  const figure: Figure = { ...rest, goal, meets };
  if (raw.baseline !== undefined && raw.baseline !== 0) figure.ratio = Number((raw.value / raw.baseline).toFixed(3));
  return figure;
}

/** How the goal reads beside a figure: "≤ 10.00", "≥ 0.40 × baseline (1496)". */
function goalText(raw: RawFigure, figure: Figure, round: (n: number) => string): string {
  const cmp = figure.better === 'lower' ? '≤' : '≥';
  const parts = [...(raw.goal !== undefined ? [`${round(raw.goal)}`] : []), ...(raw.goalRatio !== undefined ? [`${raw.goalRatio} × baseline`] : [])];
  return `${cmp} ${parts.join(' and ')}${raw.goalRatio !== undefined ? ` = ${round(figure.goal)}` : ''}`;
}

export function record(raw: RawFigure, figure: Figure): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${figure.name}.json`), `${JSON.stringify(figure, null, 2)}\n`);
  const round = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2));
  const base = figure.baseline !== undefined ? `  baseline ${round(figure.baseline)} ${figure.unit} (ratio ${figure.ratio})` : '';
  const verdict = QUICK ? 'quick ' : figure.meets ? 'MEETS ' : 'MISSES';
  const why = raw.goalRatio === undefined && raw.goalReason ? `  [absolute: ${raw.goalReason}]` : '';
  console.log(`${verdict}  ${figure.name}: ${round(figure.value)} ${figure.unit}  (goal ${goalText(raw, figure, round)})${base}${why}`);
}

/** The machine a run measured on, written beside its figures so every figure can be traced to one. */
export function recordMachine(): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const cpu = cpus();
  writeFileSync(join(RESULTS_DIR, '_machine.json'), `${JSON.stringify({ cores: cpu.length, cpu: cpu[0]?.model ?? '?', node: process.version, platform: `${process.platform} ${process.arch}`, at: new Date().toISOString() }, null, 2)}\n`);
}

/** The README's figures table, from the result files of the last run. */
export function figuresTable(): string {
  if (!existsSync(RESULTS_DIR)) return 'No results yet: run `npm run bench` first.';
  const machine = existsSync(join(RESULTS_DIR, '_machine.json')) ? (JSON.parse(readFileSync(join(RESULTS_DIR, '_machine.json'), 'utf8')) as { cores: number; cpu: string; node: string; at: string }) : null;
  const figures = readdirSync(RESULTS_DIR)
    .filter((f) => f.endsWith('.json') && !f.startsWith('_'))
    .map((f) => JSON.parse(readFileSync(join(RESULTS_DIR, f), 'utf8')) as Figure)
    .sort((a, b) => a.name.localeCompare(b.name));
  const round = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));
  const lines = [
    machine ? `Measured ${machine.at.slice(0, 10)} on ${machine.cores} cores (${machine.cpu}), Node ${machine.node}.` : 'Machine not recorded.',
    '',
    '| figure | value | goal | baseline (ratio) | meets |',
    '| --- | --- | --- | --- | --- |',
    ...figures.map((f) => `| \`${f.name}\` | ${round(f.value)} ${f.unit} | ${f.better === 'lower' ? '≤' : '≥'} ${round(f.goal)}${f.goalReason ? ` (absolute: ${f.goalReason})` : ''} | ${f.baseline !== undefined ? `${round(f.baseline)} (${f.ratio})` : '—'} | ${f.meets ? 'yes' : '**no**'} |`),
  ];
  return lines.join('\n');
}

/**
 * The baseline of bytes per pushed visit: the batches' own JSON, as the engine sends it
 * ({protocol, visits}), each gzipped as one stream, divided by the visits.
 */
export function gzipPerVisitInBatches(payloads: readonly unknown[], batchSize: number): number {
  let bytes = 0;
  for (let i = 0; i < payloads.length; i += batchSize) bytes += gzipSync(JSON.stringify({ protocol: 1, visits: payloads.slice(i, i + batchSize) })).byteLength;
  return bytes / payloads.length;
}

/** The real alternatives to batching: each visit's JSON sent on its own, plain and gzipped, bytes per visit. */
export function perVisitAlternatives(payloads: readonly unknown[]): { plainJson: number; gzipEach: number } {
  let plain = 0;
  let gzipped = 0;
  for (const p of payloads) {
    const json = JSON.stringify({ protocol: 1, visits: [p] });
    plain += Buffer.byteLength(json);
    gzipped += gzipSync(json).byteLength;
  }
  return { plainJson: plain / payloads.length, gzipEach: gzipped / payloads.length };
}

/** The 95th percentile of `runs` timed calls (ms), after `warmUp` untimed ones. */
export function p95Of(run: () => unknown, runs: number, warmUp = 5): number {
  for (let i = 0; i < warmUp; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return percentile(samples, 95);
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
