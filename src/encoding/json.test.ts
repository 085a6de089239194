import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { canonicalJson, decodeJson, encodeJson } from './json.ts';

// Values the store's JSON encoding must keep exactly: JSON values plus bigints, with keys that
// look like the encoding's own tag.
const tagLikeKey = fc.constantFrom('$bigint', '$$bigint', '$$$bigint', 'bigint', '$', '__proto__');
const storable = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.string(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
    fc.bigInt({ min: -(1n << 256n), max: 1n << 256n }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), tagLikeKey), tie('value'), { maxKeys: 4 }),
    fc.tuple(tagLikeKey, tie('value')).map(([k, v]) => ({ [k]: v })),
  ),
})).value;

describe('store JSON encoding', () => {
  test('decode(JSON round trip(encode(v))) deep-equals v: bigints and tag-like keys survive', () => {
    fc.assert(
      fc.property(storable, (value) => {
        const through_text = JSON.parse(JSON.stringify(encodeJson(value))) as unknown;
        expect(decodeJson(through_text)).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });

  test('worked examples of the encoding', () => {
    expect(encodeJson({ a: 5n })).toEqual({ a: { $bigint: '5' } });
    expect(encodeJson({ $bigint: '5' })).toEqual({ $$bigint: '5' });
    expect(encodeJson({ $$bigint: 5n })).toEqual({ $$$bigint: { $bigint: '5' } });
    // Two keys: not a tag, kept as is.
    expect(encodeJson({ $bigint: '5', b: 1 })).toEqual({ $bigint: '5', b: 1 });
    expect(decodeJson({ $bigint: '-12' })).toBe(-12n);
    expect(encodeJson({ a: undefined, b: 1 })).toEqual({ b: 1 });
    const proto = decodeJson(JSON.parse('{"__proto__": {"x": 1}}')) as Record<string, unknown>;
    expect(Object.keys(proto)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
  });

  test('values JSON would alter are refused', () => {
    expect(() => encodeJson(new Map())).toThrow(/Map/);
    expect(() => encodeJson({ at: new Date(0) })).toThrow(/\$\.at is a Date/);
    expect(() => encodeJson([1, Number.POSITIVE_INFINITY])).toThrow(/\$\[1\] is Infinity/);
    expect(() => encodeJson([undefined])).toThrow(/undefined/);
    expect(() => encodeJson(() => 1)).toThrow(/function/);
    expect(() => encodeJson({ name: 'a\u0000b' })).toThrow(expect.objectContaining({ code: 'store.nul_character' }));
    let deep: unknown = 1;
    for (let i = 0; i < 70; i += 1) deep = [deep];
    expect(() => encodeJson(deep)).toThrow(/deeper than 64/);
    expect(() => decodeJson({ $bigint: '1.5' })).toThrow(/malformed/);
  });

  test('canonical JSON sorts keys at every depth and has no whitespace', () => {
    expect(canonicalJson({ b: [{ z: 1, a: 'x' }], a: null, é: true, B: 1.5 })).toBe('{"B":1.5,"a":null,"b":[{"a":"x","z":1}],"é":true}');
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 6 }), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(record));
        // JSON has no −0 (fast-check's JSON values do): the round trip is JSON's own.
        expect(JSON.parse(canonicalJson(record))).toEqual(JSON.parse(JSON.stringify(record)));
      }),
    );
  });
});
