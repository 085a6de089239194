// Regime parameters come from exchange.json (`coverage.<regime-id>`, `liability_reserve`, `mica`).
// Each regime owns its schema; this file holds the shared pieces and turns schema problems into
// located, translatable issues (file exchange.json, JSON path, field) instead of zod's English.

import { z } from 'zod';
import { InputError, type InputIssue } from '../errors.ts';
import { MoneyError, parseAmount, parseDecimal, type Decimal } from '../money/index.ts';
import { compareDecimal, DECIMAL_ONE } from '../money/decimal.ts';
import { CONTRACT_KINDS, SAFE_ASSET_KINDS, type ContractKind, type SafeAssetKind } from '../snapshot/types.ts';

export const EXCHANGE_FILE = 'exchange.json';

/** A parameter path inside exchange.json, e.g. ['coverage', 'jvcea-2018-draft', 'risk', 'share']. */
export type ParamPath = ReadonlyArray<string | number>;

export function formatParamPath(path: ParamPath): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? key : `.${key}`;
  return out;
}

function isDecimalText(text: string): boolean {
  try {
    parseDecimal(text);
    return true;
  } catch (error) {
    if (error instanceof MoneyError) return false;
    throw error;
  }
}

/** A non-negative exact decimal written as a string ("0.05"), never a JSON number (floats are not exact). */
export const decimalText = z.string().refine(isDecimalText, { message: 'coverage.params.decimal' });
/** A share between 0 and 1 inclusive. */
export const shareText = decimalText.refine((text) => compareDecimal(parseDecimal(text), DECIMAL_ONE) <= 0, { message: 'coverage.params.share' });

export const safeAssetKindSchema = z.enum(SAFE_ASSET_KINDS);
export const contractKindSchema = z.enum(CONTRACT_KINDS);

/** Which safe assets count, at what haircut, up to which remaining maturity. */
export interface SafeAssetRules {
  kinds: SafeAssetKind[];
  /** Fraction of market value not counted; absent kinds count in full. */
  haircuts: Partial<Record<SafeAssetKind, Decimal>>;
  /** Latest maturity counted, in calendar months after as_of's day; absent kinds have no limit. */
  maturity_months_max: Partial<Record<SafeAssetKind, number>>;
  /** Only assets set aside for customers (segregated = true) count. */
  require_segregated: boolean;
}

export const safeAssetRulesSchema = z.strictObject({
  kinds: z.array(safeAssetKindSchema).max(SAFE_ASSET_KINDS.length).optional(),
  haircuts: z.partialRecord(safeAssetKindSchema, shareText).optional(),
  maturity_months_max: z.partialRecord(safeAssetKindSchema, z.number().int().min(0).max(1200)).optional(),
  require_segregated: z.boolean().optional(),
});

export function safeAssetRules(raw: z.infer<typeof safeAssetRulesSchema> | undefined, defaults: SafeAssetRules): SafeAssetRules {
  const haircuts: Partial<Record<SafeAssetKind, Decimal>> = { ...defaults.haircuts };
  for (const [kind, text] of Object.entries(raw?.haircuts ?? {})) if (text !== undefined) haircuts[kind as SafeAssetKind] = parseDecimal(text);
  return {
    kinds: raw?.kinds ?? defaults.kinds,
    haircuts,
    maturity_months_max: { ...defaults.maturity_months_max, ...raw?.maturity_months_max },
    require_segregated: raw?.require_segregated ?? defaults.require_segregated,
  };
}

/** Which contracts count: their kind, and at least one of these entries in `covers`. */
export interface ContractRules {
  kinds: ContractKind[];
  covers_any: string[];
}

export const contractRulesSchema = z.strictObject({
  kinds: z.array(contractKindSchema).max(CONTRACT_KINDS.length).optional(),
  covers_any: z.array(z.string().min(1).max(64)).min(1).max(32).optional(),
});

export function contractRules(raw: z.infer<typeof contractRulesSchema> | undefined, defaults: ContractRules): ContractRules {
  return { kinds: raw?.kinds ?? defaults.kinds, covers_any: raw?.covers_any ?? defaults.covers_any };
}

export const RISK_METHODS = ['share', 'var', 'tvar'] as const;
export type RiskMethod = (typeof RISK_METHODS)[number];

/** How a regime's risk amount is found: a share of value, or the risk engine's VaR/TVaR at a confidence. */
export interface RiskSpec {
  method: RiskMethod;
  share: Decimal;
  confidence: Decimal;
}

