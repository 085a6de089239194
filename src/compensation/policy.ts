// compensation-policy.json → CompensationPolicy, every problem located (file, line, JSON path,
// field) and collected before one InputError. A term that does not apply to the chosen scheme is
// an error, never silently ignored: a policy is a promise to customers.

import { canonicalSha256 } from '../encoding/json.ts';
import { IssueCollector, type InputLocation } from '../errors.ts';
import { compareDecimal, DECIMAL_ONE, isRoundingMode, type RoundingMode } from '../money/index.ts';
import { FileContext } from '../input/context.ts';
import { JsonFields, isObject, parseJsonDocument } from '../input/json.ts';
import { formatJsonPath, jsonValueLines, lineOfPath, type JsonPath } from '../input/json-lines.ts';
import { readAmount, readDecimal, readEnum, readIdentifier, readTimestamp } from '../input/values.ts';
import {
  COMPENSATION_POLICY_FORMAT,
  COMPUTED_PRICE_DECIMALS_DEFAULT,
  COMPUTED_PRICE_DECIMALS_MAX,
  FUNDING_ORDER_DEFAULT,
  FUNDING_SOURCES,
  METHODS,
  ON_SHORTFALL,
  POLICY_ASSETS_MAX,
  PRICE_RULES,
  SCHEMES,
  type AssetMethod,
  type AssetTerms,
  type CompensationPolicy,
  type FundingSourceName,
  type PriceRule,
  type Scheme,
} from './types.ts';

/** What parsing needs from the snapshot; a Snapshot is one. */
export interface PolicyContext {
  manifest: { base_currency: string };
  assets: { get(symbol: string): { decimals: number } | undefined; has(symbol: string): boolean };
}

export const POLICY_FILE_NAME = 'compensation-policy.json';
const MID_VENUES_MAX = 20;

/** Parses the text of a policy file (syntax errors and later errors carry line numbers). */
export function parseCompensationPolicyText(text: string, context: PolicyContext, file_name: string): CompensationPolicy {
  const issues = new IssueCollector();
  const document = parseJsonDocument(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file_name, issues);
  issues.throwIfAny();
  return parseCompensationPolicy(document!.value, context, file_name, jsonValueLines(document!.text));
}

/** Parses already-parsed JSON (snapshot.documents.compensation_policy). */
export function parseCompensationPolicy(
  json: unknown,
  context: PolicyContext,
  file_name: string = POLICY_FILE_NAME,
  lines?: Map<string, number>,
): CompensationPolicy {
  const issues = new IssueCollector();
  const file = new FileContext(file_name, issues, lines);
  const locate = (path: JsonPath): InputLocation => {
    const line = lines === undefined ? undefined : lineOfPath(lines, path);
    const last = path[path.length - 1];
    return { file: file_name, ...(line === undefined ? {} : { line }), path: formatJsonPath(path), ...(typeof last === 'string' ? { field: last } : {}) };
  };
  if (!isObject(json)) {
    file.atPath([], 'json.type', { field: 'compensation policy', expected: 'object' });
    issues.throwIfAny();
    throw new Error('unreachable');
  }
  const root = new JsonFields(file, [], json);
  root.rejectUnknown(['format', 'scheme', 'default', 'assets', 'rounding', 'funding_order', 'on_shortfall', 'rehabilitation']);
  const format = root.string('format');
  if (format !== undefined && format !== COMPENSATION_POLICY_FORMAT) {
    file.atPath(['format'], 'snapshot.format_version', { value: format, expected: COMPENSATION_POLICY_FORMAT });
  }
  const scheme_text = root.string('scheme');
  const scheme = scheme_text === undefined ? undefined : readEnum(scheme_text, SCHEMES, root.report('scheme'));
  const parser = new TermsParser(file, locate, scheme ?? 'per_asset');

  const default_object = root.object_('default', false);
  const default_terms = default_object === undefined ? parser.implicitDefault() : parser.terms(default_object);

  const asset_terms = new Map<string, AssetTerms>();
  const assets_object = root.object_('assets', false);
  if (assets_object !== undefined) {
    const entries = Object.entries(assets_object.object);
    if (entries.length > POLICY_ASSETS_MAX) file.atPath(['assets'], 'snapshot.too_many', { max: POLICY_ASSETS_MAX });
    for (const [symbol] of entries.slice(0, POLICY_ASSETS_MAX)) {
      if (!context.assets.has(symbol)) {
        file.atPath(['assets', symbol], 'snapshot.unknown_asset', { asset: symbol });
        continue;
      }
      const entry = assets_object.object_(symbol);
      if (entry === undefined) continue;
      const terms = parser.terms(entry);
      if (terms !== undefined) asset_terms.set(symbol, terms);
    }
  }

  const rounding = parseRounding(root, file, context);
  const funding_order = parseFundingOrder(root, file);
  const on_shortfall_text = root.string('on_shortfall', false);
  const on_shortfall = on_shortfall_text === undefined ? 'record_claim' : readEnum(on_shortfall_text, ON_SHORTFALL, root.report('on_shortfall'));

  let base_cap_minor: bigint | null = null;
  const rehabilitation = root.object_('rehabilitation', scheme === 'rehabilitation');
  if (rehabilitation !== undefined) {
    if (scheme !== 'rehabilitation') file.atPath(['rehabilitation'], 'compensation.policy_term_not_applicable', { field: 'rehabilitation', scheme: scheme ?? '' });
    rehabilitation.rejectUnknown(['base_cap']);
    const cap_text = rehabilitation.string('base_cap');
    const base = context.manifest.base_currency;
    const decimals = context.assets.get(base)?.decimals ?? 0;
    if (cap_text !== undefined) base_cap_minor = readAmount(cap_text, decimals, base, rehabilitation.report('base_cap')) ?? null;
  }

  issues.throwIfAny();
  return {
    scheme: scheme!,
    default_terms: default_terms!,
    asset_terms,
    rounding: rounding!,
    funding_order: funding_order!,
    on_shortfall: on_shortfall!,
    base_cap_minor,
    sha256: canonicalSha256(json),
  };
}

