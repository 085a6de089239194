// The byte path of balances.csv against the reference string path (balances.ts): on any file,
// the same issues (file, line, field, code, parameters), the same totals and row count, and the
// same rows handed on, line by line.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { IssueCollector } from '../../errors.ts';
import { parseCopyText } from '../../encoding/copy-text.ts';
import type { AssetSpec, BalanceCopyBatch } from '../types.ts';
import { validateBalanceBytes } from './balance-bytes.ts';
import { validateBalances } from './balances.ts';
import { CSV_CHUNK_BYTES, CSV_LINE_CHARS_MAX } from '../../input/csv.ts';

const ASSETS: AssetSpec[] = [
  { symbol: 'JPY', decimals: 0, kind: 'fiat' },
  { symbol: 'BTC', decimals: 8, kind: 'crypto' },
  // Shares its first byte with BTC: the byte path compares the whole symbol.
  { symbol: 'BCH', decimals: 8, kind: 'crypto' },
  { symbol: 'ETH', decimals: 18, kind: 'crypto' },
];

const work = mkdtempSync(join(tmpdir(), 'hozen-balance-bytes-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let files = 0;

type Row = [line: number, account_id: string, asset: string, digits: string];

interface Outcome {
  issues: IssueCollector;
  result: Awaited<ReturnType<typeof validateBalances>>;
  rows: Row[];
}

async function reference(path: string, assets: readonly AssetSpec[]): Promise<Outcome> {
  const issues = new IssueCollector();
  const rows: Row[] = [];
  const result = await validateBalances(path, 'balances.csv', assets, issues, {
    sink: async (batch) => {
      for (let i = 0; i < batch.length; i += 1) rows.push([batch.line[i]!, batch.account_id[i]!, batch.asset[i]!, batch.amount_minor_digits[i]!]);
    },
  });
  return { issues, result, rows };
}

async function bytePath(path: string, assets: readonly AssetSpec[]): Promise<Outcome> {
  const issues = new IssueCollector();
  const rows: Row[] = [];
  const result = await validateBalanceBytes(path, 'balances.csv', assets, issues, { sink: async (batch) => void rows.push(...rowsOf(batch, assets)) });
  // Without a sink it validates the same way.
  const alone = new IssueCollector();
  expect(await validateBalanceBytes(path, 'balances.csv', assets, alone)).toEqual(result);
  expect(alone.issues).toEqual(issues.issues);
  return { issues, result, rows };
}

/** A batch's rows, after checking that its counts, lines and totals describe its COPY text. */
function rowsOf(batch: BalanceCopyBatch, assets: readonly AssetSpec[]): Row[] {
  const rows = parseCopyText(Buffer.from(batch.copy_text).toString('utf8')).map((fields): Row => {
    expect(fields).toHaveLength(4);
    const [line, account_id, asset, digits] = fields as [string, string, string, string];
    expect(digits).toMatch(/^(0|[1-9]\d*)$/);
    return [Number(line), account_id, asset, digits];
  });
  expect(rows).toHaveLength(batch.rows);
  expect(rows[0]![0]).toBe(batch.first_line);
  expect(rows.at(-1)![0]).toBe(batch.last_line);
  expect(batch.totals).toEqual(
    assets.map((a) => {
      const own = rows.filter((r) => r[2] === a.symbol);
      return { asset: a.symbol, total_minor: own.reduce((sum, r) => sum + BigInt(r[3]), 0n), accounts: own.length };
    }),
  );
  return rows;
}

async function expectSame(content: Buffer | string, assets: readonly AssetSpec[] = ASSETS): Promise<Outcome> {
  const path = join(work, `balances-${(files += 1)}.csv`);
  writeFileSync(path, content);
  try {
    const expected = await reference(path, assets);
    const actual = await bytePath(path, assets);
    expect(actual.issues.issues).toEqual(expected.issues.issues);
    expect(actual.issues.count).toBe(expected.issues.count);
    expect(actual.result).toEqual(expected.result);
    expect(actual.rows).toEqual(expected.rows);
    return actual;
  } finally {
    rmSync(path);
  }
}

// Fields as exporters write them, well and badly.
const plainId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,10}[A-Za-z0-9]$/);
const accountText = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('A0001', 'A0002', 'b.3', 'x y', 'C000000001') },
  { weight: 4, arbitrary: plainId },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' lead', 'trail ', 'back\\slash', 'tab\there', 'キャロル', 'ü', '"quoted"', 'a'.repeat(128), 'a'.repeat(129), 'del\u007f', 'nul\u0000') },
);
const assetText = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('JPY', 'BTC', 'BCH', 'ETH') }, { weight: 1, arbitrary: fc.constantFrom('XRP', 'jpy', '', 'BT', 'BTCX', 'ETH ') });
const amountText = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 24n }), fc.nat(20), fc.nat(3)).map(([minor, places, zeros]) => {
    const digits = minor.toString().padStart(places + 1, '0');
    const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
    return '0'.repeat(zeros) + text;
  }) },
  { weight: 1, arbitrary: fc.constantFrom('1.', '.5', '1e5', '-1', '+1', ' 1', '1 ', '0', '000', '0.0', '0.000000000000000001', '1.0000000000000000000', '1'.repeat(37), '1'.repeat(36), '1'.repeat(19) + '.' + '1'.repeat(18), '9'.repeat(81), '1..2', '١', '0x10', '') },
);
const field = (text: fc.Arbitrary<string>) =>
  fc.tuple(text, fc.nat(9)).map(([t, q]) => (q === 0 ? `"${t.replaceAll('"', '""')}"` : q === 1 && t.length > 0 ? `"${t}` : t));
