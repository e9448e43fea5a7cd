// The Electron security gate: electronegativity over electron/, failing on any
// HIGH or MEDIUM finding (SARIF levels "error"/"warning") that is not disabled
// in the code with an `eng-disable` comment saying why. electronegativity always
// exits 0, so we read its SARIF. A self-check on a deliberately insecure fixture
// proves the tool actually ran and still finds problems.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ELECTRON_VERSION = '41.7.1';

function scan(input) {
  const out = join(mkdtempSync(join(tmpdir(), 'xunlian-eneg-')), 'report.sarif');
  spawnSync(process.execPath, ['node_modules/@doyensec/electronegativity/dist/index.js', '-i', input, '-o', out, '-e', ELECTRON_VERSION, '-r'], { stdio: 'ignore', timeout: 180_000 });
  if (!existsSync(out)) throw new Error(`electronegativity produced no report for ${input}`);
  const results = JSON.parse(readFileSync(out, 'utf8')).runs?.[0]?.results ?? [];
  return results.map((r) => ({
    rule: r.ruleId,
    level: r.level,
    file: r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '?',
    line: r.locations?.[0]?.physicalLocation?.region?.startLine ?? '?',
    message: r.message?.text ?? '',
  }));
}

const blocking = (findings) => findings.filter((f) => f.level === 'error' || f.level === 'warning');

const selfCheck = blocking(scan('tests/fixtures/insecure-electron'));
if (selfCheck.length === 0) {
  console.error('Security gate self-check failed: electronegativity found nothing in the insecure fixture. Is the tool working?');
  process.exit(1);
}

const findings = scan('electron');
const bad = blocking(findings);
for (const f of findings) console.log(`${bad.includes(f) ? 'BLOCKING' : 'ok (low)'}  ${f.rule}  ${f.file}:${f.line}  ${f.message}`);
if (bad.length > 0) {
  console.error(`Electron security gate: ${bad.length} HIGH/MEDIUM finding(s). Fix them, or add an eng-disable comment that says why.`);
  process.exit(1);
}
console.log(`Electron security gate passed (self-check caught ${selfCheck.length} finding(s) in the insecure fixture).`);
