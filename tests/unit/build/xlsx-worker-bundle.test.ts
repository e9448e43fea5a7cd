import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildOptions } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../fixtures/processes';

describe('the XLSX worker bundle', () => {
  // Each module the worker loads is memory it holds while it writes (the export's peak, issue 24):
  // the schema library alone took 18 MB, pulled in by a constant or two next to a schema.
  it('loads no schema library and no summary counting', async () => {
    const { build } = await import('esbuild');
    const { ELECTRON_BUNDLE } = (await import(pathToFileURL(join(ROOT, 'build/esbuild-options.mjs')).href)) as { ELECTRON_BUNDLE: BuildOptions };
    const result = await build({ ...ELECTRON_BUNDLE, sourcemap: false, metafile: true, write: false, entryPoints: [join(ROOT, 'electron/services/xlsx-worker.ts')], outfile: join(ROOT, 'dist-electron', 'xlsx-worker.cjs') });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((path) => path.includes('node_modules/zod/'))).toEqual([]);
    expect(inputs.filter((path) => /summary-facts|summary-fact-store|repositories\/summary\.ts/.test(path))).toEqual([]);
    expect(inputs).toContain('electron/services/xlsx-writer.ts');
  }, 60_000);
});
