// The pre-scan against JSON.parse: it accepts what JSON.parse accepts (short of its own rules),
// never accepts what JSON.parse refuses, and locates its refusals.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JSON_DEPTH_MAX, scanJson } from './json-scan.ts';

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('scanJson', () => {
  it('accepts every JSON text JSON.stringify writes, but for NULs and lone surrogates', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const codes = scanJson(text).map((i) => i.code);
        expect(codes.filter((c) => c !== 'json.nul' && c !== 'json.lone_surrogate')).toEqual([]);
      }),
    );
  });

  it('never accepts a text JSON.parse refuses (arbitrary and mutated texts)', () => {
    const alphabet = fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '\\', 'u', '0', '1', 'e', '-', '.', ' ', '\n', 't', 'r', 'n', 'a', 'x');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: alphabet, maxLength: 40 }), fc.jsonValue().map((v) => JSON.stringify(v)).chain((t) => fc.tuple(fc.nat(t.length), fc.string({ unit: alphabet, maxLength: 3 })).map(([at, s]) => t.slice(0, at) + s + t.slice(at)))), (text) => {
        if (scanJson(text).length === 0) expect(parses(text), text).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a key given twice, at its line and path', () => {
    expect(scanJson('{\n  "a": { "b": 1,\n    "b": 2 }\n}')).toEqual([{ line: 3, path: ['a', 'b'], code: 'json.duplicate_key', params: { field: 'b' } }]);
    expect(scanJson('{"a\\u0062": 1, "ab": 2}').map((i) => i.code)).toEqual(['json.duplicate_key']);
    expect(scanJson('[{"a": 1}, {"a": 1}]')).toEqual([]);
  });

  it('refuses nesting deeper than the limit without using the call stack', () => {
    const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect(scanJson(nested(JSON_DEPTH_MAX))).toEqual([]);
    expect(scanJson(nested(JSON_DEPTH_MAX + 1)).map((i) => i.code)).toEqual(['json.too_deep']);
    expect(scanJson(nested(1_000_000)).map((i) => i.code)).toEqual(['json.too_deep']);
    expect(scanJson('['.repeat(1_000_000)).map((i) => i.code)).toEqual(['json.too_deep']);
  });

  it('refuses NUL and lone surrogates, and locates syntax errors by line', () => {
    expect(scanJson('{"name": "a\\u0000b"}')).toEqual([{ line: 1, path: ['name'], code: 'json.nul', params: {} }]);
    expect(scanJson('["\\ud83d\\ude00", "\\udc00"]').map((i) => i.code)).toEqual(['json.lone_surrogate']);
    expect(scanJson('{\n  "base_currency": JPY\n}')).toEqual([{ line: 2, code: 'file.json_syntax', params: { found: "'J'" } }]);
    expect(scanJson('"a\u0000"')).toEqual([{ line: 1, code: 'file.json_syntax', params: { found: 'U+0000' } }]);
    expect(scanJson('{"a": 1')).toEqual([{ line: 1, code: 'file.json_truncated', params: {} }]);
    expect(scanJson('')).toEqual([{ line: 1, code: 'file.json_truncated', params: {} }]);
  });
});
