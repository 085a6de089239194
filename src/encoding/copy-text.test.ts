import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CopyEncoder, copyField, copyRows, parseCopyText } from './copy-text.ts';

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

/** Reference decoder of COPY text-format fields, written from the PostgreSQL manual. */
function decodeField(field: string): string | null {
  if (field === '\\N') return null;
  return field.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r', '\\': '\\' })[c] ?? c);
}

describe('COPY text format', () => {
  test('worked examples', () => {
    expect(copyField('plain', () => 'x', 0)).toBe('plain');
    expect(copyField(null, () => 'x', 0)).toBe('\\N');
    expect(copyField('\\N', () => 'x', 0)).toBe('\\\\N');
    expect(copyField('a\tb\nc\rd\\e', () => 'x', 0)).toBe('a\\tb\\nc\\rd\\\\e');
    expect(text(copyRows('t', [['1', null], ['a\tb', '']]))).toBe('1\t\\N\na\\tb\t\n');
    expect(text(copyRows('t', [['日本語', '€']]))).toBe('日本語\t€\n');
    expect(copyRows('t', [])).toHaveLength(0);
  });

  test('fields split on tabs and newlines and decode back to what was written', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.option(fc.string({ unit: fc.constantFrom('a', '\t', '\n', '\r', '\\', 'N', 'é') }), { nil: null }), { minLength: 1, maxLength: 4 }), { maxLength: 5 }), (rows) => {
        const width = rows[0]?.length ?? 0;
        const same_width = rows.map((r) => [...r, ...Array<null>(Math.max(0, width - r.length)).fill(null)].slice(0, width));
        const written = text(copyRows('t', same_width));
        const decoded = written === '' ? [] : written.slice(0, -1).split('\n').map((line) => line.split('\t').map(decodeField));
        expect(decoded).toEqual(same_width);
      }),
    );
  });

  test('COPY TO output parses back, with every escape PostgreSQL writes', () => {
    expect(parseCopyText('')).toEqual([]);
    expect(parseCopyText('1\t\\N\na\\tb\\n\\r\\b\\f\\v\\\\c\t日本\n')).toEqual([['1', null], ['a\tb\n\r\b\f\v\\c', '日本']]);
    expect(() => parseCopyText('1\t2')).toThrow(/newline/);
    expect(() => parseCopyText('\\x41\n')).toThrow(/unexpected escape/);
  });

  test('parseCopyText(copyRows(rows)) gives the rows back', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.option(fc.string({ unit: fc.constantFrom('a', '\t', '\n', '\r', '\\', 'N', '\b', '\v', 'é', '😀') }), { nil: null }), { minLength: 2, maxLength: 2 }), { maxLength: 6 }), (rows) => {
        expect(parseCopyText(text(copyRows('t', rows)))).toEqual(rows);
      }),
    );
  });

  test('the encoder grows past its initial capacity without losing bytes', () => {
    const encoder = new CopyEncoder(1);
    const long = 'é'.repeat(5000);
    const rows = Array.from({ length: 600 }, (_, i) => `${i}\t${i % 7 === 0 ? long : '日本'}\n`);
    for (const row of rows) encoder.row(row);
    expect(text(encoder.bytes())).toBe(rows.join(''));
  });

  test('a NUL character is a user error naming where it is', () => {
    expect(() => copyField('a\u0000b', (line) => `balances.csv line ${line}`, 7)).toThrow(expect.objectContaining({ code: 'store.nul_character', params: { where: 'balances.csv line 7' } }));
  });
});
