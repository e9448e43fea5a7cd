// Bundles the Electron main process and the preload as CommonJS (a sandboxed
// preload cannot be an ES module). better-sqlite3 stays external: it is native.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, external: ['electron', 'better-sqlite3', 'pg', '@electric-sql/pglite'], logLevel: 'warning' };

await build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist-electron/main.cjs' });
await build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist-electron/preload.cjs' });
console.log('Built dist-electron/main.cjs and dist-electron/preload.cjs');
