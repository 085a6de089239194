// The Japanese output of the commands a new user runs first (`start`, `check`, `compensate` with
// an example incident, `alerts`, `history`) has no English in it: no Latin-letter run that is not
// a name (an asset, a wallet or contract id, a regime or check id, a file, a command) or an
// allowed term, no message code, no amount in JPY (円 in Japanese text, written next to the
// figure), and no half-width punctuation next to Japanese.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGIMES } from '../coverage/registry.ts';
import { createTestDatabase, type TestDatabase } from '../store/testing.ts';
import { runCli } from './main.ts';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;

/** Terms Japanese text uses as they are. */
const TERMS = ['TVaR', 'VaR', 'HTTP', 'JSON', 'CSV', 'XLSX', 'PDF', 'HTML', 'API', 'ID', 'Excel', 'Hozen', 'Ctrl-C', 'npm', 'npx', 'hozen', 'serve', 'start', 'demo', 'PostgreSQL'];
const JAPANESE = '[\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}ー]';
const HALF_WIDTH_PUNCTUATION = new RegExp(`${JAPANESE}[(),.:;!?]|[(),;!?]${JAPANESE}`, 'u');

export interface AllowedNames {
  /** Exact tokens: asset symbols, ids from the snapshot, regime ids, check names. */
  tokens: Set<string>;
  /** Text of the user's data shown as it is (the exchange's name), masked before any check. */
  data: string[];
}

/** What Japanese output does wrong, line by line. */
export function japaneseOutputProblems(text: string, allowed: AllowedNames): string[] {
  const problems: string[] = [];
  for (const raw of text.split('\n')) {
    if (!new RegExp(JAPANESE, 'u').test(raw)) continue;
    let line = raw;
    for (const data of allowed.data) line = line.split(data).join(' ');
    // A password shown once is a random token, not English.
    line = line.replace(/(パスワード) \S+/u, '$1 ');
    const say = (what: string) => problems.push(`${what} in: ${raw.trim()}`);
    if (/\d JPY|\S\s+JPY|JPY\S/.test(line)) say('JPY (円 in Japanese text)');
    if (/\d 円|[\p{sc=Hiragana}] 円/u.test(line)) say('a space before 円');
    if (HALF_WIDTH_PUNCTUATION.test(line)) say('half-width punctuation next to Japanese');
    for (const m of line.matchAll(/[A-Za-z0-9][A-Za-z0-9_.\-/+@]*/g)) {
      const token = m[0].replace(/[.]+$/, '');
      if (!/[A-Za-z]/.test(token)) continue;
      if (allowed.tokens.has(token) || TERMS.includes(token)) continue;
      if (/^[0-9a-f]{8,64}$/.test(token)) continue; // a snapshot id or a hash
      if (/^[\w.-]+\.(csv|json|md|xlsx|pdf|html)$/.test(token)) continue; // a file
      if (/^(compensate|risk|check|claim)-[0-9a-f]{8,}$/.test(token)) continue; // a run id
      const [regime, check] = token.split('/');
      if (check !== undefined && allowed.tokens.has(regime!) && allowed.tokens.has(check)) continue; // a check id
      say(`'${token}'`);
    }
  }
  return problems;
}