class TermsParser {
  constructor(
    private readonly file: FileContext,
    private readonly locate: (path: JsonPath) => InputLocation,
    private readonly scheme: Scheme,
  ) {}

  implicitDefault(): AssetTerms {
    const source = this.locate(['default']);
    if (this.scheme === 'per_asset') return { method: { method: 'in_kind' }, price: null };
    return { method: { method: 'fiat', price: { rule: 'market_at_loss', source } }, price: { rule: 'market_at_loss', source } };
  }

  terms(fields: JsonFields): AssetTerms | undefined {
    if (this.scheme === 'per_asset') {
      fields.rejectUnknown(['method', 'price', 'in_kind_share']);
      const method = this.method(fields);
      return method === undefined ? undefined : { method, price: method.method === 'in_kind' ? null : method.price };
    }
    // haircut and rehabilitation value balances or claims at a price; payment is not per asset.
    fields.rejectUnknown(['method', 'price']);
    const method_text = fields.string('method', false);
    if (method_text !== undefined && (this.scheme === 'haircut' || method_text !== 'fiat')) {
      this.file.atPath(fields.at('method'), 'compensation.policy_method_not_applicable', { method: method_text, scheme: this.scheme });
    }
    const price = fields.has('price') ? this.price(fields) : { rule: 'market_at_loss' as const, source: this.locate(fields.at('price')) };
    if (price === undefined) return undefined;
    return { method: { method: 'fiat', price }, price };
  }

  private method(fields: JsonFields): AssetMethod | undefined {
    const method_text = fields.string('method');
    if (method_text === undefined) return undefined;
    const method = readEnum(method_text, METHODS, fields.report('method'));
    if (method === undefined) return undefined;
    if (method === 'in_kind') {
      for (const key of ['price', 'in_kind_share']) {
        if (fields.has(key)) this.file.atPath(fields.at(key), 'compensation.policy_term_not_for_method', { field: key, method });
      }
      return { method };
    }
    if (!fields.has('price')) {
      this.file.atPath(fields.at('price'), 'json.required', { field: 'price' });
      return undefined;
    }
    const price = this.price(fields);
    if (method === 'fiat') {
      if (fields.has('in_kind_share')) this.file.atPath(fields.at('in_kind_share'), 'compensation.policy_term_not_for_method', { field: 'in_kind_share', method });
      return price === undefined ? undefined : { method, price };
    }
    const share_text = fields.string('in_kind_share');
    if (share_text === undefined) return undefined;
    const share = readDecimal(share_text, fields.report('in_kind_share'));
    if (share === undefined) return undefined;
    if (compareDecimal(share, DECIMAL_ONE) > 0) {
      this.file.atPath(fields.at('in_kind_share'), 'compensation.share_range', { value: share_text });
      return undefined;
    }
    return price === undefined ? undefined : { method, in_kind_share: share, price };
  }

