// Deliberate, plausible breaks of guarantees users rely on (issue 24). Each patch is applied
// in a scratch copy of this working tree and the tests it names are run there: a failing run
// means the break was caught. `npm run mutations` (CI need not run it: a few minutes).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const mutations = JSON.parse(readFileSync(join(root, 'tests/mutations/mutations.json'), 'utf8'));
const only = process.argv.slice(2);
const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);

/** A copy of the working tree with `patch` applied (none: the control), the named tests run in it. */
function runIn(patch, tests) {
  const scratch = mkdtempSync(join(tmpdir(), 'xunlian-mutation-'));
  try {
    for (const file of files) {
      mkdirSync(dirname(join(scratch, file)), { recursive: true });
      try {
        cpSync(join(root, file), join(scratch, file));
      } catch {
        // a file deleted in the working tree but still listed
      }
    }
    symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'));
    if (patch) execFileSync('git', ['apply', join(root, 'tests/mutations', patch)], { cwd: scratch });
    const run = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...tests], { cwd: scratch, encoding: 'utf8', env: { ...process.env, CI: '', NO_COLOR: '1', FORCE_COLOR: '0' } });
    // Caught means a test failed on an assertion, not that the copy failed to run.
    return { passed: run.status === 0, testsFailed: /Tests\s+.*\d+ failed/.test(run.stdout), output: run.stdout + run.stderr };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const chosen = mutations.filter((m) => only.length === 0 || only.some((name) => m.patch.includes(name)));
const control = runIn(null, [...new Set(chosen.flatMap((m) => m.tests))]);
if (!control.passed) {
  console.error(`The unbroken copy does not pass the named tests; nothing can be judged:\n${control.output.slice(-3000)}`);
  process.exit(2);
}
let survived = 0;
for (const m of chosen) {
  const result = runIn(m.patch, m.tests);
  const caught = !result.passed && result.testsFailed;
  if (!caught) survived++;
  console.log(`${caught ? 'caught  ' : 'SURVIVED'}  ${m.patch}: ${m.what}`);
}
console.log(survived === 0 ? 'Every break was caught.' : `${survived} break(s) survived: a test should fail for each.`);
process.exitCode = survived === 0 ? 0 : 1;
