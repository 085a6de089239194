// The risk model's assumptions: every default in one place, each explained in docs/risk-model.md,
// and the optional `risk` section of exchange.json that overrides them. These are model
// parameters (rates, probabilities, shape parameters), not money, so they are plain JSON numbers.

import { z } from 'zod';
import { InputError, type InputIssue } from '../errors.ts';
import type { SeverityDistribution, Tier } from '../snapshot/types.ts';

export const EXCHANGE_FILE = 'exchange.json';
export const COMMON_CAUSE_KEYS = ['vendor', 'platform'] as const;
export type CommonCauseKey = (typeof COMMON_CAUSE_KEYS)[number];

export interface FrequencyTable {
  /** Breaches per year of a wallet of this tier with none of the controls below. */
  tier_rates: Record<Tier, number>;
  /** Rate multiplier by the signing threshold m of m-of-n; thresholds above the largest key use it. */
  signing_threshold_factors: Record<string, number>;
  hsm_factor: number;
  mpc_factor: number;
  address_allowlist_factor: number;
  /** Rate multiplier by CCSS level (1–3). */
  ccss_level_factors: Record<'1' | '2' | '3', number>;
}

export interface CommonCauseConfig {
  /** Wallet controls whose shared values form shared-cause groups. */
  keys: CommonCauseKey[];
  /** Compromises per year of one vendor or platform that reach the exchange's wallets. */
  annual_rate: number;
  /** Per-group overrides, keyed "<key>:<value>", e.g. "vendor:AcmeCustody". */
  rates: Record<string, number>;
  /** Each wallet of a compromised group is hit independently with this probability. */
  member_hit_probability: number;
}

export interface SeverityConfig {
  /** The drained fraction of a wallet without `risk.severity`, in the ordinary (not full) case. */
  default: SeverityDistribution;
  /** Share of events on a wallet without `risk.severity` that are a full compromise: everything goes, limits do not hold. */
  full_compromise_probability: number;
  /** Days a withdrawal limit keeps draining before the breach is contained. */
  containment_days: number;
  /** Probability that a wallet's own breach also defeats its withdrawal limit. */
  limit_bypass_probability: number;
  /** The same for a shared-cause event (the compromised component often enforces the limit). */
  limit_bypass_probability_common: number;
}

export interface PriceModelConfig {
  /** Days between the theft and the buy-back of the lost coins: the price risk of replenishment. */
  horizon_days: number;
  /** Below this many usable daily joint returns the bootstrap falls back to a lognormal. */
  history_days_min: number;
  /** The bootstrap looks back at most this many days from as_of. */
  history_days_max: number;
  /** Annual volatility of every crypto asset in the fallback (all perfectly correlated). */
  fallback_volatility_annual: number;
  /** Remove each asset's mean daily log-return: the past trend is not a forecast. */
  demean: boolean;
}

export interface RiskModelConfig {
  frequency: FrequencyTable;
  common_cause: CommonCauseConfig;
  severity: SeverityConfig;
  prices: PriceModelConfig;
}

/** Defaults; sources and reasoning in docs/risk-model.md. */
export const RISK_MODEL_DEFAULTS: RiskModelConfig = {
  frequency: {
    tier_rates: { hot: 0.1, warm: 0.03, cold: 0.005 },
    signing_threshold_factors: { '1': 1, '2': 0.6, '3': 0.5 },
    hsm_factor: 0.7,
    mpc_factor: 0.7,
    address_allowlist_factor: 0.8,
    ccss_level_factors: { '1': 0.9, '2': 0.75, '3': 0.6 },
  },
  common_cause: {
    keys: ['vendor', 'platform'],
    annual_rate: 0.02,
    rates: {},
    member_hit_probability: 0.5,
  },
  severity: {
    default: { dist: 'beta', alpha: 1, beta: 3 },
    full_compromise_probability: 0.1,
    containment_days: 1,
    limit_bypass_probability: 0.1,
    limit_bypass_probability_common: 0.5,
  },
  prices: {
    horizon_days: 30,
    history_days_min: 60,
    history_days_max: 1095,
    fallback_volatility_annual: 0.8,
    demean: true,
  },
};

export const ANNUAL_RATE_MAX = 365;
export const HORIZON_DAYS_MAX = 365;
export const HISTORY_DAYS_MAX = 3650;

const rate = z.number().min(0).max(ANNUAL_RATE_MAX);
const factor = z.number().min(0).max(100);
const probability = z.number().min(0).max(1);
const severitySchema = z.discriminatedUnion('dist', [
  z.strictObject({ dist: z.literal('fixed'), fraction: probability }),
  z.strictObject({ dist: z.literal('beta'), alpha: z.number().min(1e-6).max(1e6), beta: z.number().min(1e-6).max(1e6) }),
]);

