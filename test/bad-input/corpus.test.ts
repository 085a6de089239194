// Every case of the bad-input corpus (cases.ts) through the CLI in-process, on a real embedded
// store: exit 2, the expected code at the expected file and line, no stack trace, nothing stored.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { createTestDatabase, type TestDatabase } from '../../src/store/testing.ts';
import { applyCase, commandFor, writeBase } from './base.ts';
import { BAD_CASES, type BadCase } from './cases.ts';

interface Outcome {
  exit_code: number;
  stderr: string;
  issues: Array<{ code: string; file?: string; line?: number; params?: Record<string, unknown> }>;
  error?: string;
}

async function run(work: string, c: BadCase, index: number, env: NodeJS.ProcessEnv): Promise<Outcome> {
  const dir = join(work, `case-${index}`);
  await writeBase(dir);
  await applyCase(dir, c);
  const result = await runCli(commandFor(dir, c.target, join(dir, 'out')), env);
  let body: { error?: string; issues?: Outcome['issues'] } = {};
  try {
    body = JSON.parse(result.stdout);
  } catch {
    // Not JSON: the stderr assertions say what happened.
  }
  await rm(dir, { recursive: true, force: true });
  return { exit_code: result.exit_code, stderr: result.stderr, issues: body.issues ?? [], ...(body.error === undefined ? {} : { error: body.error }) };
}

const STACK_LINE = /^\s+at .+[:(]/m;

describe('the bad-input corpus', () => {
  let database: TestDatabase;
  let work: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    work = await mkdtemp(join(tmpdir(), 'hozen-bad-'));
    const { DATABASE_URL: _url, HOZEN_DB: _db, LANG: _lang, LC_ALL: _lc, ...rest } = process.env;
    env = { ...rest, HOZEN_DB: database.dir!, HOZEN_LANG: 'en' };
  });

  const tally: string[] = [];
  afterAll(async () => {
    // HOZEN_CORPUS_REPORT=file: one line per case (refused cleanly or not), for the figures of the issue.
    if (process.env.HOZEN_CORPUS_REPORT !== undefined) await writeFile(process.env.HOZEN_CORPUS_REPORT, tally.join('\n') + '\n');
    await database?.dispose();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it('starts from documents every command accepts', async () => {
    const dir = join(work, 'base');
    await writeBase(dir);
    for (const target of ['exchange.json', 'incident.json', 'policy-file.json'] as const) {
      const result = await runCli(commandFor(dir, target, join(dir, 'out')), env);
      expect(result.exit_code, `${target}: ${result.stderr}`).toBe(0);
    }
  });

  BAD_CASES.forEach((c, index) => {
    it(`${c.target}: ${c.name}`, async () => {
      const outcome = await run(work, c, index, env);
      const located = outcome.issues.some((issue) => issue.file !== undefined && (issue.line !== undefined || c.expect.line === undefined));
      const clean = outcome.exit_code === 2 && !STACK_LINE.test(outcome.stderr) && located;
      tally.push(`${clean ? 'clean' : 'NOT'}\t${c.target}: ${c.name}\t${outcome.exit_code}\t${outcome.stderr.split('\n')[0]!.slice(0, 160)}`);
      expect(outcome.stderr).not.toMatch(STACK_LINE);
      expect(outcome.exit_code, outcome.stderr).toBe(2);
      const found = outcome.issues.find((issue) => issue.code === c.expect.code);
      expect(found, outcome.stderr).toBeDefined();
      if (c.expect.file !== undefined) expect(found!.file === c.expect.file || found!.file?.endsWith(`/${c.expect.file}`), outcome.stderr).toBe(true);
      if (c.expect.line !== undefined) expect(found!.line, outcome.stderr).toBe(c.expect.line);
      for (const [key, value] of Object.entries(c.expect.params ?? {})) expect(found!.params?.[key], outcome.stderr).toBe(value);
      // Echoes are escaped and cut: no raw control byte, no line longer than a screenful or two.
      for (const line of outcome.stderr.split('\n')) {
        expect(line).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
        expect(line.length).toBeLessThan(400);
      }
    });
  });
});
