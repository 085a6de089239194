import { describe, expect, it } from 'vitest';
import { readableYen, shownDelta, shownQuantity } from './figures.ts';

describe('figures on pages', () => {
  it('reads yen in 億 and 万 in Japanese, marking a figure cut down to the 万', () => {
    expect(readableYen(12_000_000_000n, 'ja')).toBe('120億円');
    expect(readableYen(59_045_318n, 'ja')).toBe('約 5,904万円');
    expect(readableYen(150_000_000n, 'ja')).toBe('1億5,000万円');
    expect(readableYen(123_456_789_000_000n, 'ja')).toBe('1,234,567億8,900万円');
    expect(readableYen(9_999n, 'ja')).toBe('9,999円');
    expect(readableYen(-20_000n, 'ja')).toBe('−2万円');
    expect(readableYen(12_000_000_000n, 'en')).toBe('12,000,000,000 JPY');
  });

  it('shows ETH to eight places unless the exact figure is asked for', () => {
    const wei = 1_234_567_891_234_567_891n; // 1.234567891234567891 ETH
    expect(shownQuantity(wei, 18)).toBe('≈1.23456789');
    expect(shownQuantity(wei, 18, true)).toBe('1.234567891234567891');
    expect(shownQuantity(1_500_000_000_000_000_000n, 18)).toBe('1.5');
    expect(shownQuantity(110_276_796n, 8)).toBe('1.10276796');
    expect(shownDelta(-1_500_000_000_000_000_000n, 18)).toBe('−1.5');
    expect(shownDelta(2500n, 2)).toBe('+25');
  });
});

describe('risk levels as a reader reads them', async () => {
  const { level } = await import('./pages/risk.ts');
  it('names 0.99, 0.995 and 0.999 without float noise', () => {
    expect([level('0.99'), level('0.995'), level('0.999'), level('0.9')]).toEqual(['99%', '99.5%', '99.9%', '90%']);
  });
});
