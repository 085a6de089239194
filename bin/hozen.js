#!/usr/bin/env node
// The hozen command. It runs the build (dist/js/, made by `npm ci` through the prepare script,
// scripts/build.mjs) when it is there and no source it was built from has changed since; else the
// TypeScript sources through tsx, which compiles them on the fly (a checkout being edited, or an
// install that skipped scripts). HOZEN_FROM_SOURCES=1 asks for the sources.
import { readFileSync, statSync } from 'node:fs';

const ROOT = new URL('../', import.meta.url);
const BUILD = new URL('dist/js/', ROOT);

function buildIsCurrent() {
  if (process.env.HOZEN_FROM_SOURCES === '1') return false;
  try {
    const manifest = new URL('build.json', BUILD);
    const built_ms = statSync(manifest).mtimeMs;
    const { inputs } = JSON.parse(readFileSync(manifest, 'utf8'));
    return inputs.every((file) => statSync(new URL(file, ROOT)).mtimeMs <= built_ms);
  } catch {
    return false;
  }
}

let main;
if (buildIsCurrent()) {
  ({ main } = await import(new URL('main.js', BUILD).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
