import type { Benchmark } from './harness';
import { autosave } from './autosave.bench';
import { firmSearch } from './firm-search.bench';
import { pushThrottled } from './push-throttled.bench';
import { registerImport } from './register-import.bench';
import { registerSync } from './register-sync.bench';
import { reports } from './reports.bench';
import { serverIngest } from './server-ingest.bench';
import { supervisorPull } from './supervisor-pull.bench';
import { problemPull } from './problem-pull.bench';
import { syncPush } from './sync-push.bench';
import { visitList } from './visit-list.bench';
import { loadLaptops } from './load.bench';
import { coverage, dueList } from './due-list.bench';
import { supervision } from './demands.bench';
import { encryption } from './encryption.bench';

export const ALL: Benchmark[] = [firmSearch, autosave, visitList, syncPush, pushThrottled, serverIngest, supervisorPull, problemPull, reports, registerImport, registerSync, dueList, coverage, supervision, encryption, loadLaptops];
