// What `hozen --help` loads: the CLI and commander, never a store driver or an engine's heavy
// dependency (each command loads its use case with `await import()`, and the build keeps that
// split). Run as `node bin/hozen.js`, from the build when it is current, else from the sources.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/hozen.js');
const dir = mkdtempSync(join(tmpdir(), 'hozen-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The packages a run of `hozen args` loads, by name. */
async function packagesLoaded(args: string[]): Promise<Set<string>> {
  const log = join(dir, 'loaded.txt');
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(hooks, `import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  const result = await next(specifier, context);\n  appendFileSync(${JSON.stringify(log)}, result.url + '\\n');\n  return result;\n}\n`);
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify('file://' + hooks)});\n`);
  writeFileSync(log, '');
  await promisify(execFile)(process.execPath, ['--import', register, BIN, ...args], { env: { ...process.env, HOZEN_LANG: 'en' } });
  const names = new Set<string>();
  for (const url of readFileSync(log, 'utf8').split('\n')) {
    const m = url.match(/\/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
    if (m !== null) names.add(m[1]!);
  }
  return names;
}

describe('start-up', () => {
  it('hozen --help and --version load no store driver, drizzle or engine dependency', async () => {
    for (const args of [['--help'], ['--version']]) {
      const loaded = await packagesLoaded(args);
      expect(loaded.has('commander')).toBe(true);
      for (const heavy of ['@electric-sql/pglite', 'pg', 'drizzle-orm', 'echarts', 'hono', 'zod', 'pg-boss']) expect(loaded, `${args.join(' ')} loads ${heavy}`).not.toContain(heavy);
    }
  });
});
