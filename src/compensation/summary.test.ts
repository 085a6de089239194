import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/catalogs.ts';
import { renderSummaryMarkdown, type SummaryJson } from './summary.ts';

const summary: SummaryJson = {
  incident: 'INC-1',
  run_id: 'compensate-x',
  scheme: 'haircut',
  on_shortfall: 'haircut',
  base_currency: 'JPY',
  total_need: '85671516',
  total_need_rounding: 'ceil',
  shortfall: '1000',
  haircut_ratio: '0.360670012345',
  coverage_ratio: '0.85234567',
  reference_prices: [],
  sources: [],
  insurance: 'computed',
  insurance_unattributed: null,
  totals: {
    paid_fiat: '85670516',
    iou: '0',
    rounding_residue: '12345.449012409',
    by_asset: [{ asset: 'XEM', loss: '28000000', paid_in_kind: '0', iou: '0', unpaid_claim: '0', rounding_residue: '12345.449012409', balance: '1', paid_fiat: '85670516', settled_in_value: '0', written_off: '0', borne_by_exchange: '0', rows: 16966 }],
  },
  rows: 16966,
};

describe('the compensation summary for people', () => {
  it('shows ratios as percentages with two places and residues with grouped digits and their unit', () => {
    const en = renderSummaryMarkdown(summary, translator('en'));
    expect(en).toContain('Coverage ratio (share of every obligation funded): 85.23%');
    expect(en).toContain('Haircut ratio (cut from every balance): 36.07%');
    expect(en).toContain('Rounding residue, in total: 12,345.449012409 JPY');
    expect(en).toContain('| 12,345.449012409 |');
    const ja = renderSummaryMarkdown(summary, translator('ja'));
    expect(ja).toContain('端数の合計：12,345.449012409円');
    expect(ja).toContain('充当率（各債務に充てられた割合）：85.23%');
  });
});
