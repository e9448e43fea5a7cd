// Type-checks the Node side and the DOM side at once (two tsc processes on two cores): the
// sequential pair took a minute of CI. Fails if either fails, with both outputs shown.
import { spawn } from 'node:child_process';

const run = (project) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ project, code, output }));
  });

const results = await Promise.all(['tsconfig.node.json', 'tsconfig.dom.json'].map(run));
for (const r of results) if (r.output.trim()) process.stdout.write(`${r.project}:\n${r.output}`);
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
