// The esbuild options of the Electron bundles, shared by build-electron.mjs and the
// test that runs the bundled XLSX worker. CommonJS (a sandboxed preload cannot be an
// ES module); better-sqlite3-multiple-ciphers stays external: it is native.
export const ELECTRON_BUNDLE = {
  // import.meta.url only finds the tsx boot file of the XLSX worker, which the bundle never uses (main.ts passes xlsx-worker.cjs).
  define: { 'import.meta.url': 'undefined' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external: ['electron', 'better-sqlite3-multiple-ciphers', 'pg', '@electric-sql/pglite'],
  logLevel: 'warning',
};

/** entry → output name in dist-electron/ */
export const ELECTRON_ENTRIES = {
  'electron/main.ts': 'main.cjs',
  'electron/preload.ts': 'preload.cjs',
  // The XLSX export runs in a worker thread; main.ts passes this file's path to createApp.
  'electron/services/xlsx-worker.ts': 'xlsx-worker.cjs',
};
