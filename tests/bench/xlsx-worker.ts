/** Run as a child by the reports benchmark: one XLSX export, then its time and peak memory (VmHWM) as JSON. */
import { readFileSync } from 'node:fs';
import { createApp } from '../../electron/services/app';
import { fixedPathPlatform, expectOk } from '../fixtures/app';
import { uuidv7 } from '../../shared/domain/uuidv7';

const [dataDir, out] = process.argv.slice(2) as [string, string];
const app = createApp({ dataDir, serverUrl: 'http://127.0.0.1:9', token: '', officer: 'bench', platform: fixedPathPlatform(out), autoStartSync: false, demoData: false });
const rssBefore = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024;
const start = performance.now();
await expectOk(app.dispatch('exports.summaryXlsx', { filter: { from: '2000-01-01', to: '2100-12-31' }, jobId: uuidv7() }));
const seconds = (performance.now() - start) / 1000;
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
process.stdout.write(JSON.stringify({ seconds, peakMb: Number(hwm) / 1024, rssBefore }));
await app.close();
