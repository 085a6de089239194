import { describe, expect, it } from 'vitest';
import { displayWidth } from '../text/width.ts';
import { colourLabels, styleForTerminal, terminalStyle, wrapLines } from './terminal.ts';

const labels = { fail: 'FAIL', warn: 'WARN', pass: 'PASS' };
const ESC = '\u001b[';

describe('terminal output', () => {
  it('colours only on a terminal, and never with NO_COLOR or TERM=dumb', () => {
    expect(terminalStyle({}, { isTTY: true, columns: 100 })).toEqual({ colour: true, width: 100 });
    expect(terminalStyle({ NO_COLOR: '1' }, { isTTY: true, columns: 100 }).colour).toBe(false);
    expect(terminalStyle({ TERM: 'dumb' }, { isTTY: true, columns: 100 }).colour).toBe(false);
    expect(terminalStyle({}, {})).toEqual({ colour: false, width: null });
    expect(terminalStyle({ COLUMNS: '60' }, {})).toEqual({ colour: false, width: 60 });
    const text = '  [FAIL]   a\n  [WARN]   b\n  [PASS]   c\n';
    expect(styleForTerminal(text, { colour: false, width: null }, labels)).toBe(text);
    expect(colourLabels(text, labels)).toBe(`  ${ESC}31m[FAIL]${ESC}0m   a\n  ${ESC}33m[WARN]${ESC}0m   b\n  ${ESC}32m[PASS]${ESC}0m   c\n`);
  });

  it('wraps to the width, continuing under the text, wide characters counted as two columns', () => {
    const en = '           The contract pc-2026 ends on 2027-01-10, in 46 days: renew it or replace the cover.';
    const wrapped = wrapLines(en, 50).split('\n');
    expect(wrapped.length).toBeGreaterThan(1);
    for (const line of wrapped) expect(displayWidth(line)).toBeLessThanOrEqual(50);
    expect(wrapped.slice(1).every((line) => line.startsWith('           ') && line[11] !== ' ')).toBe(true);
    expect(wrapped.join(' ').replace(/\s+/g, ' ').trim()).toBe(en.trim());
    const ja = '  [不適合] コールドウォレット以外で管理する利用者暗号資産が全体の 5.24%（1,050,000,000 円のうち 55,000,000 円）で、上限 5% を超えています。';
    const ja_lines = wrapLines(ja, 44).split('\n');
    for (const line of ja_lines) expect(displayWidth(line)).toBeLessThanOrEqual(44);
    expect(ja_lines[1]!.startsWith(' '.repeat(11))).toBe(true);
  });
});
