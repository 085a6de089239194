// PGlite's COPY is cut into pieces of whole lines (so that a service's other requests get the
// thread between them): the pieces are the rows, in order, none lost, none split.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pieceEnd } from './pglite.ts';

function pieces(rows: Uint8Array, bytes_max: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let start = 0; start < rows.length; ) {
    const end = pieceEnd(rows, start, bytes_max);
    expect(end).toBeGreaterThan(start);
    out.push(rows.subarray(start, end));
    start = end;
  }
  return out;
}

describe('pieceEnd', () => {
  it('cuts only after a newline, within the bound unless one line is longer, and loses nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '\\'), maxLength: 40 }), { maxLength: 60 }), fc.integer({ min: 1, max: 64 }), (lines, bytes_max) => {
        const rows = new TextEncoder().encode(lines.map((l) => `${l}\n`).join(''));
        const cut = pieces(rows, bytes_max);
        expect(Buffer.concat(cut).equals(Buffer.from(rows))).toBe(true);
        for (const piece of cut) {
          expect(piece[piece.length - 1]).toBe(0x0a);
          // Longer than the bound only when it is one line.
          if (piece.length > bytes_max) expect(piece.indexOf(0x0a)).toBe(piece.length - 1);
        }
      }),
    );
  });

  it('keeps a batch within the bound whole', () => {
    const rows = new TextEncoder().encode('a\nb\n');
    expect(pieceEnd(rows, 0, 4)).toBe(4);
    expect(pieceEnd(rows, 0, 3)).toBe(2);
  });
});