const riskSectionSchema = z.strictObject({
  frequency: z
    .strictObject({
      tier_rates: z.strictObject({ hot: rate.optional(), warm: rate.optional(), cold: rate.optional() }).optional(),
      signing_threshold_factors: z.record(z.string().regex(/^[1-9]\d?$/), factor).optional(),
      hsm_factor: factor.optional(),
      mpc_factor: factor.optional(),
      address_allowlist_factor: factor.optional(),
      ccss_level_factors: z.strictObject({ '1': factor.optional(), '2': factor.optional(), '3': factor.optional() }).optional(),
    })
    .optional(),
  common_cause: z
    .strictObject({
      keys: z.array(z.enum(COMMON_CAUSE_KEYS)).max(COMMON_CAUSE_KEYS.length).optional(),
      annual_rate: rate.optional(),
      rates: z.record(z.string().regex(/^(vendor|platform):.{1,200}$/), rate).optional(),
      member_hit_probability: probability.optional(),
    })
    .optional(),
  severity: z
    .strictObject({
      default: severitySchema.optional(),
      full_compromise_probability: probability.optional(),
      containment_days: z.number().min(0).max(365).optional(),
      limit_bypass_probability: probability.optional(),
      limit_bypass_probability_common: probability.optional(),
    })
    .optional(),
  prices: z
    .strictObject({
      horizon_days: z.number().int().min(0).max(HORIZON_DAYS_MAX).optional(),
      history_days_min: z.number().int().min(2).max(HISTORY_DAYS_MAX).optional(),
      history_days_max: z.number().int().min(2).max(HISTORY_DAYS_MAX).optional(),
      fallback_volatility_annual: z.number().min(0).max(10).optional(),
      demean: z.boolean().optional(),
    })
    .optional(),
});

export type RiskSection = z.infer<typeof riskSectionSchema>;

/** The model configuration: defaults overridden by exchange.json's `risk` section, if any. */
export function riskModelConfig(extensions: Record<string, unknown>): RiskModelConfig {
  const raw = extensions.risk;
  if (raw === undefined) return RISK_MODEL_DEFAULTS;
  const parsed = riskSectionSchema.safeParse(raw);
  if (!parsed.success) throw new InputError(parsed.error.issues.map(sectionIssue));
  return mergeConfig(RISK_MODEL_DEFAULTS, parsed.data);
}

export function mergeConfig(base: RiskModelConfig, section: RiskSection): RiskModelConfig {
  const f = section.frequency ?? {};
  const c = section.common_cause ?? {};
  const s = section.severity ?? {};
  const p = section.prices ?? {};
  const merged: RiskModelConfig = {
    frequency: {
      tier_rates: { ...base.frequency.tier_rates, ...definedOnly(f.tier_rates ?? {}) },
      signing_threshold_factors: { ...base.frequency.signing_threshold_factors, ...f.signing_threshold_factors },
      hsm_factor: f.hsm_factor ?? base.frequency.hsm_factor,
      mpc_factor: f.mpc_factor ?? base.frequency.mpc_factor,
      address_allowlist_factor: f.address_allowlist_factor ?? base.frequency.address_allowlist_factor,
      ccss_level_factors: { ...base.frequency.ccss_level_factors, ...definedOnly(f.ccss_level_factors ?? {}) },
    },
    common_cause: {
      keys: c.keys ?? base.common_cause.keys,
      annual_rate: c.annual_rate ?? base.common_cause.annual_rate,
      rates: { ...base.common_cause.rates, ...c.rates },
      member_hit_probability: c.member_hit_probability ?? base.common_cause.member_hit_probability,
    },
    severity: {
      default: s.default ?? base.severity.default,
      full_compromise_probability: s.full_compromise_probability ?? base.severity.full_compromise_probability,
      containment_days: s.containment_days ?? base.severity.containment_days,
      limit_bypass_probability: s.limit_bypass_probability ?? base.severity.limit_bypass_probability,
      limit_bypass_probability_common: s.limit_bypass_probability_common ?? base.severity.limit_bypass_probability_common,
    },
    prices: {
      horizon_days: p.horizon_days ?? base.prices.horizon_days,
      history_days_min: p.history_days_min ?? base.prices.history_days_min,
      history_days_max: p.history_days_max ?? base.prices.history_days_max,
      fallback_volatility_annual: p.fallback_volatility_annual ?? base.prices.fallback_volatility_annual,
      demean: p.demean ?? base.prices.demean,
    },
  };
  if (merged.prices.history_days_min > merged.prices.history_days_max) {
    throw new InputError([
      {
        file: EXCHANGE_FILE,
        path: 'risk.prices.history_days_min',
        field: 'history_days_min',
        code: 'risk.params.history_window',
        params: { min: merged.prices.history_days_min, max: merged.prices.history_days_max },
      },
    ]);
  }
  return merged;
}

function definedOnly<T extends Record<string, number | undefined>>(record: T): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(record)) if (value !== undefined) out[key] = value;
  return out;
}

function sectionIssue(issue: z.core.$ZodIssue): InputIssue {
  const keys = ['risk', ...issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key))];
  let path = '';
  for (const key of keys) path += typeof key === 'number' ? `[${key}]` : path === '' ? key : `.${key}`;
  const last = keys[keys.length - 1];
  const location = { file: EXCHANGE_FILE, path, ...(typeof last === 'string' ? { field: last } : {}) };
  switch (issue.code) {
    case 'invalid_type':
      return { ...location, code: 'risk.params.type', params: { expected: issue.expected } };
    case 'unrecognized_keys':
      return { ...location, code: 'risk.params.unknown_keys', params: { keys: issue.keys.join(', ') } };
    case 'invalid_value':
      return { ...location, code: 'risk.params.value', params: { allowed: issue.values.map(String).join(', ') } };
    case 'too_big':
      return { ...location, code: 'risk.params.too_big', params: { max: String(issue.maximum) } };
    case 'too_small':
      return { ...location, code: 'risk.params.too_small', params: { min: String(issue.minimum) } };
    default:
      return { ...location, code: 'risk.params.invalid', params: {} };
  }
}
