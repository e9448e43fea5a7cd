// Bundles the Electron main process, the preload and the XLSX worker (options in esbuild-options.mjs).
import { build } from 'esbuild';
import { ELECTRON_BUNDLE, ELECTRON_ENTRIES } from './esbuild-options.mjs';

for (const [entry, out] of Object.entries(ELECTRON_ENTRIES)) {
  await build({ ...ELECTRON_BUNDLE, entryPoints: [entry], outfile: `dist-electron/${out}` });
}
console.log(`Built ${Object.values(ELECTRON_ENTRIES).map((o) => `dist-electron/${o}`).join(', ')}`);
