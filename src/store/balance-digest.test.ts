import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BalanceDigest, CHUNK_LINES, firstDifference, rowHash, totalsSha256 } from './balance-digest.ts';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'utf8');
const rowsText = (rows: ReadonlyArray<[number, string, string, string]>): string => rows.map((r) => r.join('\t') + '\n').join('');

function digestOf(text: string, pieces = 1): ReturnType<BalanceDigest['result']> {
  const digest = new BalanceDigest();
  const rows = text.split(/(?<=\n)/).filter((r) => r !== '');
  const size = Math.ceil(rows.length / pieces);
  for (let i = 0; i < rows.length; i += size) digest.update(bytes(rows.slice(i, i + size).join('')), false);
  return digest.result(totalsSha256([]));
}

describe('balance rows digest (hozen-balance-rows/1)', () => {
  it('is the SHA-256 of the canonical rows, whatever the batches, with one chunk per 65,536 lines', () => {
    const text = rowsText([
      [2, 'A0001', 'JPY', '1250000'],
      [3, 'A\\\\1', 'BTC', '50000000'],
      [CHUNK_LINES + 5, 'B', 'BTC', '0'],
    ]);
    const digest = digestOf(text);
    expect(digest.sha256).toBe(createHash('sha256').update(text).digest('hex'));
    expect(digest.rows).toBe(3);
    expect(digest.chunks.map((c) => c.split(':').slice(0, 2).join(':'))).toEqual(['0:2', '1:1']);
    expect(digestOf(text, 3)).toEqual(digest);
  });

  it('refuses lines that do not increase at import, and reports them when verifying', () => {
    const strict = new BalanceDigest();
    expect(() => strict.update(bytes(rowsText([[5, 'A', 'JPY', '1'], [5, 'B', 'JPY', '1']])))).toThrow(/increase/);
    const lax = new BalanceDigest();
    expect(lax.update(bytes(rowsText([[5, 'A', 'JPY', '1'], [5, 'B', 'JPY', '1']])), false)).toBe(true);
    expect(lax.update(bytes(rowsText([[4, 'C', 'JPY', '1']])), false)).toBe(false);
  });

  it('names the line of a single edited, deleted or added row in the first chunk that differs (property)', () => {
    const row = fc.tuple(fc.stringMatching(/^[A-Z0-9]{1,12}$/), fc.constantFrom('JPY', 'BTC', 'ETH'), fc.bigInt({ min: 0n, max: 10n ** 30n }));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 2, max: 3 * CHUNK_LINES }), { minLength: 2, maxLength: 60 }),
        fc.array(row, { minLength: 60, maxLength: 60 }),
        fc.nat(),
        fc.constantFrom('edit', 'delete', 'add'),
        (lines, values, pick, change) => {
          lines.sort((a, b) => a - b);
          const rows = lines.map((line, i): [number, string, string, string] => [line, values[i]![0], values[i]![1], values[i]![2].toString()]);
          const target = pick % rows.length;
          const changed = rows.map((r) => [...r] as [number, string, string, string]);
          let line: number;
          if (change === 'edit') {
            changed[target]![3] = (BigInt(changed[target]![3]) + 1n).toString();
            line = changed[target]![0];
          } else if (change === 'delete') {
            line = changed.splice(target, 1)[0]![0];
          } else {
            line = rows[rows.length - 1]![0] + 1 + (pick % 1000);
            changed.push([line, 'INTRUDER', 'BTC', '1']);
          }
          const recorded = digestOf(rowsText(rows));
          const found = digestOf(rowsText(changed));
          expect(found.sha256).not.toBe(recorded.sha256);
          const difference = firstDifference(recorded.chunks, found.chunks);
          expect(difference).toMatchObject({ line, first_line: Math.floor(line / CHUNK_LINES) * CHUNK_LINES });
          if (change === 'add') expect(difference!.delta).toBe(rowHash(bytes(`${line}\tINTRUDER\tBTC\t1`)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('names the chunk, not a row, when several rows of it changed', () => {
    const rows: Array<[number, string, string, string]> = [[2, 'A', 'JPY', '1'], [3, 'B', 'JPY', '2'], [4, 'C', 'JPY', '3']];
    const changed = rows.map((r, i) => (i === 0 || i === 1 ? ([r[0], r[1], r[2], '9'] as [number, string, string, string]) : r));
    const difference = firstDifference(digestOf(rowsText(rows)).chunks, digestOf(rowsText(changed)).chunks);
    // Lines 2 and 3: sum 1 (offset bit 0) moved by row 3's change only, sum 2 (bit 1) and sum 0
    // by both: unequal moves, so no single line is claimed.
    expect(difference).toMatchObject({ first_line: 0, last_line: CHUNK_LINES - 1, rows_recorded: 3, rows_found: 3, line: null });
  });
});
