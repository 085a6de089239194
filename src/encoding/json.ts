// Hozen's one JSON encoding: for values kept in the store's jsonb (run params and results, audit
// details, wallet controls, documents), and, through canonicalJson, for every hash of structured
// inputs (run ids, policy hashes, audit entries). docs/formats.md ("Canonical JSON") is the spec. JSON has no bigint, and amounts are bigints, so:
//
//   a bigint 123n                 is stored as  {"$bigint":"123"}
//   an object {"$bigint": x}      is stored as  {"$$bigint": x}   (one more '$': the encoding
//   an object {"$$bigint": x}     is stored as  {"$$$bigint": x}   stays one-to-one)
//
// and decoding reverses it, so what is read back deep-equals what was written. Only plain
// objects, arrays, strings, finite numbers, booleans, null and bigints are accepted: anything
// else (a Map, a Date, NaN) would come back as something else, so it is refused, not altered.
// A property whose value is undefined is dropped, as JSON.stringify does.

import { createHash } from 'node:crypto';
import { UserError } from '../errors.ts';

/** Nesting deeper than this is refused: no engine result is that deep, and recursion is bounded. */
export const JSON_DEPTH_MAX = 64;

const BIGINT_TAG = '$bigint';
const ESCAPED_TAG = /^\$+bigint$/;

export function encodeJson(value: unknown, path = '$', depth = 0): unknown {
  if (depth > JSON_DEPTH_MAX) throw new Error(`store: ${path} is nested deeper than ${JSON_DEPTH_MAX}`);
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'string') return encodeString(value, path);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`store: ${path} is ${value}, which JSON cannot hold`);
    return value;
  }
  if (typeof value === 'bigint') return { [BIGINT_TAG]: value.toString() };
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      if (item === undefined) throw new Error(`store: ${path}[${i}] is undefined`);
      return encodeJson(item, `${path}[${i}]`, depth + 1);
    });
  }
  if (typeof value === 'object' && isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    const only = entries.length === 1 ? entries[0] : undefined;
    if (only !== undefined && ESCAPED_TAG.test(only[0])) {
      return { ['$' + only[0]]: encodeJson(only[1], `${path}.${only[0]}`, depth + 1) };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) setOwn(out, encodeString(k, path), encodeJson(v, `${path}.${k}`, depth + 1));
    return out;
  }
  const what = typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
  throw new Error(`store: ${path} is a ${what}, which the store cannot keep exactly`);
}

export function decodeJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeJson);
  const entries = Object.entries(value);
  const only = entries.length === 1 ? entries[0] : undefined;
  if (only !== undefined && ESCAPED_TAG.test(only[0])) {
    if (only[0] === BIGINT_TAG) {
      if (typeof only[1] !== 'string' || !/^-?\d+$/.test(only[1])) throw new Error(`store: malformed ${BIGINT_TAG} ${JSON.stringify(only[1])}`);
      return BigInt(only[1]);
    }
    return { [only[0].slice(1)]: decodeJson(only[1]) };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) setOwn(out, k, decodeJson(v));
  return out;
}

/** JSON text of `encodeJson(value)`, ready for a `$n::jsonb` parameter. */
export function jsonParam(value: unknown, path?: string): string {
  return JSON.stringify(encodeJson(value, path));
}

/**
 * Canonical JSON: no whitespace; object keys sorted by UTF-16 code units (JavaScript's default
 * string order); strings and numbers written as JSON.stringify writes them (numbers in
 * ECMAScript's shortest round-trip form). Values must already be in the store's encoding. The
 * same value always gives the same text, whatever order jsonb returned its keys in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort();
    const record = value as Record<string, unknown>;
    return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(record[k])).join(',') + '}';
  }
  throw new Error(`store: canonicalJson got a ${typeof value}`);
}

/** Plain assignment of a '__proto__' key would set the prototype instead of a property. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** PostgreSQL text and jsonb cannot hold U+0000; say so instead of failing deep in the driver. */
function encodeString(text: string, path: string): string {
  if (text.includes('\u0000')) throw new UserError('store.nul_character', { where: path });
  return text;
}

/**
 * SHA-256 (hex) of the canonical JSON of any value the encoding accepts: bigints as {"$bigint"},
 * object properties that are undefined dropped (an undefined array item is refused), keys sorted.
 * Every hash of structured inputs goes through here, so equal inputs always give equal hashes.
 */
export function canonicalSha256(value: unknown): string {
  return createHash('sha256').update(canonicalJson(encodeJson(value)), 'utf8').digest('hex');
}

/**
 * JSON.parse of a document's text, a UTF-8 BOM before it skipped: Windows editors write one, and
 * it must not change what a file means (JSON.parse alone refuses it).
 */
export function parseJsonText(text: string): unknown {
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
}
