import { describe, expect, it } from 'vitest';
import { parseAmount } from '../money/index.ts';
import { isCalendarDate } from './calendar.ts';
import { demoContracts } from './contracts.ts';
import { demoRandom } from './random.ts';
import { demoSafeAssets, SAFE_ASSETS_HEADER, safeAssetsCsv } from './safe-assets.ts';

const AS_OF_DATE = '2026-11-25';
const contracts = demoContracts(AS_OF_DATE);
const bank_guarantee = contracts.find((c) => c.kind === 'bank_guarantee')!;
const safe_assets = demoSafeAssets(demoRandom(1, 'safe_assets'), AS_OF_DATE, bank_guarantee);
const inForce = (c: { start: string; end: string }) => c.start <= AS_OF_DATE && AS_OF_DATE <= c.end;

describe('demoContracts', () => {
  it('has a preservation contract in force on as_of and an expired one, by hand', () => {
    // 2026-11-25 lies in fiscal year 2026-04-01 … 2027-03-31; the year before ended 2026-03-31.
    const preservation = contracts.filter((c) => c.kind === 'preservation');
    expect(preservation.map((c) => [c.start, c.end, inForce(c)])).toEqual([
      ['2026-04-01', '2027-03-31', true],
      ['2025-04-01', '2026-03-31', false],
    ]);
    expect(inForce(bank_guarantee)).toBe(true);
    for (const c of contracts) {
      expect(isCalendarDate(c.start) && isCalendarDate(c.end)).toBe(true);
      expect(parseAmount(c.amount, 0) > 0n).toBe(true);
      expect(c.covers).toContain('hack_compensation');
    }
    expect(new Set(contracts.map((c) => c.id)).size).toBe(contracts.length);
  });
});

describe('demoSafeAssets', () => {
  it('mixes deposits, JGBs and a municipal bond, maturing within and after six months', () => {
    const kinds = new Set(safe_assets.map((s) => s.kind));
    for (const kind of ['bank_deposit', 'time_deposit', 'jgb', 'municipal_bond']) expect(kinds.has(kind as never)).toBe(true);
    const six_months = '2027-05-25';
    const maturities = safe_assets.map((s) => s.maturity).filter((m) => m !== '');
    expect(maturities.some((m) => m > AS_OF_DATE && m <= six_months)).toBe(true);
    expect(maturities.some((m) => m > six_months)).toBe(true);
    for (const m of maturities) expect(isCalendarDate(m)).toBe(true);
  });

  it('links exactly one row to an existing contract', () => {
    const linked = safe_assets.filter((s) => s.contract_id !== '');
    expect(linked).toHaveLength(1);
    expect(contracts.map((c) => c.id)).toContain(linked[0]!.contract_id);
  });

  it('writes whole-yen values that parse, eight fields per row', () => {
    const lines = safeAssetsCsv(safe_assets).trimEnd().split('\n');
    expect(lines[0] + '\n').toBe(SAFE_ASSETS_HEADER);
    for (const line of lines.slice(1)) {
      const fields = line.split(',');
      expect(fields).toHaveLength(8);
      expect(parseAmount(fields[3]!, 0) > 0n).toBe(true);
      expect(parseAmount(fields[4]!, 0) > 0n).toBe(true);
      expect(['true', 'false']).toContain(fields[6]);
    }
  });
});
