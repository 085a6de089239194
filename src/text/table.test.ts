// Terminal tables line up by display width: a full-width or wide character takes two columns, a
// combining mark none, so Japanese headers and cells sit under each other.

import { describe, expect, it } from 'vitest';
import { renderTable } from './table.ts';
import { displayWidth, padEndToWidth, padStartToWidth } from './width.ts';

/** The display column at which each cell of a line starts, for cells separated by two spaces. */
function cellStarts(line: string, cells: string[]): number[] {
  const starts: number[] = [];
  let from = 0;
  for (const cell of cells) {
    const at = line.indexOf(cell, from);
    expect(at).toBeGreaterThanOrEqual(0);
    starts.push(displayWidth(line.slice(0, at)));
    from = at + cell.length;
  }
  return starts;
}

describe('display width', () => {
  it('counts East Asian wide and full-width characters as two columns, marks as none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('顧客残高')).toBe(8);
    expect(displayWidth('（）：、。')).toBe(10);
    expect(displayWidth('ｶﾀｶﾅ')).toBe(4); // half-width katakana
    expect(displayWidth('𠮷野家')).toBe(6); // outside the Basic Multilingual Plane
    expect(displayWidth('か\u3099')).toBe(2); // が decomposed: the voicing mark takes no column
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('a\u200db')).toBe(2);
    expect(displayWidth('\u001b[31m[不適合]\u001b[0m')).toBe(8);
    expect(displayWidth('—')).toBe(1); // ambiguous: narrow, as terminals draw it
  });

  it('pads to a width, never cutting', () => {
    expect(padEndToWidth('円', 4)).toBe('円  ');
    expect(padStartToWidth('円', 4)).toBe('  円');
    expect(padEndToWidth('顧客残高', 4)).toBe('顧客残高');
  });
});

describe('terminal tables', () => {
  it('line a Japanese table up by display width', () => {
    const headers = ['資産', '顧客残高', '𠮷野家の口座', 'メモ'];
    const rows = [
      ['BTC', '2,317.69966546', '12', 'ホット'],
      ['か\u3099ス', '0', '1,234,567', 'コールド（オフライン）'],
      ['USDC', '31,684,286.625943', '3', 'x'],
    ];
    const lines = renderTable(headers, rows, ['left', 'right', 'right', 'left']).trimEnd().split('\n');
    const header_starts = cellStarts(lines[0]!, headers);
    // Every row's columns end (right-aligned) or start (left-aligned) where the header's do.
    const ends = (line: string, cells: string[]) => cellStarts(line, cells).map((s, i) => s + displayWidth(cells[i]!));
    const header_ends = ends(lines[0]!, headers);
    for (const [n, row] of rows.entries()) {
      const line = lines[n + 2]!;
      const starts = cellStarts(line, row);
      const row_ends = ends(line, row);
      expect([starts[0], row_ends[1], row_ends[2], starts[3]]).toEqual([header_starts[0], header_ends[1], header_ends[2], header_starts[3]]);
    }
    // The rule under the header is as wide as each column.
    const rule = lines[1]!.split('  ').map((dashes) => dashes.length);
    expect(rule).toEqual(headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]!)))));
  });
});
