import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { parseBalancePage } from './balance-page.ts';
import { copyRows, parseCopyText } from '../encoding/copy-text.ts';

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

describe('parseBalancePage', () => {
  const row = fc.tuple(
    fc.integer({ min: 1, max: 1000 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }).filter((s) => !s.includes('\u0000')),
    fc.constantFrom('BTC', 'ETH', 'JPY'),
    fc.oneof(fc.bigInt({ min: 0n, max: 999_999_999_999_999n }), fc.bigInt({ min: 0n, max: 10n ** 40n })),
  );

  test('reads what parseCopyText reads, in batches, lines increasing', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 5 }), (rows, batch_rows, after_line) => {
        // Lines made increasing from after_line on.
        let line = after_line;
        const fields = rows.map(([step, id, asset, amount]) => [String((line += step)), id, asset, amount.toString()]);
        const page = parseBalancePage(text(copyRows('balances', fields)), after_line, batch_rows);
        expect(page.in_order).toBe(true);
        expect(page.rows).toBe(rows.length);
        expect(page.last_line).toBe(line);
        expect(page.batches.every((b, i) => b.length === (i < page.batches.length - 1 ? batch_rows : b.length) && b.length > 0 && b.length <= batch_rows)).toBe(true);
        const read = page.batches.flatMap((b) => b.account_id.map((id, i) => [id, b.asset[i], b.amount_minor[i]!.toString()]));
        expect(read).toEqual(parseCopyText(text(copyRows('balances', fields))).map(([, id, asset, amount]) => [id, asset, amount]));
      }),
      { numRuns: 500 },
    );
  });

  test('stops at the first line that does not exceed the one before', () => {
    const page = parseBalancePage('3\ta\tBTC\t1\n5\tb\tBTC\t2\n4\tc\tBTC\t3\n', 0, 10);
    expect(page).toMatchObject({ in_order: false, rows: 2, last_line: 5 });
    expect(parseBalancePage('3\ta\tBTC\t1\n', 3, 10)).toMatchObject({ in_order: false, rows: 0, last_line: 3 });
    expect(parseBalancePage('', 7, 10)).toEqual({ batches: [], rows: 0, last_line: 7, in_order: true });
  });

  test('refuses output that is not four fields of a balance', () => {
    expect(() => parseBalancePage('1\ta\tBTC\n', 0, 10)).toThrow(/4 fields/);
    expect(() => parseBalancePage('1\ta\tBTC\t1\tx\n', 0, 10)).toThrow(/4 fields/);
    expect(() => parseBalancePage('1\ta\tBTC\t1.5\n', 0, 10)).toThrow(/not an integer/);
    expect(() => parseBalancePage('1\ta\tBTC\t-1000000000000000000\n', 0, 10)).toThrow(/not an integer/);
    expect(() => parseBalancePage('x\ta\tBTC\t1\n', 0, 10)).toThrow(/not an integer/);
    expect(() => parseBalancePage('1\t\\N\tBTC\t1\n', 0, 10)).toThrow(/no account id/);
    expect(() => parseBalancePage('1\ta\tBTC\t1', 0, 10)).toThrow(/newline/);
  });
});
