// Builds dist/js/, what bin/hozen.js runs when it is there and up to date: the sources bundled by
// esbuild, so that a command starts without compiling TypeScript. Run by `npm ci` (the prepare
// script), or by hand with `npm run build`.
//
// - Entry points: the CLI (src/cli/main.ts) and every worker module (`*-worker.ts`, named after
//   its file: src/threads/spawn.ts finds them so). Code splitting keeps what each command loads
//   with `await import()` out of the others' start-up: `--help` loads neither PGlite nor pg.
// - Packages stay external, loaded from node_modules as they are (PGlite's WebAssembly, native
//   modules): only Hozen's own sources are bundled.
// - dist/js/ is two levels below the root, as src/<module>/ is, so paths a module takes relative
//   to itself (../../package.json, ../../examples/) resolve alike; the store's migrations are
//   copied beside the chunks, where src/store/adapter.ts looks for them.
// - build.json, written last, lists the sources bundled: bin/hozen.js falls back to the sources
//   when one of them is newer than the build (a checkout being edited).

import { build } from 'esbuild';
import { cpSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT = join(ROOT, 'dist/js');
const STAGING = join(ROOT, `dist/js.${process.pid}`);

const workers = readdirSync(join(ROOT, 'src'), { recursive: true })
  .filter((file) => file.endsWith('-worker.ts') && !file.split('/').includes('fixtures'))
  .map((file) => join('src', file));
const entryPoints = { main: join(ROOT, 'src/cli/main.ts') };
for (const file of workers) {
  const name = basename(file, '.ts');
  if (name in entryPoints) throw new Error(`two worker modules named ${name}: worker file names must be unique`);
  entryPoints[name] = join(ROOT, file);
}

rmSync(STAGING, { recursive: true, force: true });
const result = await build({
  entryPoints,
  outdir: STAGING,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  metafile: true,
  logLevel: 'warning',
});
cpSync(join(ROOT, 'src/store/migrations'), join(STAGING, 'migrations'), { recursive: true });
const inputs = Object.keys(result.metafile.inputs)
  .map((file) => relative(ROOT, join(ROOT, file)))
  .filter((file) => file.startsWith('src/'))
  .sort();
writeFileSync(join(STAGING, 'build.json'), JSON.stringify({ inputs }, null, 1) + '\n');
rmSync(OUT, { recursive: true, force: true });
renameSync(STAGING, OUT);
console.log(`hozen: built dist/js/ (${inputs.length} sources, ${workers.length} worker modules)`);
