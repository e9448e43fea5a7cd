import { finish, record, type Benchmark } from './harness';
import { autosave } from './autosave.bench';
import { firmSearch } from './firm-search.bench';
import { pushThrottled } from './push-throttled.bench';
import { registerImport } from './register-import.bench';
import { registerSync } from './register-sync.bench';
import { reports } from './reports.bench';
import { serverIngest } from './server-ingest.bench';
import { supervisorPull } from './supervisor-pull.bench';
import { syncPush } from './sync-push.bench';
import { visitList } from './visit-list.bench';

/** `npm run bench` runs all; `npm run bench -- NAME` runs one. */
const ALL: Benchmark[] = [firmSearch, autosave, visitList, syncPush, pushThrottled, serverIngest, supervisorPull, reports, registerImport, registerSync];

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