export const riskSpecSchema = z.strictObject({
  method: z.enum(RISK_METHODS).optional(),
  share: shareText.optional(),
  confidence: shareText.optional(),
});

export const RISK_SPEC_DEFAULT: RiskSpec = { method: 'share', share: DECIMAL_ONE, confidence: { coef: 99n, scale: 2 } };

export function riskSpec(raw: z.infer<typeof riskSpecSchema> | undefined): RiskSpec {
  return {
    method: raw?.method ?? RISK_SPEC_DEFAULT.method,
    share: raw?.share === undefined ? RISK_SPEC_DEFAULT.share : parseDecimal(raw.share),
    confidence: raw?.confidence === undefined ? RISK_SPEC_DEFAULT.confidence : parseDecimal(raw.confidence),
  };
}

export const EXPIRY_WARNING_DAYS_DEFAULT = 30;
export const EXPIRY_WARNING_DAYS_MAX = 3650;

/** `coverage.expiry_warning_days` (shared by every regime that counts contracts). */
export function expiryWarningDays(extensions: Record<string, unknown>): number {
  const section = extensions.coverage;
  if (section === undefined || typeof section !== 'object' || section === null) return EXPIRY_WARNING_DAYS_DEFAULT;
  const raw = (section as Record<string, unknown>).expiry_warning_days;
  if (raw === undefined) return EXPIRY_WARNING_DAYS_DEFAULT;
  return parseSection(z.number().int().min(0).max(EXPIRY_WARNING_DAYS_MAX), raw, ['coverage', 'expiry_warning_days']);
}

/** The keys `coverage` may hold: one object per regime, and the shared settings. */
export function coverageSectionKeys(regime_ids: readonly string[]): string[] {
  return ['expiry_warning_days', ...regime_ids];
}

/** Rejects keys of `coverage` that are neither a regime nor a shared setting (a misspelt regime id would silently use defaults). */
export function checkCoverageSection(extensions: Record<string, unknown>, regime_ids: readonly string[]): void {
  const section = extensions.coverage;
  if (section === undefined) return;
  parseSection(z.partialRecord(z.enum(coverageSectionKeys(regime_ids) as [string, ...string[]]), z.unknown()), section, ['coverage']);
}

/** The raw object of `coverage.<regime>` (or another extension path), or undefined when absent. */
export function extensionAt(extensions: Record<string, unknown>, path: ParamPath): unknown {
  let value: unknown = extensions;
  for (const key of path) {
    if (value === undefined || value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

/** Parses a section with its schema, throwing InputError located in exchange.json on any problem. */
export function parseSection<S extends z.ZodType>(schema: S, raw: unknown, path: ParamPath): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new InputError(result.error.issues.map((issue) => paramIssue(issue, path)));
}

function paramIssue(issue: z.core.$ZodIssue, prefix: ParamPath): InputIssue {
  const path = [...prefix, ...issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key))];
  const last = path[path.length - 1];
  const location = { file: EXCHANGE_FILE, path: formatParamPath(path), ...(typeof last === 'string' ? { field: last } : {}) };
  switch (issue.code) {
    case 'invalid_type':
      return { ...location, code: 'coverage.params.type', params: { expected: issue.expected } };
    case 'unrecognized_keys':
      return { ...location, code: 'coverage.params.unknown_keys', params: { keys: issue.keys.join(', ') } };
    case 'invalid_value':
      return { ...location, code: 'coverage.params.value', params: { allowed: issue.values.map(String).join(', ') } };
    case 'invalid_key':
      return { ...location, code: 'coverage.params.key', params: {} };
    case 'too_big':
      return { ...location, code: 'coverage.params.too_big', params: { max: String(issue.maximum) } };
    case 'too_small':
      return { ...location, code: 'coverage.params.too_small', params: { min: String(issue.minimum) } };
    case 'custom':
      return { ...location, code: issue.message, params: {} };
    default:
      return { ...location, code: 'coverage.params.invalid', params: {} };
  }
}

/** A base-currency amount parameter ("12345.67") in minor units; the schema has already checked the syntax. */
export function baseAmountParam(text: string, base_decimals: number, path: ParamPath): bigint {
  try {
    return parseAmount(text, base_decimals);
  } catch (error) {
    if (error instanceof MoneyError) {
      const last = path[path.length - 1];
      throw new InputError([
        { file: EXCHANGE_FILE, path: formatParamPath(path), ...(typeof last === 'string' ? { field: last } : {}), code: error.code, params: error.params },
      ]);
    }
    throw error;
  }
}
