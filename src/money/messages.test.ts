import { describe, expect, it } from 'vitest';
import { parseAmount } from './amount.ts';
import { parseDecimal } from './decimal.ts';
import { MoneyError } from './errors.ts';
import { moneyMessages } from './messages.ts';
import { Translator } from '../i18n/i18n.ts';

// One input per error code; the set of codes they raise must be exactly the catalog's keys.
const EXAMPLES: (() => unknown)[] = [
  () => parseAmount('', 8),
  () => parseAmount('abc', 8),
  () => parseAmount('1e8', 8),
  () => parseAmount('1,000', 8),
  () => parseAmount('NaN', 8),
  () => parseAmount('-1', 8),
  () => parseAmount('0.000000001', 8),
  () => parseDecimal('1' + '0'.repeat(40)),
];

function raised(action: () => unknown): MoneyError {
  try {
    action();
  } catch (error) {
    if (error instanceof MoneyError) return error;
    throw error;
  }
  throw new Error('expected a MoneyError');
}

const placeholders = (template: string): string[] => [...template.matchAll(/\{(\w+)(?::[^{}|]*\|[^{}]*)?\}/g)].map((m) => m[1]!).sort();

describe('money messages', () => {
  it('cover exactly the codes the parsers raise', () => {
    const codes = new Set(EXAMPLES.map((example) => raised(example).code));
    expect([...codes].sort()).toEqual(Object.keys(moneyMessages).sort());
  });

  it('use the same placeholders in Japanese and English, all of them supplied by the error', () => {
    for (const example of EXAMPLES) {
      const error = raised(example);
      const template = moneyMessages[error.code]!;
      expect(placeholders(template.ja)).toEqual(placeholders(template.en));
      for (const name of placeholders(template.en)) expect(error.params).toHaveProperty(name);
    }
  });

  it('render a too-many-decimals error in both languages', () => {
    const error = raised(() => parseAmount('0.123456789', 8));
    expect(new Translator('en', moneyMessages).t(error.code, error.params)).toBe(
      "'0.123456789' has 9 decimals; at most 8 allowed",
    );
    expect(new Translator('ja', moneyMessages).t(error.code, error.params)).toBe(
      "'0.123456789' は小数点以下9桁です。最大8桁までです",
    );
  });
});
