import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureAccountIds, SECRET_ACCOUNT, seedMembers } from '../../app/association-testing.ts';
import { createTestDatabase, type TestDatabase } from '../../store/testing.ts';
import { runCli } from '../main.ts';

let database: TestDatabase;
let env: NodeJS.ProcessEnv;
let scratch: string;

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  const handle = await database.openHandle();
  await seedMembers(handle);
  await handle.close();
  const { DATABASE_URL: _url, HOZEN_DB: _db, ...rest } = process.env;
  env = { ...rest, HOZEN_DB: database.dir!, HOZEN_LANG: 'en' };
  scratch = mkdtempSync(join(tmpdir(), 'hozen-association-'));
}, 60_000);

afterAll(async () => {
  await database.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

function noAccountIds(text: string): void {
  expect(text).not.toContain(SECRET_ACCOUNT);
  for (const id of fixtureAccountIds()) expect(text).not.toContain(`"${id}"`);
}

describe('hozen association', () => {
  it('members: the verdict first, a row per member; exit 3 when one needs attention', async () => {
    const out = await runCli(['association', 'members'], env);
    expect(out.stderr).toBe('');
    expect(out.exit_code).toBe(3);
    expect(out.stdout.split('\n')[0]).toBe('5 of 5 members need attention (not compliant, not checked, or no snapshot).');
    expect(out.stdout).toContain('Exchange A');
    const json = await runCli(['association', 'members', '--json'], env);
    noAccountIds(json.stdout);
    expect(JSON.parse(json.stdout).members[0].member_id).toBe('b');
  });

  it('dependencies in Japanese, with what was matched; aliases from a file', async () => {
    const out = await runCli(['association', 'dependencies', '--shared', '--lang', 'ja'], env);
    expect(out.exit_code).toBe(3);
    expect(out.stdout.split('\n')[0]).toBe('Acme Custody に全会員のオンライン資産の 75% が集中しています。');
    expect(out.stdout).toContain('「ACME custody」（大文字小文字・全角半角・空白・記号の違い）');
    const aliases = join(scratch, 'aliases.json');
    writeFileSync(aliases, JSON.stringify({ format: 'hozen-aliases/1', names: [{ name: 'Acme Custody K.K.', aliases: ['Acme Custody', 'Zeta Keys'] }] }));
    const joined = JSON.parse((await runCli(['association', 'dependencies', '--aliases', aliases, '--json'], env)).stdout);
    expect(joined.map.dependencies[0]).toMatchObject({ name: 'Acme Custody K.K.', concentration: '0.916667' });
  });

  it('a bad alias list is refused at its line, in the reader’s language, without a stack trace', async () => {
    const aliases = join(scratch, 'bad.json');
    writeFileSync(aliases, '{\n  "format": "hozen-aliases/1",\n  "names": [\n    { "name": "Acme" },\n    { "name": "ACME", "aliases": [] }\n  ]\n}\n');
    const out = await runCli(['association', 'dependencies', '--aliases', aliases], env);
    expect(out.exit_code).toBe(2);
    expect(out.stderr).toContain('bad.json');
    expect(out.stderr).toContain(':4');
    expect(out.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('stress and capacity: the cause that leaves the most unpaid, and each member’s waterfall', async () => {
    const stress = await runCli(['association', 'stress', '--years', '10000', '--seed', '3'], env);
    expect(stress.exit_code).toBe(3);
    expect(stress.stdout.split('\n')[0]).toBe('If Acme Custody were drained in full, 15,000,000 JPY would be left unpaid at 2 members.');
    const capacity = await runCli(['association', 'capacity', '--json'], env);
    const json = JSON.parse(capacity.stdout);
    expect(json.causes[0].members.map((m: { member_id: string; shortfall_minor: string }) => [m.member_id, m.shortfall_minor])).toEqual([
      ['a', '10000000'],
      ['b', '5000000'],
      ['c', '0'],
    ]);
    noAccountIds(stress.stdout + capacity.stdout);
  });

  it('stress gives the same figures in this thread alone and with worker threads (--workers)', async () => {
    const alone = await runCli(['association', 'stress', '--years', '20000', '--seed', '5', '--workers', '0', '--json'], env);
    const threads = await runCli(['association', 'stress', '--years', '20000', '--seed', '5', '--workers', '2', '--json'], env);
    expect(alone.exit_code).toBe(3);
    expect(threads.stdout).toBe(alone.stdout);
    expect(JSON.parse(alone.stdout).report.members).toHaveLength(4);
    const bad = await runCli(['association', 'stress', '--workers', 'two'], env);
    expect(bad.exit_code).toBe(2);
    expect(bad.stderr).toContain('--workers');
  });
});