describe('the checks on Japanese output themselves', () => {
  const allowed: AllowedNames = { tokens: new Set(['BTC', 'JPY', 'jp-psa-2020', 'hot-share', 'sa-001']), data: ['Demo Exchange (デモ)'] };
  it('find English, codes, JPY, stray spaces and half-width punctuation, and pass names', () => {
    expect(japaneseOutputProblems('残高 1 行。数量は各資産の単位、金額は 円', allowed)).toHaveLength(1);
    expect(japaneseOutputProblems('項目      JPY', allowed)).toHaveLength(1);
    expect(japaneseOutputProblems('保有 1,000 JPY を算入', allowed)).toHaveLength(1);
    expect(japaneseOutputProblems('根拠: 資金決済法', allowed)).toHaveLength(1);
    expect(japaneseOutputProblems('種類 bank_guarantee は対象外', allowed)).toHaveLength(1);
    expect(japaneseOutputProblems('資金不足時：compensation.on_shortfall_x', allowed)).toHaveLength(1);
    expect(japaneseOutputProblems('stored hash が一致しません', allowed)).toHaveLength(2);
    expect(japaneseOutputProblems('Demo Exchange (デモ)（demo）— jp-psa-2020/hot-share BTC 1,000円、sa-001、payouts.csv、スナップショット 303e8c145b8b', allowed)).toEqual([]);
    expect(japaneseOutputProblems('JPY      1   2', allowed)).toEqual([]);
  });
});

describe('Japanese output of the first commands', () => {
  let database: TestDatabase;
  let work: string;
  let env: NodeJS.ProcessEnv;
  const allowed: AllowedNames = { tokens: new Set(REGIMES.map((r) => r.id)), data: [] };

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    work = await mkdtemp(join(tmpdir(), 'hozen-ja-'));
    const { DATABASE_URL: _url, HOZEN_DB: _db, LANG: _lang, LC_ALL: _lc, ...rest } = process.env;
    env = { ...rest, HOZEN_DB: database.dir!, HOZEN_LANG: 'ja' };
    const demo = await runCli(['demo', '--out', join(work, 'demo'), '--accounts', '2000'], env);
    expect(demo.exit_code, demo.stderr).toBe(0);
    // The names in the user's data are shown as they are: ids with a digit or a hyphen, asset symbols.
    for (const file of ['exchange.json', 'wallets.json', 'contracts.json', 'policies.json', 'safe_assets.csv', 'prices.csv']) {
      for (const m of (await readFile(join(work, 'demo', file), 'utf8')).matchAll(/[A-Za-z0-9][\w.-]*/g)) if (/[-\d]/.test(m[0]) || /^[A-Z]{2,6}$/.test(m[0])) allowed.tokens.add(m[0]);
    }
    const { exchange } = JSON.parse(await readFile(join(work, 'demo', 'exchange.json'), 'utf8')) as { exchange: { name: string; id: string } };
    allowed.data.push(exchange.name);
    allowed.tokens.add(exchange.id);
    allowed.tokens.add((JSON.parse(await readFile(join(EXAMPLES, 'incident-account-takeover.json'), 'utf8')) as { id: string }).id);
  }, 120_000);

  afterAll(async () => {
    await database?.dispose();
    await rm(work, { recursive: true, force: true });
  });

  it('has no English fragment, code, JPY or half-width punctuation in Japanese text', async () => {
    const runs: Array<[string, string[]]> = [
      ['start', ['start', '--dir', join(work, 'demo')]],
      ['check', ['check', join(work, 'demo')]],
      ['compensate', ['compensate', join(work, 'demo'), join(EXAMPLES, 'incident-account-takeover.json'), '--out', join(work, '補償')]],
      ['alerts', ['alerts', '--now', '2026-11-25T09:00:00+09:00']],
      ['history', ['history']],
    ];
    const problems: string[] = [];
    for (const [name, argv] of runs) {
      const result = await runCli([...argv, '--lang', 'ja'], env);
      expect([0, 3], `${name}: ${result.stderr}`).toContain(result.exit_code);
      // Check names ("hot-share") are the second half of check ids; output directories are the user's.
      for (const m of result.stdout.matchAll(/\b[a-z0-9-]+\/([a-z][a-z-]*)\b/g)) allowed.tokens.add(m[1]!);
      const text = (result.stdout + result.stderr).split(`${work}/`).join('');
      problems.push(...japaneseOutputProblems(text, allowed).map((p) => `${name}: ${p}`));
    }
    expect(problems).toEqual([]);
  }, 180_000);
});
