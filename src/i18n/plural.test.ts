import { describe, expect, it } from 'vitest';
import { translator } from './catalogs.ts';
import { interpolate } from './i18n.ts';

describe('singular and plural in English', () => {
  it('{count:one|other} picks the noun by the number', () => {
    expect(interpolate('{count:problem|problems} in the input', { count: 1 })).toBe('1 problem in the input');
    expect(interpolate('{count:problem|problems} in the input', { count: 2 })).toBe('2 problems in the input');
    expect(interpolate('{count:problem|problems}', { count: '1,000' })).toBe('1,000 problems');
    expect(interpolate('{count:problem|problems}', { count: 0 })).toBe('0 problems');
  });

  it('the input summary says "1 problem", and Japanese counts with 件', () => {
    expect(translator('en').t('input.invalid', { count: 1 })).toBe('1 problem in the input; nothing was written');
    expect(translator('en').t('input.invalid', { count: 3 })).toBe('3 problems in the input; nothing was written');
    expect(translator('ja').t('input.invalid', { count: 1 })).toBe('入力に1件の問題があります。何も書き込んでいません');
  });
});