const row = fc.oneof(
  { weight: 12, arbitrary: fc.tuple(field(accountText), field(assetText), field(amountText)).map((fields) => fields.join(',')) },
  { weight: 1, arbitrary: fc.tuple(accountText, assetText, amountText, fc.constantFrom(',', ',x', ',,')).map(([a, s, m, extra]) => `${a},${s},${m}${extra}`) },
  { weight: 1, arbitrary: fc.tuple(accountText, assetText).map(([a, s]) => `${a},${s}`) },
  { weight: 1, arbitrary: fc.constantFrom('', '\r', 'A0001,JPY,1\r\r', 'A0001,JPY\t,1') },
);
/** Bytes no UTF-8 decoder reads as they are: a row of them, or one inside a row. */
const badBytes = fc.constantFrom(Buffer.from([0xff, 0x2c]), Buffer.from([0xe3, 0x81]), Buffer.from([0xc3]), Buffer.from('A0009,JPY,1\u00e9', 'latin1'));

const file = fc.record({
  bom: fc.boolean(),
  crlf: fc.boolean(),
  header: fc.oneof({ weight: 9, arbitrary: fc.constant('account_id,asset,amount') }, { weight: 1, arbitrary: fc.constantFrom('account_id,asset', 'account,asset,amount', '"account_id","asset","amount"', '', '"account_id,asset,amount') }),
  rows: fc.array(fc.oneof({ weight: 30, arbitrary: row.map((text) => Buffer.from(text, 'utf8')) }, { weight: 1, arbitrary: badBytes }), { maxLength: 40 }),
  final_newline: fc.boolean(),
});
/** The same, after filler rows that put a chunk boundary at this byte of the generated rows. */
const fileAcrossChunks = fc.record({ input: file, boundary_at: fc.nat(400) });

function render(input: typeof file extends fc.Arbitrary<infer T> ? T : never, boundary_at?: number): Buffer {
  const eol = input.crlf ? '\r\n' : '\n';
  const head = Buffer.from((input.bom ? '\ufeff' : '') + input.header + eol, 'utf8');
  const body = Buffer.concat(input.rows.flatMap((r, i) => (i === input.rows.length - 1 && !input.final_newline ? [r] : [r, Buffer.from(eol)])));
  if (boundary_at === undefined) return Buffer.concat([head, body]);
  return Buffer.concat([head, filler(CSV_CHUNK_BYTES - head.length - boundary_at, eol), body]);
}

/** Valid rows of unique accounts, `bytes` long in all (at least one row's worth); long rows, so that they are few. */
function filler(bytes: number, eol: string): Buffer {
  const row = (i: number, amount: string) => `f${String(i).padStart(7, '0')}${'-'.repeat(100)},JPY,${amount}${eol}`;
  const row_bytes = row(0, '1').length;
  const rows = Math.floor(bytes / row_bytes) - 1;
  const parts: string[] = [];
  for (let i = 0; i < rows; i += 1) parts.push(row(i, '1'));
  parts.push(row(rows, '1'.repeat(bytes - rows * row_bytes - row_bytes + 1)));
  return Buffer.from(parts.join(''), 'utf8');
}

