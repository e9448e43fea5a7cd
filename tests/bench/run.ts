// `npm run bench` runs all; `npm run bench -- NAME` runs one; `--quick` runs small sizes
// (CI: proves each benchmark still runs; its goals are not judged). A full run exits 1
// when any figure misses its goal, 2 when a benchmark fails to run.
if (process.argv.includes('--quick')) process.env.XUNLIAN_BENCH_QUICK = '1';
// `npm run bench -- --table`: the README's figures table from the last run's result files, nothing measured.
if (process.argv.includes('--table')) {
  const { figuresTable } = await import('./harness');
  console.log(figuresTable());
  process.exit(0);
}

// Every store and export of the run in one folder, removed at the end (tests/fixtures/temp-root.ts).
const { openTempRoot } = await import('../fixtures/temp-root');
const closeTempRoot = openTempRoot();
process.on('exit', closeTempRoot);
// PostgreSQL's figures are part of every run (started here if need be), unless XUNLIAN_SKIP_POSTGRES=1 says otherwise.
const { ensureTestPostgres, NO_POSTGRES_MESSAGE } = await import('../fixtures/test-postgres');
let stopPostgres: () => void = () => {};
try {
  stopPostgres = await ensureTestPostgres();
} catch {
  console.error(NO_POSTGRES_MESSAGE);
  process.exit(2);
}
process.on('exit', () => stopPostgres());

// Imported after the flag is set: the benchmarks read their sizes when they load.
const { finish, record, recordMachine, QUICK } = await import('./harness');
const { ALL } = await import('./all');

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const selected = wanted.length ? ALL.filter((b) => wanted.includes(b.name)) : ALL;
if (selected.length === 0) {
  console.error(`No benchmark named ${wanted.join(', ')}. Known: ${ALL.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
recordMachine();
const missed: string[] = [];
const failed: string[] = [];
const absent: string[] = [];
for (const bench of selected) {
  console.log(`\n▶ ${bench.name}: ${bench.description}${QUICK ? ' (quick sizes)' : ''}`);
  try {
    const figures = await bench.run();
    // A benchmark that produced nothing was skipped: a run that should judge it has not.
    if (figures.length === 0 && !process.env.XUNLIAN_SKIP_POSTGRES) absent.push(bench.name);
    for (const raw of figures) {
      const figure = finish(raw);
      record(raw, figure);
      if (!figure.meets) missed.push(figure.name);
    }
  } catch (error) {
    console.error(`FAILED  ${bench.name}: ${(error as Error).stack ?? String(error)}`);
    failed.push(bench.name);
  }
}
console.log(`\nResults written to tests/bench/results/${QUICK ? 'quick/' : ''}`);
if (failed.length || absent.length) {
  if (failed.length) console.error(`Benchmarks that did not run: ${failed.join(', ')}`);
  if (absent.length) console.error(`Benchmarks that produced no figure: ${absent.join(', ')}`);
  process.exit(2);
}
if (QUICK) {
  console.log('Quick run: every benchmark ran; goals are judged on full runs only.');
} else if (missed.length) {
  console.error(`Figures that miss their goals: ${missed.join(', ')}`);
  process.exit(1);
}
process.exit(0);
export {};
