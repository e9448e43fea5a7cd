import { finish, record, type Benchmark } from './harness';
import { syncPush } from './sync-push.bench';

/** `npm run bench` runs all; `npm run bench -- NAME` runs one. */
const ALL: Benchmark[] = [syncPush];

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const selected = wanted.length ? ALL.filter((b) => wanted.includes(b.name)) : ALL;
if (selected.length === 0) {
  console.error(`No benchmark named ${wanted.join(', ')}. Known: ${ALL.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
for (const bench of selected) {
  console.log(`\n▶ ${bench.name}: ${bench.description}`);
  for (const raw of await bench.run()) record(finish(raw));
}
console.log('\nResults written to tests/bench/results/');
