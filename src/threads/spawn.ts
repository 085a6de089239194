// Starts a worker thread from its TypeScript module, wherever Hozen runs from: from the sources
// (tsx or vitest) through the one tsx entry, from the build (dist/js/, scripts/build.mjs) as the
// compiled entry of the same name. Worker modules are named `*-worker.ts`: the build makes each
// one an entry point of its own, named after the file, beside the chunks that hold this module.

import { basename } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** This module runs compiled (a chunk of the build), not from its TypeScript source. */
const COMPILED = !import.meta.url.endsWith('.ts');

export function spawnWorker(module: URL, options: WorkerOptions = {}): Worker {
  const name = basename(module.pathname);
  if (!name.endsWith('-worker.ts')) throw new Error(`worker modules are named *-worker.ts: ${module.href}`);
  if (COMPILED) return new Worker(new URL(`./${name.slice(0, -'.ts'.length)}.js`, import.meta.url), options);
  return new Worker(new URL('./tsx-entry.mjs', import.meta.url), { ...options, argv: [module.href, ...(options.argv ?? [])] });
}