describe('balances.csv read from its bytes', () => {
  it('reports, totals and hands on exactly what the string path does, on generated files', async () => {
    await fc.assert(
      fc.asyncProperty(file, async (input) => {
        await expectSame(render(input));
      }),
      { numRuns: 300 },
    );
  });

  it('does the same when a chunk of the file ends inside a row or inside a character', async () => {
    await fc.assert(
      fc.asyncProperty(fileAcrossChunks, async ({ input, boundary_at }) => {
        await expectSame(render(input, boundary_at));
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('hands on rows with their lines and minor-unit digits, and refuses duplicates and half-written amounts', async () => {
    const head = 'account_id,asset,amount\r\nA1,JPY,0\r\nA1,BTC,0.00000001\r\nA1,ETH,123456789012.123456789012345678\r\nA2,ETH,000.000000000000000001\r\n\r\nA2,BCH,21000000\r\n';
    expect((await expectSame(head)).rows).toEqual([
      [2, 'A1', 'JPY', '0'],
      [3, 'A1', 'BTC', '1'],
      [4, 'A1', 'ETH', '123456789012123456789012345678'],
      [5, 'A2', 'ETH', '1'],
      [7, 'A2', 'BCH', '2100000000000000'],
    ]);
    const outcome = await expectSame(head + 'A1,BTC,2\r\nA3,JPY,1.\r\nA3,JPY,.5\n');
    expect(outcome.result.rows).toBe(5);
    expect(outcome.issues.issues.map((i) => [i.line, i.field, i.code])).toEqual([
      [8, 'account_id', 'snapshot.balance_duplicate'],
      [9, 'amount', 'money.malformed'],
      [10, 'amount', 'money.malformed'],
    ]);
  });

  it('sums exactly past 2^53 in every limb, one batch after another', async () => {
    const rows = Array.from({ length: 35_000 }, (_, i) => `C${i},ETH,999999999999999999.999999999999999999\nC${i},JPY,999999999999999999999999999999999999\n`);
    const outcome = await expectSame('account_id,asset,amount\n' + rows.join(''));
    expect(outcome.result.totals.find((t) => t.asset === 'ETH')).toEqual({ asset: 'ETH', total_minor: 35_000n * (10n ** 36n - 1n), accounts: 35_000 });
  });

  it('reads every row through the reference when there are more assets than a mask has bits', async () => {
    const assets: AssetSpec[] = Array.from({ length: 40 }, (_, i) => ({ symbol: `A${i}`, decimals: i % 19, kind: 'crypto' }));
    await expectSame('account_id,asset,amount\nx,A0,1\nx,A39,0.5\nx,A0,2\ny,A7,1.2\n', assets);
  });

  it('counts an unfinished line as the reference does: too long only when a chunk ends inside it', async () => {
    const head = 'account_id,asset,amount\n';
    const long = 'a'.repeat(2 * CSV_LINE_CHARS_MAX);
    const before = (line_start: number) => filler(CSV_CHUNK_BYTES - head.length - line_start, '\n');
    // Read whole within a chunk, then refused as an identifier.
    await expectSame(`${head}${long},JPY,1\nA1,JPY,1\n`);
    // Unfinished at a chunk's end with more characters than a line may have: refused as too long,
    // before the rows of its chunk are read.
    const lead = before(CSV_LINE_CHARS_MAX + 100);
    const crossing = await expectSame(Buffer.concat([Buffer.from(head), lead, Buffer.from(`${long},JPY,1\n`)]));
    const long_line = 2 + lead.toString('utf8').split('\n').length - 1;
    expect(crossing.issues.issues.map((i) => [i.line, i.code])).toEqual([[long_line, 'csv.line_too_long']]);
    expect(crossing.result.rows).toBe(0);
    // More bytes than that, but not more characters: read whole.
    const wide = await expectSame(Buffer.concat([Buffer.from(head), before(CSV_LINE_CHARS_MAX + 100), Buffer.from(`${'キ'.repeat(CSV_LINE_CHARS_MAX / 2)},JPY,1\n`)]));
    expect(wide.issues.issues.map((i) => i.code)).toEqual(['value.identifier']);
  });
});