  private price(parent: JsonFields): PriceRule | undefined {
    const fields = parent.object_('price');
    if (fields === undefined) return undefined;
    const source = this.locate(fields.path);
    const rule_text = fields.string('rule');
    if (rule_text === undefined) return undefined;
    const rule = readEnum(rule_text, PRICE_RULES, fields.report('rule'));
    switch (rule) {
      case undefined:
        return undefined;
      case 'fixed': {
        fields.rejectUnknown(['rule', 'price']);
        const text = fields.string('price');
        const price = text === undefined ? undefined : readDecimal(text, fields.report('price'));
        if (price === undefined) return undefined;
        if (price.coef === 0n) {
          this.file.atPath(fields.at('price'), 'compensation.price_zero', {});
          return undefined;
        }
        return { rule, price, source };
      }
      case 'vwap': {
        fields.rejectUnknown(['rule', 'venue', 'from', 'to', 'decimals', 'mode']);
        const venue_text = fields.string('venue', false);
        const venue = venue_text === undefined ? null : readIdentifier(venue_text, fields.report('venue'));
        const from = this.timestamp(fields, 'from');
        const to = this.timestamp(fields, 'to');
        const rounding = this.computedRounding(fields);
        if (venue === undefined || from === undefined || to === undefined || rounding === undefined) return undefined;
        if (to.ms < from.ms) {
          this.file.atPath(fields.at('to'), 'snapshot.period_reversed', { start: from.text, end: to.text });
          return undefined;
        }
        return { rule, venue, from: from.text, from_ms: from.ms, to: to.text, to_ms: to.ms, ...rounding, source };
      }
      case 'mid': {
        fields.rejectUnknown(['rule', 'venues', 'at', 'decimals', 'mode']);
        const venues = fields.stringArray('venues');
        const at = this.timestamp(fields, 'at');
        const rounding = this.computedRounding(fields);
        if (venues === undefined || at === undefined || rounding === undefined) return undefined;
        if (venues.length === 0 || venues.length > MID_VENUES_MAX || new Set(venues).size !== venues.length) {
          this.file.atPath(fields.at('venues'), 'compensation.mid_venues', { max: MID_VENUES_MAX });
          return undefined;
        }
        return { rule, venues, at: at.text, at_ms: at.ms, ...rounding, source };
      }
      case 'market_at_loss':
        fields.rejectUnknown(['rule']);
        return { rule, source };
    }
  }

  private timestamp(fields: JsonFields, key: string): { text: string; ms: number } | undefined {
    const text = fields.string(key);
    if (text === undefined) return undefined;
    const ms = readTimestamp(text, fields.report(key));
    return ms === undefined ? undefined : { text, ms };
  }

  private computedRounding(fields: JsonFields): { decimals: number; mode: RoundingMode } | undefined {
    const decimals = fields.has('decimals') ? fields.integer('decimals', 0, COMPUTED_PRICE_DECIMALS_MAX) : COMPUTED_PRICE_DECIMALS_DEFAULT;
    const mode = fields.has('mode') ? readRoundingMode(fields, 'mode') : 'half-even';
    return decimals === undefined || mode === undefined ? undefined : { decimals, mode };
  }
}

function readRoundingMode(fields: JsonFields, key: string): RoundingMode | undefined {
  const text = fields.string(key);
  if (text === undefined) return undefined;
  if (isRoundingMode(text)) return text;
  fields.report(key)('value.enum', { value: text, allowed: 'floor, ceil, half-up, half-even' });
  return undefined;
}

function parseRounding(root: JsonFields, file: FileContext, context: PolicyContext): CompensationPolicy['rounding'] | undefined {
  const base = context.manifest.base_currency;
  const base_decimals = context.assets.get(base)?.decimals ?? 0;
  const fallback = { mode: 'floor' as const, unit_minor: 1n };
  const rounding = root.object_('rounding', false);
  if (rounding === undefined) return fallback;
  for (const key of Object.keys(rounding.object)) {
    if (key !== base) file.atPath(rounding.at(key), 'compensation.rounding_currency', { currency: key, base });
  }
  const entry = rounding.object_(base, false);
  if (entry === undefined) return fallback;
  entry.rejectUnknown(['mode', 'unit']);
  const mode = readRoundingMode(entry, 'mode');
  const unit_text = entry.string('unit', false) ?? null;
  let unit_minor: bigint | undefined = 1n;
  if (unit_text !== null) {
    unit_minor = readAmount(unit_text, base_decimals, base, entry.report('unit'));
    if (unit_minor === 0n) {
      file.atPath(entry.at('unit'), 'compensation.rounding_unit_zero', {});
      unit_minor = undefined;
    }
  }
  return mode === undefined || unit_minor === undefined ? undefined : { mode, unit_minor };
}

function parseFundingOrder(root: JsonFields, file: FileContext): FundingSourceName[] | undefined {
  const names = root.stringArray('funding_order', false);
  if (names === undefined) return root.has('funding_order') ? undefined : [...FUNDING_ORDER_DEFAULT];
  const order: FundingSourceName[] = [];
  let ok = true;
  names.forEach((name, i) => {
    const source = readEnum(name, FUNDING_SOURCES, (code, params) => file.atPath(['funding_order', i], code, params));
    if (source === undefined) ok = false;
    else if (order.includes(source)) {
      file.atPath(['funding_order', i], 'compensation.funding_duplicate', { name });
      ok = false;
    } else order.push(source);
  });
  return ok ? order : undefined;
}

/** The terms for `asset`: its own entry, else the default. */
export function termsFor(policy: CompensationPolicy, asset: string): AssetTerms {
  return policy.asset_terms.get(asset) ?? policy.default_terms;
}
