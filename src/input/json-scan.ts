// A check of JSON text before JSON.parse sees it, in one pass with an explicit stack (so no
// document can exhaust the call stack): the syntax with the line of the first error, nesting up
// to JSON_DEPTH_MAX, no key twice in an object (the last would silently win, as a misspelt key
// would be silently dropped), no NUL (the store cannot hold it) and no unpaired surrogate escape
// in any string. What it accepts, JSON.parse accepts and json-lines.ts can walk.

import type { MessageParams } from '../errors.ts';
import type { JsonPath } from './json-lines.ts';

/** Deeper is surely not a Hozen document; the bound keeps every later walk of it cheap. */
export const JSON_DEPTH_MAX = 64;

export interface JsonScanIssue {
  line: number;
  /** Where the problem is, when the scan got inside the document. */
  path?: JsonPath;
  code: string;
  params: MessageParams;
}

interface Frame {
  object: boolean;
  keys: Set<string>;
  key: string;
  index: number;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

class Stop extends Error {}

/** How much of the path a too-deep issue shows. */
const PATH_SHOWN_MAX = 4;

/**
 * The problems of a JSON text: a syntax error or too deep a nesting stop the scan (one issue);
 * duplicate keys, NULs and unpaired surrogates are all reported.
 */
export function scanJson(text: string): JsonScanIssue[] {
  const issues: JsonScanIssue[] = [];
  const stack: Frame[] = [];
  let i = 0;
  let line = 1;
  const path = (): Array<string | number> => stack.map((f) => (f.object ? f.key : f.index));
  const fail = (code: string, params: MessageParams = {}): never => {
    // Too deep a nesting is named by where it starts (a path of 64 [0]s would say nothing more).
    // A syntax error has only a line: the path of the last key read would name the wrong value.
    const at = code === 'json.too_deep' ? path().slice(0, PATH_SHOWN_MAX) : [];
    issues.push({ line, ...(at.length > 0 ? { path: at } : {}), code, params });
    throw new Stop();
  };
  const syntax = (): never => (i < text.length ? fail('file.json_syntax', { found: describeChar(text.codePointAt(i)!) }) : fail('file.json_truncated'));
  const space = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 10) line += 1;
      else if (c !== 32 && c !== 9 && c !== 13) return;
      i += 1;
    }
  };
  /** Reads the string at i (at its opening quote) and returns its value. */
  const string = (): string => {
    const start = i + 1;
    let escaped = false;
    i += 1;
    for (;;) {
      if (i >= text.length) syntax();
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c < 0x20) syntax();
      if (c === 92) {
        escaped = true;
        const e = text[i + 1];
        if (e === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!HEX4.test(hex)) {
            i += 1;
            syntax();
          }
          const unit = parseInt(hex, 16);
          if (unit === 0) issues.push({ line, path: path(), code: 'json.nul', params: {} });
          if (unit >= 0xd800 && unit <= 0xdbff) {
            const next = text.slice(i + 6, i + 12);
            const low = next.startsWith('\\u') && HEX4.test(next.slice(2)) ? parseInt(next.slice(2), 16) : -1;
            if (low >= 0xdc00 && low <= 0xdfff) i += 6;
            else issues.push({ line, path: path(), code: 'json.lone_surrogate', params: { value: `\\u${hex}` } });
          } else if (unit >= 0xdc00 && unit <= 0xdfff) issues.push({ line, path: path(), code: 'json.lone_surrogate', params: { value: `\\u${hex}` } });
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) {
          i += 1;
          syntax();
        }
        i += 2;
        continue;
      }
      i += 1;
    }
    const raw = text.slice(start, i);
    i += 1;
    return escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
  };
  /** Reads `"key" :` in the object on top of the stack. */
  const key = (): void => {
    space();
    if (text.charCodeAt(i) !== 34) syntax();
    const frame = stack[stack.length - 1]!;
    frame.key = '';
    const name = string();
    frame.key = name;
    if (frame.keys.has(name)) issues.push({ line, path: path(), code: 'json.duplicate_key', params: { field: name } });
    frame.keys.add(name);
    space();
    if (text.charCodeAt(i) !== 58) syntax();
    i += 1;
  };

  try {
    space();
    for (;;) {
      // A value starts at i.
      space();
      const c = text.charCodeAt(i);
      let open = false;
      if (c === 123 || c === 91) {
        if (stack.length >= JSON_DEPTH_MAX) fail('json.too_deep', { max: JSON_DEPTH_MAX });
        const object = c === 123;
        i += 1;
        stack.push({ object, keys: new Set(), key: '', index: 0 });
        space();
        if (text.charCodeAt(i) === (object ? 125 : 93)) {
          i += 1;
          stack.pop();
        } else {
          if (object) key();
          open = true;
        }
      } else if (c === 34) string();
      else if (text.startsWith('true', i)) i += 4;
      else if (text.startsWith('false', i)) i += 5;
      else if (text.startsWith('null', i)) i += 4;
      else {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) syntax();
        i = NUMBER.lastIndex;
      }
      if (open) continue;
      // After a value: a comma, or the end of one or more containers, or of the document.
      let next_value = false;
      while (!next_value) {
        space();
        const frame = stack[stack.length - 1];
        if (frame === undefined) {
          if (i < text.length) syntax();
          return issues;
        }
        const d = text.charCodeAt(i);
        if (d === 44) {
          i += 1;
          if (frame.object) key();
          else frame.index += 1;
          next_value = true;
        } else if (d === (frame.object ? 125 : 93)) {
          i += 1;
          stack.pop();
        } else syntax();
      }
    }
  } catch (error) {
    if (error instanceof Stop) return issues;
    throw error;
  }
}

/** A character as a message shows it: printable as itself, others as their code point. */
export function describeChar(code: number): string {
  if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${String.fromCodePoint(code)}'`;
}
