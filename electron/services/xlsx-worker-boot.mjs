// Starts the TypeScript XLSX worker under tsx (web shell, tests, benchmarks).
// The Electron build bundles xlsx-worker.ts itself as dist-electron/xlsx-worker.cjs.
import { tsImport } from 'tsx/esm/api';

await tsImport('./xlsx-worker.ts', import.meta.url);
