// EU, MiCA (Regulation (EU) 2023/1114) art. 67 and Annex IV: a crypto-asset service provider's
// own funds ≥ max(the permanent minimum capital of its class — €50,000 / €125,000 / €150,000 —,
// one quarter of last year's fixed overheads). Art. 67(4) lets an insurance policy stand in, so
// insurance credit counts next to own funds (taken here as net assets).
// Inputs come from exchange.json `mica`; euro amounts are converted at a stated rate
// (`mica.eur_rate`, base currency per euro) or else at the EUR price row at as_of.

import { z } from 'zod';
import { VALUATION_ROUNDING } from '../../money/valuation.ts';
import { InputError } from '../../errors.ts';
import { formatDecimal, mulDecimal, parseDecimal, compareDecimal, type Decimal } from '../../money/decimal.ts';
import { amountCheck } from '../checks.ts';
import { ALL_TIERS, toBaseMinor, type CoverageFacts } from '../facts.ts';
import { CoverLedger } from '../ledger.ts';
import { decimalText, EXCHANGE_FILE, extensionAt, parseSection } from '../params.ts';
import { regimeModule, type Regime } from '../regime.ts';
import type { CoverSource } from '../sources.ts';
import type { Message } from '../types.ts';
import { displayBaseMinor, insuranceCover, referenceCode, statusCodes } from './common.ts';

export const MICA = 'mica';
const OWN_FUNDS = `${MICA}/own-funds`;
const SECTION = 'mica';
const EUR = 'EUR';

/** Annex IV permanent minimum capital, euros, by class. */
export const MICA_CLASS_MINIMUM_EUR: Record<1 | 2 | 3, Decimal> = {
  1: { coef: 50_000n, scale: 0 },
  2: { coef: 125_000n, scale: 0 },
  3: { coef: 150_000n, scale: 0 },
};

export interface MicaParams {
  class: 1 | 2 | 3;
  fixed_overheads_last_year: Decimal;
  /** EUR, or the base currency when the accounts are kept in it. */
  overheads_currency: string;
  /** Base currency per euro, and where it came from. */
  eur_rate: Decimal;
  eur_rate_source: 'stated' | 'price' | 'base';
}

const schema = z.strictObject({
  class: z.literal([1, 2, 3]),
  fixed_overheads_last_year: decimalText,
  overheads_currency: z.string().min(1).max(32).optional(),
  eur_rate: decimalText.optional(),
});

const regime: Regime<MicaParams> = {
  id: MICA,
  readParams(facts) {
    const raw = extensionAt(facts.extensions, [SECTION]);
    if (raw === undefined) {
      throw new InputError([{ file: EXCHANGE_FILE, path: SECTION, field: SECTION, code: 'coverage.mica.section_missing', params: {} }]);
    }
    const parsed = parseSection(schema, raw, [SECTION]);
    const overheads_currency = parsed.overheads_currency ?? EUR;
    if (overheads_currency !== EUR && overheads_currency !== facts.base_currency) {
      throw new InputError([
        { file: EXCHANGE_FILE, path: `${SECTION}.overheads_currency`, field: 'overheads_currency', code: 'coverage.params.value', params: { allowed: `${EUR}, ${facts.base_currency}` } },
      ]);
    }
    const rate = eurRate(facts, parsed.eur_rate);
    return {
      class: parsed.class,
      fixed_overheads_last_year: parseDecimal(parsed.fixed_overheads_last_year),
      overheads_currency,
      eur_rate: rate.rate,
      eur_rate_source: rate.source,
    };
  },
  paramsJson: (params) => ({
    class: params.class,
    fixed_overheads_last_year: formatDecimal(params.fixed_overheads_last_year),
    overheads_currency: params.overheads_currency,
    eur_rate: formatDecimal(params.eur_rate),
    eur_rate_source: params.eur_rate_source,
  }),
  evaluate(facts, params, providers) {
    const class_minimum_eur = MICA_CLASS_MINIMUM_EUR[params.class];
    const class_minimum = mulDecimal(class_minimum_eur, params.eur_rate);
    const quarter_of_overheads = mulDecimal(
      mulDecimal(params.fixed_overheads_last_year, { coef: 25n, scale: 2 }),
      params.overheads_currency === EUR ? params.eur_rate : { coef: 1n, scale: 0 },
    );
    // The larger of the two exact amounts, rounded up once (a requirement).
    const required_minor = toBaseMinor(facts, compareDecimal(class_minimum, quarter_of_overheads) >= 0 ? class_minimum : quarter_of_overheads, 'requirement');
    const insurance = insuranceCover(facts, providers, { regime: MICA, peril: 'external_hack', tiers: ALL_TIERS });
    const sources: CoverSource[] = [];
    if (facts.net_assets_minor > 0n) {
      sources.push({ kind: 'net_assets', id: 'net_assets', counted_minor: facts.net_assets_minor, unit: facts.base_currency, decimals: facts.base_decimals });
    }
    sources.push(...insurance.sources);
    const ledger = new CoverLedger();
    const counted_minor = ledger.cover(OWN_FUNDS, null, required_minor, sources);
    // Negative net assets are not a source, but they are what the exchange holds.
    const held_minor = facts.net_assets_minor < 0n ? facts.net_assets_minor + counted_minor : counted_minor;
    const check = amountCheck({
      id: OWN_FUNDS,
      asset: null,
      unit: facts.base_currency,
      decimals: facts.base_decimals,
      required_minor,
      required_rounding: VALUATION_ROUNDING.requirement,
      held_minor,
      reference: referenceCode(OWN_FUNDS),
      codes: statusCodes(OWN_FUNDS),
      params: {
        class: params.class,
        class_minimum: displayBaseMinor(facts, toBaseMinor(facts, class_minimum, 'requirement')),
        quarter_of_overheads: displayBaseMinor(facts, toBaseMinor(facts, quarter_of_overheads, 'requirement')),
      },
    });
    const notes: Message[] = [
      { code: `coverage.mica.rate.${params.eur_rate_source}`, params: { rate: formatDecimal(params.eur_rate), base: facts.base_currency } },
      ...insurance.notes,
    ];
    return { checks: [check], assignments: ledger.assignments, excluded: [], notes };
  },
};

/** A stated rate wins over the EUR price row: it is what the officer chose for this report. */
function eurRate(facts: CoverageFacts, stated: string | undefined): { rate: Decimal; source: MicaParams['eur_rate_source'] } {
  if (facts.base_currency === EUR) return { rate: { coef: 1n, scale: 0 }, source: 'base' };
  if (stated !== undefined) {
    const rate = parseDecimal(stated);
    if (rate.coef === 0n) {
      throw new InputError([{ file: EXCHANGE_FILE, path: `${SECTION}.eur_rate`, field: 'eur_rate', code: 'coverage.params.positive', params: {} }]);
    }
    return { rate, source: 'stated' };
  }
  const price = facts.assets.find((a) => a.asset === EUR)?.price;
  if (price !== undefined && price !== null) return { rate: price, source: 'price' };
  throw new InputError([
    { file: EXCHANGE_FILE, path: `${SECTION}.eur_rate`, field: 'eur_rate', code: 'coverage.mica.rate_missing', params: { base: facts.base_currency, as_of: facts.as_of.text } },
  ]);
}

export const mica = regimeModule(regime);
