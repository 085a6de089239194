// Strict UTF-8: the validator agrees with the platform's fatal decoder, and the streamed reader
// hands on the lines before a bad byte and names its line and offset.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { echo, InvalidUtf8Error, invalidUtf8At, readUtf8Stream } from './text.ts';

const work = mkdtempSync(join(tmpdir(), 'hozen-text-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const decodes = (bytes: Uint8Array): boolean => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

async function readAll(bytes: Uint8Array, chunk_bytes: number): Promise<{ text: string; error?: InvalidUtf8Error }> {
  const path = join(work, 'f.txt');
  writeFileSync(path, bytes);
  let text = '';
  try {
    for await (const piece of readUtf8Stream(path, chunk_bytes)) text += piece;
  } catch (error) {
    if (error instanceof InvalidUtf8Error) return { text, error };
    throw error;
  }
  return { text };
}

describe('strict UTF-8', () => {
  const bytes = fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }).map((s) => new Uint8Array(Buffer.from(s, 'utf8'))), fc.tuple(fc.string({ unit: 'binary', maxLength: 10 }), fc.nat(10), fc.nat(255)).map(([s, at, b]) => { const x = Buffer.from(s, 'utf8'); if (x.length > 0) x[at % x.length] = b; return new Uint8Array(x); }));

  it('finds a bad byte exactly when the fatal decoder refuses, and the prefix before it decodes', () => {
    fc.assert(
      fc.property(bytes, (b) => {
        const bad = invalidUtf8At(b);
        expect(bad === -1).toBe(decodes(b));
        if (bad !== -1) expect(decodes(b.subarray(0, bad))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('streams the same text in any chunk size, or the lines before the first bad byte and where it is', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }).map((s) => Buffer.from(s + '\n', 'utf8')), fc.constant(Buffer.from([0xff]))), { maxLength: 6 }), fc.integer({ min: 1, max: 7 }), async (parts, chunk_bytes) => {
        const all = Buffer.concat(parts);
        const { text, error } = await readAll(all, chunk_bytes);
        const bad = invalidUtf8At(all);
        if (bad === -1) {
          expect(error).toBeUndefined();
          expect(text).toBe(all.toString('utf8'));
        } else {
          expect(error?.offset).toBe(bad);
          const line_start = all.lastIndexOf(10, bad - 1) + 1;
          expect(text).toBe(all.toString('utf8', 0, bad === 0 ? 0 : line_start));
          expect(error?.line).toBe(all.subarray(0, bad).filter((c) => c === 10).length + 1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('echoes control characters escaped and long text cut', () => {
    expect(echo('a\u0000b\rc')).toBe('a\\u0000b\\rc');
    expect(echo('x'.repeat(100))).toBe('x'.repeat(80) + '…');
  });
});
