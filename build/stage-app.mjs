// Stages exactly what the packaged app runs into .stage/app/, which electron-builder
// packs (directories.app). The main process, preload, worker and renderer are bundled,
// so the only package the app needs at run time is better-sqlite3-multiple-ciphers' JavaScript (its
// Electron build goes to resources/native/ as an extra resource). Packing the project
// folder instead would copy every production dependency — the server's Fastify, pg and
// PGlite, antd's sources, 1,900 font files — into the asar (304 MB).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
export const STAGE_DIR = join('.stage', 'app');

/** The packages the app loads at run time, with the files of each it needs. */
export const RUNTIME_PACKAGES = {
  'better-sqlite3-multiple-ciphers': ['package.json', 'lib', 'LICENSE'],
  // better-sqlite3(-multiple-ciphers) falls back to these when no nativeBinding is given; tiny, kept so that fallback works.
  bindings: ['package.json', 'bindings.js', 'LICENSE.md'],
  'file-uri-to-path': ['package.json', 'dist', 'LICENSE'],
};

/** Copies the bundles and runtime packages; returns the staged folder. */
export function stageApp(root = process.cwd()) {
  const stage = join(root, STAGE_DIR);
  for (const needed of ['dist/renderer/index.html', 'dist-electron/main.cjs', 'dist-electron/preload.cjs', 'dist-electron/xlsx-worker.cjs']) {
    if (!existsSync(join(root, needed))) throw new Error(`${needed} is missing: run \`npm run build\` first.`);
  }
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  const noMaps = (path) => !path.endsWith('.map'); // source maps stay on the build machine (13 MB)
  cpSync(join(root, 'dist', 'renderer'), join(stage, 'dist', 'renderer'), { recursive: true, filter: noMaps });
  cpSync(join(root, 'dist-electron'), join(stage, 'dist-electron'), { recursive: true, filter: noMaps });

  const project = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const dependencies = {};
  for (const [name, files] of Object.entries(RUNTIME_PACKAGES)) {
    const from = dirname(require.resolve(`${name}/package.json`, { paths: [root] }));
    for (const file of files) {
      if (existsSync(join(from, file))) cpSync(join(from, file), join(stage, 'node_modules', name, file), { recursive: true });
    }
    const manifest = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8'));
    dependencies[name] = manifest.version;
    if (manifest.dependencies?.['prebuild-install']) {
      // Only its install step downloads prebuilt binaries; the app never loads it.
      delete manifest.dependencies['prebuild-install'];
      writeFileSync(join(stage, 'node_modules', name, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    }
  }
  const { name, productName, version, description, author, license, homepage } = project;
  const appPackage = { name, productName, version, description, author, license, homepage, main: project.main, dependencies };
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(appPackage, null, 2)}\n`);
  return stage;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`Staged the app in ${stageApp()}`);
}
