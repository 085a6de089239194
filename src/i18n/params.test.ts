// Parameters as people read them: yen as 1,000円 in Japanese (never JPY, nor a space before 円),
// counts with grouped digits, names (a pid, a seed, a line) as they are.

import { describe, expect, it } from 'vitest';
import { Translator } from './i18n.ts';
import { labelMessages, LABELLED_PARAMS } from './labels.ts';

const catalog = {
  ...labelMessages,
  held: { en: 'held {held}', ja: '保有 {held}' },
  paid: { en: 'paid {paid} {currency}', ja: '支払額 {paid} {currency}です' },
  years: { en: '{years} years, seed {seed}, pid {pid}', ja: '{years} 年分、シード {seed}、pid {pid}' },
  kind: { en: 'kind {kind}', ja: '種類「{kind}」' },
};
const ja = new Translator('ja', catalog, LABELLED_PARAMS);
const en = new Translator('en', catalog, LABELLED_PARAMS);

describe('parameters', () => {
  it('writes yen as 円 next to the figure in Japanese, and JPY in English', () => {
    expect(ja.t('held', { held: '74,624,547,119 JPY' })).toBe('保有 74,624,547,119円');
    expect(ja.t('paid', { paid: '8,853', currency: 'JPY' })).toBe('支払額 8,853円です');
    expect(ja.t('held', { held: '2.5 BTC' })).toBe('保有 2.5 BTC');
    expect(en.t('held', { held: '74,624,547,119 JPY' })).toBe('held 74,624,547,119 JPY');
  });

  it('groups counts, not names', () => {
    expect(en.t('years', { years: 100000, seed: 12345, pid: 23107 })).toBe('100,000 years, seed 12345, pid 23107');
  });

  it('shows a vocabulary value by its label', () => {
    expect(ja.t('kind', { kind: 'bank_guarantee' })).toBe('種類「銀行保証」');
    expect(ja.t('kind', { kind: 'unheard_of' })).toBe('種類「unheard_of」');
  });
});
