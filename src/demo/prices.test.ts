import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimal } from '../money/index.ts';
import { DEMO_ASSETS } from './assets.ts';
import { parseAsOf } from './calendar.ts';
import { demoPrices, PRICE_HISTORY_DAYS, priceText, pricesCsv, TRADE_ASSET } from './prices.ts';
import { demoRandom } from './random.ts';

describe('priceText', () => {
  it('keeps six significant digits and at least whole yen, without float noise', () => {
    expect(priceText(15_234_567.4)).toBe('15234567');
    expect(priceText(512_345.678)).toBe('512346');
    expect(priceText(70_123.45)).toBe('70123.5');
    expect(priceText(3.066514999)).toBe('3.06651');
    // 0.1 + 0.2 is 0.30000000000000004 as a float; the text is 0.3.
    expect(priceText(0.1 + 0.2)).toBe('0.3');
    expect(priceText(0.000123456789)).toBe('0.000123457');
  });

  it('parses as an exact decimal within half a unit of the sixth significant digit', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e9, noNaN: true }), (price) => {
        const text = priceText(price);
        const parsed = parseDecimal(text);
        expect(text).toMatch(/^\d+(\.\d+)?$/);
        expect(Math.abs(Number(text) - price) / price).toBeLessThanOrEqual(5.0001e-6);
        expect(parsed.coef > 0n).toBe(true);
      }),
    );
  });

  it('refuses prices that cannot be written', () => {
    for (const price of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => priceText(price)).toThrow(RangeError);
  });
});

describe('demoPrices', () => {
  const as_of = parseAsOf('2026-11-25T00:00:00+09:00')!;
  const prices = demoPrices(demoRandom(1, 'prices'), as_of);
  const crypto = DEMO_ASSETS.filter((a) => a.kind === 'crypto');

  it('gives each crypto asset a year of daily closes ending at as_of, in time order', () => {
    for (const asset of crypto) {
      const rows = prices.rows.filter((r) => r.asset === asset.symbol);
      const daily = rows.filter((r) => r.volume === undefined);
      expect(daily).toHaveLength(PRICE_HISTORY_DAYS + 1);
      expect(daily[0]!.time).toBe('2025-11-25T00:00:00+09:00');
      expect(daily.at(-1)!.time).toBe('2026-11-25T00:00:00+09:00');
      const times = rows.map((r) => Date.parse(r.time));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(new Set(times).size).toBe(times.length);
    }
    expect(prices.rows.some((r) => r.asset === 'JPY')).toBe(false);
  });

  it('ends near the nominal level and stays within a believable band over the year', () => {
    for (const asset of crypto) {
      const closes = prices.rows.filter((r) => r.asset === asset.symbol && r.volume === undefined).map((r) => Number(r.price));
      const last = prices.price_at_as_of.get(asset.symbol)!;
      expect(last).toBe(closes.at(-1));
      // Level jitter is 5% (one standard deviation of the log); 25% is five of them.
      expect(Math.abs(Math.log(last / asset.price_level_jpy))).toBeLessThan(0.25);
      for (const close of closes) expect(Math.abs(Math.log(close / asset.price_level_jpy))).toBeLessThan(2);
    }
    expect(prices.price_at_as_of.get('JPY')).toBe(1);
  });

  it('adds intraday XEM trades with volume on a second venue, before the as_of close', () => {
    const trades = prices.rows.filter((r) => r.volume !== undefined);
    expect(trades.length).toBeGreaterThanOrEqual(5);
    for (const trade of trades) {
      expect(trade.asset).toBe(TRADE_ASSET);
      expect(Date.parse(trade.time)).toBeLessThan(as_of.ms);
      expect(Date.parse(trade.time)).toBeGreaterThan(as_of.ms - 86_400_000);
      expect(parseDecimal(trade.volume!).coef > 0n).toBe(true);
      expect(trade.venue).not.toBe(prices.rows[0]!.venue);
    }
  });

  it('writes every row as five CSV fields with a venue', () => {
    const lines = pricesCsv(prices.rows).trimEnd().split('\n');
    expect(lines[0]).toBe('time,asset,price,volume,venue');
    expect(lines).toHaveLength(prices.rows.length + 1);
    for (const line of lines.slice(1)) {
      const fields = line.split(',');
      expect(fields).toHaveLength(5);
      expect(fields[4]).not.toBe('');
    }
  });

  it('depends only on its random stream', () => {
    expect(demoPrices(demoRandom(1, 'prices'), as_of).rows).toEqual(prices.rows);
    expect(demoPrices(demoRandom(2, 'prices'), as_of).rows).not.toEqual(prices.rows);
  });
});
