// Every case of the bad-input corpus (cases.ts) through the CLI in-process, on a real embedded
// store: exit 2, the expected code at the expected file and line, no stack trace, nothing stored.

import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { createTestDatabase, type TestDatabase } from '../../src/store/testing.ts';
import { BAD_CASES, type BadCase, type Target } from './cases.ts';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const SNAPSHOT_TARGETS = new Set<Target>(['exchange.json', 'balances.csv', 'wallets.json', 'prices.csv', 'safe_assets.csv', 'contracts.json', 'policies.json', 'compensation-policy.json']);

export const BASE_INCIDENT = `{
  "format": "hozen-incident/1",
  "id": "INC-T",
  "note": "test",
  "occurred_at": "2026-11-24T03:12:00+09:00",
  "detected_at": "2026-11-24T09:40:00+09:00",
  "peril": "external_hack",
  "losses": [{ "wallet_id": "btc-hot-1", "asset": "BTC", "amount": "0.05" }],
  "affected": { "mode": "holders_of_asset" }
}
`;

export const BASE_COMPENSATION_POLICY = `{
  "format": "hozen-compensation-policy/1",
  "scheme": "per_asset",
  "default": { "method": "in_kind" },
  "assets": {},
  "rounding": { "JPY": { "mode": "floor", "unit": "1" } },
  "funding_order": ["insurance", "guarantee", "safe_assets", "contracts", "net_assets", "group_support", "additional"],
  "on_shortfall": "record_claim"
}
`;

/** The example programme without its sublimit for an asset the example snapshot does not list. */
export async function basePolicies(): Promise<string> {
  const text = await readFile(join(EXAMPLES, 'policies.json'), 'utf8');
  return text.replace(/,\n\s*"assets": \{ "XEM": [^\n]*\}\n/, '\n');
}

/** A valid snapshot directory with both policy documents, an incident and a policy file beside it. */
export async function writeBase(dir: string): Promise<void> {
  await cp(join(EXAMPLES, 'snapshot'), join(dir, 'snapshot'), { recursive: true });
  await writeFile(join(dir, 'snapshot', 'policies.json'), await basePolicies());
  await writeFile(join(dir, 'snapshot', 'compensation-policy.json'), BASE_COMPENSATION_POLICY);
  await writeFile(join(dir, 'incident.json'), BASE_INCIDENT);
  await writeFile(join(dir, 'policy-file.json'), BASE_COMPENSATION_POLICY);
}

export function targetPath(dir: string, target: Target): string {
  return SNAPSHOT_TARGETS.has(target) ? join(dir, 'snapshot', target) : join(dir, target);
}

/** The command that reads the target, as argv. */
export function commandFor(dir: string, target: Target, out: string): string[] {
  if (SNAPSHOT_TARGETS.has(target)) return ['import', join(dir, 'snapshot'), '--json'];
  if (target === 'incident.json') return ['claim', join(dir, 'snapshot'), join(dir, 'incident.json'), '--json'];
  return ['compensate', join(dir, 'snapshot'), join(dir, 'incident.json'), '--policy', join(dir, 'policy-file.json'), '--out', out, '--json'];
}

export async function applyCase(dir: string, c: BadCase): Promise<void> {
  const path = targetPath(dir, c.target);
  if (c.mutate === 'directory') {
    await rm(path, { force: true });
    await mkdir(path);
    return;
  }
  await writeFile(path, c.mutate(await readFile(path)));
}

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
