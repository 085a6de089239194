// Terminal columns of text, by Unicode's East Asian Width (UAX #11): full-width and wide characters
// take two columns, combining marks, format characters and variation selectors none, ANSI colour
// sequences none; the ambiguous ones (—, ①, Greek …) one, as terminals draw them outside a CJK
// locale. Every terminal table and commander's help pad with these, so Japanese lines up.

import { eastAsianWidth } from 'get-east-asian-width';

const ANSI = /\u001b\[[0-9;]*m/g;
/** Nonspacing and enclosing marks, format characters (ZWJ, ZWSP …), variation selectors: no column. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\uFE00-\uFE0F]$/u;
const CONTROL = /^\p{Cc}$/u;

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text.replace(ANSI, '')) {
    if (ZERO_WIDTH.test(char) || CONTROL.test(char)) continue;
    width += eastAsianWidth(char.codePointAt(0)!);
  }
  return width;
}

/** `text` followed by spaces up to `width` columns (never cut). */
export function padEndToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Spaces up to `width` columns, then `text` (never cut). */
export function padStartToWidth(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}
