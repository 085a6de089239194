import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PAYOUTS_HEADER, payoutLine } from './csv.ts';
import { forEachPayout, PayoutColumnsBuilder } from './payout-columns.ts';
import { PayoutEncoder, type PayoutAssets } from './payout-encoder.ts';
import { openPayoutFile } from './payout-file.ts';
import type { PayoutRow } from './types.ts';

const ASSETS: PayoutAssets = { symbols: ['BTC', 'ETH', 'JPY', 'X,Y'], decimals: [8, 18, 0, 3], base_decimals: 0 };
const dir = mkdtempSync(join(tmpdir(), 'hozen-payouts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const amount = fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 2n ** 60n }), fc.bigInt({ min: 0n, max: 10n ** 40n }));
const payoutRow = fc.record({
  account_id: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/), fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }).filter((s) => !s.includes('\n'))),
  asset: fc.constantFrom(...ASSETS.symbols),
  balance_minor: amount,
  loss_minor: amount,
  paid_in_kind_minor: amount,
  paid_fiat_minor: amount,
  iou_minor: amount,
  unpaid_claim_minor: amount,
  rounding_residue: fc.record({ coef: fc.bigInt({ min: -(10n ** 45n), max: 10n ** 45n }), scale: fc.integer({ min: 0, max: 40 }) }),
});

function expectedText(rows: readonly PayoutRow[], base_decimals = ASSETS.base_decimals): string {
  return rows.map((r) => payoutLine(r, ASSETS.decimals[ASSETS.symbols.indexOf(r.asset)]!, base_decimals) + '\n').join('');
}

function encode(encoder: PayoutEncoder, r: PayoutRow): void {
  encoder.row(r.account_id, ASSETS.symbols.indexOf(r.asset), r.balance_minor, r.loss_minor, r.paid_in_kind_minor, r.paid_fiat_minor, r.iou_minor, r.unpaid_claim_minor, r.rounding_residue.coef, r.rounding_residue.scale);
}

describe('payout encoder', () => {
  it('writes the bytes of payoutLine, across flushes', () => {
    fc.assert(
      fc.property(fc.array(payoutRow, { maxLength: 40 }), fc.integer({ min: 0, max: 4 }), (rows: PayoutRow[], base_decimals) => {
        const chunks: Buffer[] = [];
        const encoder = new PayoutEncoder({ ...ASSETS, base_decimals }, (bytes) => chunks.push(Buffer.from(bytes)));
        encoder.text('header\n');
        rows.forEach((r, i) => {
          encode(encoder, r);
          if (i % 7 === 3) encoder.flush();
        });
        encoder.flush();
        expect(Buffer.concat(chunks).toString('utf8')).toBe('header\n' + expectedText(rows, base_decimals));
      }),
      { numRuns: 500 },
    );
  });

  it('starts a new chunk when a row would not fit, never splitting a row', () => {
    const chunks: number[] = [];
    const encoder = new PayoutEncoder(ASSETS, (bytes) => chunks.push(bytes.length));
    const row: PayoutRow = { account_id: 'A'.repeat(100), asset: 'BTC', balance_minor: 10n ** 30n, loss_minor: 1n, paid_in_kind_minor: 0n, paid_fiat_minor: 0n, iou_minor: 0n, unpaid_claim_minor: 0n, rounding_residue: { coef: 0n, scale: 0 } };
    for (let i = 0; i < 20_000; i++) encode(encoder, row);
    encoder.flush();
    const line = payoutLine(row, 8, 0).length + 1;
    expect(chunks.reduce((s, n) => s + n, 0)).toBe(20_000 * line);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((n) => n % line === 0)).toBe(true);
  });
});

describe('payout columns', () => {
  it('give back every row exactly, wide and negative amounts included', () => {
    fc.assert(
      fc.property(fc.array(payoutRow, { minLength: 1, maxLength: 30 }), (rows: PayoutRow[]) => {
        const builder = new PayoutColumnsBuilder(rows.length);
        for (const r of rows) builder.add(r, ASSETS.symbols.indexOf(r.asset));
        expect(builder.full).toBe(true);
        const back: PayoutRow[] = [];
        forEachPayout(builder.take(), (account_id, asset, balance_minor, loss_minor, paid_in_kind_minor, paid_fiat_minor, iou_minor, unpaid_claim_minor, coef, scale) =>
          back.push({ account_id, asset: ASSETS.symbols[asset]!, balance_minor, loss_minor, paid_in_kind_minor, paid_fiat_minor, iou_minor, unpaid_claim_minor, rounding_residue: { coef, scale } }),
        );
        expect(back).toEqual(rows);
        expect(builder.empty).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses an account id with a line break, which would shift every later row', () => {
    const builder = new PayoutColumnsBuilder(2);
    const row: PayoutRow = { account_id: 'a\nb', asset: 'BTC', balance_minor: 1n, loss_minor: 0n, paid_in_kind_minor: 0n, paid_fiat_minor: 0n, iou_minor: 0n, unpaid_claim_minor: 0n, rounding_residue: { coef: 0n, scale: 0 } };
    expect(() => builder.add(row, 0)).toThrow(/line break/);
  });
});

describe('payouts.csv file', () => {
  const rows = fc.sample(payoutRow, { numRuns: 20_000, seed: 7 });

  it('is the same file written in this thread or by the writer thread', async () => {
    const texts: string[] = [];
    for (const threaded of [false, true]) {
      const path = join(dir, `payouts-${threaded}.csv`);
      const file = openPayoutFile(path, ASSETS, { threaded });
      for (const [i, r] of rows.entries()) {
        file.sink.row(r);
        if (i % 1000 === 999) await file.sink.flush();
      }
      await file.finish();
      expect(existsSync(`${path}.partial`)).toBe(false);
      texts.push(readFileSync(path, 'utf8'));
    }
    expect(texts[0]).toBe(PAYOUTS_HEADER + '\n' + expectedText(rows));
    expect(texts[1]).toBe(texts[0]);
  });

  it('leaves nothing behind when abandoned', async () => {
    for (const threaded of [false, true]) {
      const path = join(dir, `abandoned-${threaded}.csv`);
      const file = openPayoutFile(path, ASSETS, { threaded });
      file.sink.row(rows[0]!);
      await file.abandon();
      expect(existsSync(path) || existsSync(`${path}.partial`)).toBe(false);
    }
  });

  it('reports a row the writer thread cannot write instead of hanging', async () => {
    const path = join(dir, 'failing.csv');
    const file = openPayoutFile(path, ASSETS, { threaded: true });
    file.sink.row({ ...rows[0]!, balance_minor: 10n ** 500n });
    await expect(file.finish()).rejects.toThrow(/digits/);
    await file.abandon();
  });
});
