// Every example incident in examples/ belongs to the demo exchange (`hozen demo`, as written by
// default: as of 2026-11-25T00:00+09:00, see examples/README.md): each must run through
// `hozen claim` and `hozen compensate` against it, with the demo as its cut-off (no warning).

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../store/testing.ts';
import { runCli } from './main.ts';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
let database: TestDatabase;
let work: string;
let env: NodeJS.ProcessEnv;
const incidents = (await readdir(EXAMPLES)).filter((name) => /^incident-.*\.json$/.test(name)).sort();

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  work = await mkdtemp(join(tmpdir(), 'hozen-examples-'));
  const { DATABASE_URL: _url, HOZEN_DB: _db, LANG: _lang, LC_ALL: _lc, ...rest } = process.env;
  env = { ...rest, HOZEN_DB: database.dir!, HOZEN_LANG: 'en' };
  const demo = await runCli(['demo', '--out', join(work, 'demo')], env);
  expect(demo.exit_code, demo.stderr).toBe(0);
  const imported = await runCli(['import', join(work, 'demo')], env);
  expect(imported.exit_code, imported.stderr).toBe(0);
}, 180_000);

afterAll(async () => {
  await database.dispose();
  await rm(work, { recursive: true, force: true });
});

describe('the example incidents against the demo exchange', () => {
  it('are all found', () => {
    expect(incidents).toEqual(['incident-account-takeover.json', 'incident-hot-wallet-hack.json', 'incident-xem-hot-wallet.json']);
  });

  it.each(incidents)('%s: claim and compensate run, with the demo as the cut-off', async (name) => {
    const claim = await runCli(['claim', join(work, 'demo'), join(EXAMPLES, name)], env);
    expect(claim.exit_code, claim.stderr).toBe(0);
    expect(claim.stderr).toBe('');
    const compensate = await runCli(['compensate', join(work, 'demo'), join(EXAMPLES, name), '--out', join(work, name)], env);
    expect([0, 3], compensate.stderr).toContain(compensate.exit_code);
    expect(compensate.stderr).toBe('');
    expect(compensate.stdout).toContain('Wrote payouts.csv');
  }, 120_000);

  it('the account takeover charges the stated losses exactly: the tiny account 0.0015 BTC, not 46% of its balance', async () => {
    // Stated 0.0015 + 0.1 + 0.15 = 0.2515 of the 0.3 BTC; C00000218 (the only one stating none) bears 0.0485.
    const payouts = (await readFile(join(work, 'incident-account-takeover.json', 'payouts.csv'), 'utf8')).trim().split('\n').slice(1);
    expect(payouts.map((line) => line.split(',').slice(0, 4).join(','))).toEqual([
      'C00000001,BTC,0.00166907,0.0015',
      'C00000129,BTC,0.1306434,0.1',
      'C00000185,BTC,0.25550872,0.15',
      'C00000218,BTC,0.26534808,0.0485',
    ]);
  });
});
