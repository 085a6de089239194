// policies.json → PolicyProgramme, with every problem located (JSON path and field) and collected
// before throwing one InputError. Terms are explicit: "no limit" is written "unlimited"; a term
// the engine does not know, or terms that contradict each other, are errors, never ignored.

import { IssueCollector, type MessageParams } from '../errors.ts';
import { INCIDENT_CONDITIONS, PERILS, type IncidentCondition, type Peril } from '../incident/types.ts';
import { compareDecimal, type Decimal } from '../money/index.ts';
import { FileContext } from '../input/context.ts';
import { JsonFields, isObject, parseJsonDocument } from '../input/json.ts';
import type { JsonPath } from '../input/json-lines.ts';
import { readAmount, readDateOrTimestamp, readDecimal, readEnum, readIdentifier, type Report } from '../input/values.ts';
import { TIERS, type Tier } from '../snapshot/types.ts';
import { boundMs, utcOffsetOf } from '../snapshot/period.ts';
import { policyBand, walletsInScope } from './scope.ts';
import {
  CUSTOMER_LIMIT_TIERS_MAX,
  POLICIES_FORMAT,
  POLICIES_MAX,
  PREMIUM_RATE_MAX,
  REINSTATEMENTS_MAX,
  REINSURANCE_MAX,
  SHARE_SCALE_MAX,
  type AssetSublimit,
  type CustomerLimitTier,
  type Limit,
  type PerCustomerTerms,
  type PerilCover,
  type PerilSublimit,
  type Policy,
  type PolicyPeriod,
  type PolicyProgramme,
  type PolicyTrigger,
  type Reinstatement,
  type Reinsurance,
  type Valuation,
  type WalletScope,
} from './types.ts';

/** What parsing needs from the snapshot; a Snapshot is one. */
export interface PolicyContext {
  manifest: { base_currency: string; as_of: string };
  assets: ReadonlyMap<string, { decimals: number }>;
  wallets: ReadonlyArray<{ id: string; asset: string; tier: Tier }>;
}

export const UNLIMITED = 'unlimited';
const TRIGGERS = ['losses_occurring', 'losses_discovered'] as const;
const REINSURANCE_KINDS = ['quota_share', 'excess_of_loss', 'aggregate_stop_loss'] as const;

/** Parses policies.json text (errors carry line numbers). */
export function parsePoliciesText(text: string, context: PolicyContext, file_name = 'policies.json'): PolicyProgramme {
  const issues = new IssueCollector();
  const document = parseJsonDocument(text, file_name, issues);
  issues.throwIfAny();
  return parseWith(document!.value, context, document!.context, issues);
}

/** Parses the already-parsed JSON of policies.json (e.g. snapshot.documents.policies). */
export function parsePolicies(json: unknown, context: PolicyContext, file_name = 'policies.json'): PolicyProgramme {
  const issues = new IssueCollector();
  return parseWith(json, context, new FileContext(file_name, issues), issues);
}

function parseWith(json: unknown, context: PolicyContext, file: FileContext, issues: IssueCollector): PolicyProgramme {
  const base = context.assets.get(context.manifest.base_currency);
  if (base === undefined) throw new Error(`base currency ${context.manifest.base_currency} is not an asset`);
  const parser = new PolicyParser(context, file, base.decimals);
  const programme = parser.document(json);
  issues.throwIfAny();
  return programme!;
}

class PolicyParser {
  private readonly utc_offset: string;

  constructor(
    readonly context: PolicyContext,
    readonly file: FileContext,
    readonly base_decimals: number,
  ) {
    this.utc_offset = utcOffsetOf(context.manifest.as_of);
  }

  private at(path: JsonPath): Report {
    return (code, params = {}) => this.file.atPath(path, code, params);
  }

  document(json: unknown): PolicyProgramme | undefined {
    if (!isObject(json)) {
      this.file.atPath([], 'json.type', { field: '(document)', expected: 'object' });
      return undefined;
    }
    const root = new JsonFields(this.file, [], json);
    root.rejectUnknown(['format', 'policies', 'reinsurance']);
    const format = root.string('format');
    if (format !== undefined && format !== POLICIES_FORMAT) root.report('format')('insurance.format', { value: format, expected: POLICIES_FORMAT });
    const policy_values = root.array('policies') ?? [];
    if (policy_values.length > POLICIES_MAX) root.report('policies')('snapshot.too_many', { max: POLICIES_MAX });
    const policies = policy_values.slice(0, POLICIES_MAX).map((value, i) => this.policy(value, ['policies', i]));
    const reinsurance_values = root.array('reinsurance', false) ?? [];
    if (reinsurance_values.length > REINSURANCE_MAX) root.report('reinsurance')('snapshot.too_many', { max: REINSURANCE_MAX });
    const parsed_policies = policies.filter((p): p is Policy => p !== undefined);
    const reinsurance = reinsurance_values
      .slice(0, REINSURANCE_MAX)
      .map((value, i) => this.reinsurance(value, ['reinsurance', i], parsed_policies))
      .filter((r): r is Reinsurance => r !== undefined);
    this.uniqueIds([...parsed_policies.map((p, i) => ({ id: p.id, path: ['policies', i] as JsonPath })), ...reinsurance.map((r, i) => ({ id: r.id, path: ['reinsurance', i] as JsonPath }))]);
    if (parsed_policies.length === policies.length) this.overlaps(parsed_policies);
    return { base_currency: this.context.manifest.base_currency, base_decimals: this.base_decimals, policies: parsed_policies, reinsurance };
  }

  private uniqueIds(entries: ReadonlyArray<{ id: string; path: JsonPath }>): void {
    const seen = new Set<string>();
    for (const { id, path } of entries) {
      if (seen.has(id)) this.file.atPath([...path, 'id'], 'insurance.duplicate_id', { id });
      seen.add(id);
    }
  }

  private policy(value: unknown, path: JsonPath): Policy | undefined {
    if (!isObject(value)) {
      this.file.atPath(path, 'json.type', { field: String(path[path.length - 1]), expected: 'object' });
      return undefined;
    }
    const f = new JsonFields(this.file, path, value);
    f.rejectUnknown(['id', 'insurer', 'note', 'period', 'trigger', 'currency', 'perils', 'exclusions', 'assets', 'wallets', 'terms']);
    const id = this.identifier(f, 'id');
    const insurer = this.identifier(f, 'insurer');
    f.string('note', false);
    const period = this.period(f);
    const trigger_text = f.string('trigger', false);
    const trigger: PolicyTrigger | undefined = trigger_text === undefined ? 'losses_occurring' : readEnum(trigger_text, TRIGGERS, f.report('trigger'));
    const currency = f.string('currency');
    if (currency !== undefined && currency !== this.context.manifest.base_currency) {
      f.report('currency')('insurance.currency', { currency, base: this.context.manifest.base_currency });
    }
    const perils = this.perils(f);
    const exclusions = this.exclusions(f, perils);
    const assets = this.assetScope(f);
    const wallets = this.walletScope(f);
    const terms = f.object_('terms');
    const parsed_terms = terms === undefined ? undefined : this.terms(terms, perils, assets);
    if (
      id === undefined ||
      insurer === undefined ||
      period === undefined ||
      trigger === undefined ||
      currency === undefined ||
      perils === undefined ||
      exclusions === undefined ||
      assets === undefined ||
      wallets === undefined ||
      parsed_terms === undefined
    ) {
      return undefined;
    }
    return { id, insurer, period, trigger, currency, perils, excluded_perils: exclusions.perils, excluded_conditions: exclusions.conditions, assets, wallets, ...parsed_terms };
  }

  private identifier(f: JsonFields, key: string, required = true): string | undefined {
    const text = f.string(key, required);
    return text === undefined ? undefined : readIdentifier(text, f.report(key));
  }

  private period(f: JsonFields): PolicyPeriod | undefined {
    const p = f.object_('period');
    if (p === undefined) return undefined;
    p.rejectUnknown(['start', 'end']);
    const start = p.string('start');
    const end = p.string('end');
    const start_ms = start === undefined ? undefined : this.instant(start, 'start', p);
    const end_ms = end === undefined ? undefined : this.instant(end, 'end', p);
    if (start === undefined || end === undefined || start_ms === undefined || end_ms === undefined) return undefined;
    if (end_ms <= start_ms) {
      p.report('end')('snapshot.period_reversed', { start, end });
      return undefined;
    }
    // Aggregates are annual: a longer period would need terms per year, which the format has not.
    const anniversary = new Date(start_ms);
    anniversary.setUTCFullYear(anniversary.getUTCFullYear() + 1);
    if (end_ms > anniversary.getTime()) {
      p.report('end')('insurance.period_too_long', { start, end });
      return undefined;
    }
    return { start, end, start_ms, end_ms };
  }

  /** The period rule of contracts (src/snapshot/period.ts): dates at the exchange's offset, an `end` date through its day. */
  private instant(text: string, key: 'start' | 'end', p: JsonFields): number | undefined {
    const checked = readDateOrTimestamp(text, p.report(key));
    if (checked === undefined) return undefined;
    return boundMs(text, key, this.utc_offset);
  }

  private perils(f: JsonFields): PerilCover[] | undefined {
    const values = f.array('perils');
    if (values === undefined) return undefined;
    if (values.length === 0) {
      f.report('perils')('insurance.perils_empty');
      return undefined;
    }
    const covers: PerilCover[] = [];
    let ok = true;
    values.forEach((value, i) => {
      const path = [...f.at('perils'), i];
      const cover = this.perilCover(value, path);
      if (cover === undefined) ok = false;
      else if (covers.some((c) => c.peril === cover.peril)) {
        this.file.atPath(path, 'insurance.duplicate_peril', { peril: cover.peril });
        ok = false;
      } else covers.push(cover);
    });
    return ok ? covers : undefined;
  }

  private perilCover(value: unknown, path: JsonPath): PerilCover | undefined {
    if (typeof value === 'string') {
      const peril = readEnum(value, PERILS, this.at(path));
      if (peril === 'external_hack') {
        this.file.atPath(path, 'insurance.external_hack_tiers');
        return undefined;
      }
      return peril === undefined ? undefined : { peril, tiers: null };
    }
    if (!isObject(value)) {
      this.file.atPath(path, 'json.type', { field: 'perils', expected: 'string or object' });
      return undefined;
    }
    const f = new JsonFields(this.file, path, value);
    f.rejectUnknown(['peril', 'tiers']);
    const text = f.string('peril');
    const peril = text === undefined ? undefined : readEnum(text, PERILS, f.report('peril'));
    if (peril === undefined) return undefined;
    const tiers = this.tiers(f, 'tiers', peril === 'external_hack');
    if (peril !== 'external_hack') {
      if (f.has('tiers')) f.report('tiers')('insurance.tiers_only_external_hack', { peril });
      return f.has('tiers') ? undefined : { peril, tiers: null };
    }
    return tiers === undefined ? undefined : { peril, tiers };
  }

  private tiers(f: JsonFields, key: string, required: boolean): Tier[] | undefined {
    const values = f.stringArray(key, required);
    if (values === undefined) return undefined;
    if (values.length === 0) {
      f.report(key)('insurance.empty_list', { field: key });
      return undefined;
    }
    const tiers = values.map((v, i) => readEnum(v, TIERS, this.at([...f.at(key), i])));
    if (tiers.some((t) => t === undefined)) return undefined;
    return unique(tiers as Tier[], f.report(key));
  }

  private exclusions(f: JsonFields, perils: PerilCover[] | undefined): { perils: Peril[]; conditions: IncidentCondition[] } | undefined {
    const values = f.stringArray('exclusions');
    if (values === undefined) return undefined;
    const result = { perils: [] as Peril[], conditions: [] as IncidentCondition[] };
    const allowed = [...PERILS, ...INCIDENT_CONDITIONS];
    let ok = true;
    values.forEach((value, i) => {
      const report = this.at([...f.at('exclusions'), i]);
      const term = readEnum(value, allowed, report);
      if (term === undefined) ok = false;
      else if ((PERILS as readonly string[]).includes(term)) {
        if (perils?.some((p) => p.peril === term)) {
          report('insurance.peril_covered_and_excluded', { peril: term });
          ok = false;
        }
        result.perils.push(term as Peril);
      } else result.conditions.push(term as IncidentCondition);
    });
    return ok ? result : undefined;
  }

  private assetScope(f: JsonFields): string[] | null | undefined {
    const value = f.object['assets'];
    if (value === 'all') return null;
    const values = f.stringArray('assets');
    if (values === undefined) return undefined;
    if (values.length === 0) {
      f.report('assets')('insurance.empty_list', { field: 'assets' });
      return undefined;
    }
    let ok = true;
    values.forEach((asset, i) => {
      if (!this.context.assets.has(asset)) {
        this.file.atPath([...f.at('assets'), i], 'snapshot.unknown_asset', { asset });
        ok = false;
      }
    });
    return ok ? unique(values, f.report('assets')) : undefined;
  }

  private walletScope(f: JsonFields): WalletScope | undefined {
    if (f.object['wallets'] === 'all') return { kind: 'all' };
    const w = f.object_('wallets');
    if (w === undefined) return undefined;
    w.rejectUnknown(['tiers', 'ids']);
    if (w.has('tiers') === w.has('ids')) {
      f.report('wallets')('insurance.wallet_scope');
      return undefined;
    }
    if (w.has('tiers')) {
      const tiers = this.tiers(w, 'tiers', true);
      return tiers === undefined ? undefined : { kind: 'tiers', tiers };
    }
    const ids = w.stringArray('ids');
    if (ids === undefined) return undefined;
    if (ids.length === 0) {
      w.report('ids')('insurance.empty_list', { field: 'ids' });
      return undefined;
    }
    let ok = true;
    ids.forEach((id, i) => {
      if (!this.context.wallets.some((wallet) => wallet.id === id)) {
        this.file.atPath([...w.at('ids'), i], 'insurance.unknown_wallet', { wallet: id });
        ok = false;
      }
    });
    const checked = unique(ids, w.report('ids'));
    return ok && checked !== undefined ? { kind: 'ids', ids: checked } : undefined;
  }

  private terms(
    t: JsonFields,
    perils: PerilCover[] | undefined,
    assets: string[] | null | undefined,
  ): Pick<Policy, 'deductible_minor' | 'occurrence_limit_minor' | 'aggregate_limit_minor' | 'reinstatements' | 'premium_minor' | 'peril_sublimits' | 'asset_sublimits' | 'per_customer' | 'coinsurance' | 'valuation'> | undefined {
    t.rejectUnknown(['deductible', 'occurrence_limit', 'aggregate_limit', 'reinstatements', 'premium', 'sublimits', 'per_customer', 'coinsurance', 'valuation']);
    const deductible_minor = this.money(t, 'deductible', true);
    const occurrence_limit_minor = this.limit(t, 'occurrence_limit');
    const aggregate_limit_minor = this.limit(t, 'aggregate_limit');
    // Without allow_unlimited, reinstatements() never returns null ("unlimited" is rejected as an object).
    const reinstatements = t.has('reinstatements') ? (this.reinstatements(t) ?? undefined) : [];
    const premium_minor = t.has('premium') ? this.money(t, 'premium', true) : null;
    if (aggregate_limit_minor === null && reinstatements !== undefined && reinstatements.length > 0) {
      t.report('reinstatements')('insurance.reinstatements_without_aggregate');
    }
    this.premiumNeeded(t, reinstatements, premium_minor);
    const sublimits = t.object_('sublimits', false);
    const peril_sublimits = sublimits === undefined ? [] : this.perilSublimits(sublimits, perils);
    const asset_sublimits = sublimits === undefined ? [] : this.assetSublimits(sublimits, assets);
    sublimits?.rejectUnknown(['perils', 'assets']);
    const per_customer = t.has('per_customer') ? this.perCustomer(t) : null;
    const coinsurance = t.has('coinsurance') ? this.share(t, 'coinsurance', { zero: true, one: false }) : { coef: 0n, scale: 0 };
    const valuation = this.valuation(t, assets);
    if (
      deductible_minor === undefined ||
      occurrence_limit_minor === undefined ||
      aggregate_limit_minor === undefined ||
      reinstatements === undefined ||
      premium_minor === undefined ||
      peril_sublimits === undefined ||
      asset_sublimits === undefined ||
      per_customer === undefined ||
      coinsurance === undefined ||
      valuation === undefined ||
      (aggregate_limit_minor === null && reinstatements.length > 0)
    ) {
      return undefined;
    }
    return { deductible_minor, occurrence_limit_minor, aggregate_limit_minor, reinstatements, premium_minor, peril_sublimits, asset_sublimits, per_customer, coinsurance, valuation };
  }

  /** Reinstatement premiums need the premium they are a share of. */
  private premiumNeeded(f: JsonFields, reinstatements: Reinstatement[] | null | undefined, premium_minor: bigint | null | undefined): void {
    if (reinstatements === undefined || reinstatements === null || premium_minor !== null) return;
    if (reinstatements.some((r) => r.premium_rate.coef > 0n)) f.report('premium')('insurance.premium_required');
  }

  /** A base-currency amount ≥ 0. */
  private money(f: JsonFields, key: string, required: boolean): bigint | undefined {
    const text = f.string(key, required);
    if (text === undefined) return undefined;
    if (text === UNLIMITED) {
      f.report(key)('insurance.unlimited_not_here', { field: key });
      return undefined;
    }
    return readAmount(text, this.base_decimals, this.context.manifest.base_currency, f.report(key));
  }

  /** "unlimited" or an amount > 0: a limit of 0 would mean no cover, which is never what was meant. */
  private limit(f: JsonFields, key: string): Limit | undefined {
    const value = f.object[key];
    if (value === UNLIMITED) return null;
    if (value === 0 || value === '' || value === null) {
      f.report(key)('insurance.limit_blank', { field: key });
      return undefined;
    }
    const text = f.string(key);
    if (text === undefined) return undefined;
    const amount = readAmount(text, this.base_decimals, this.context.manifest.base_currency, f.report(key));
    if (amount === 0n) {
      f.report(key)('insurance.limit_zero', { field: key });
      return undefined;
    }
    return amount;
  }

  /** A ratio with at most SHARE_SCALE_MAX decimals, in [0, 1] with the ends as allowed. */
  private share(f: JsonFields, key: string, allow: { zero: boolean; one: boolean }): Decimal | undefined {
    const text = f.string(key);
    if (text === undefined) return undefined;
    const value = this.ratio(text, f.report(key));
    if (value === undefined) return undefined;
    const below = allow.zero ? value.coef < 0n : value.coef <= 0n;
    const one = compareDecimal(value, { coef: 1n, scale: 0 });
    const above = allow.one ? one > 0 : one >= 0;
    if (below || above) {
      f.report(key)('insurance.share_range', { value: text, range: `${allow.zero ? '[' : '('}0, 1${allow.one ? ']' : ')'}` });
      return undefined;
    }
    return value;
  }

  private ratio(text: string, report: Report): Decimal | undefined {
    const value = readDecimal(text, report);
    if (value === undefined) return undefined;
    if (value.scale > SHARE_SCALE_MAX) {
      report('insurance.share_decimals', { value: text, max: SHARE_SCALE_MAX });
      return undefined;
    }
    return value;
  }

  /** {"count": n, "premium_rate": "1"} or with one rate per reinstatement: ["1", "1.5"]. */
  private reinstatements(f: JsonFields, allow_unlimited = false): Reinstatement[] | null | undefined {
    if (allow_unlimited && f.object['reinstatements'] === UNLIMITED) return null;
    const r = f.object_('reinstatements');
    if (r === undefined) return undefined;
    r.rejectUnknown(['count', 'premium_rate']);
    const count = r.integer('count', 0, REINSTATEMENTS_MAX);
    if (count === undefined) return undefined;
    const rate_value = r.object['premium_rate'];
    if (rate_value === undefined) {
      if (count === 0) return [];
      r.report('premium_rate')('json.required', { field: 'premium_rate' });
      return undefined;
    }
    const texts = Array.isArray(rate_value) ? rate_value : [rate_value];
    if (Array.isArray(rate_value) && rate_value.length !== count) {
      r.report('premium_rate')('insurance.rates_count', { count, rates: rate_value.length });
      return undefined;
    }
    const rates: Decimal[] = [];
    texts.forEach((text, i) => {
      const path = Array.isArray(rate_value) ? [...r.at('premium_rate'), i] : r.at('premium_rate');
      if (typeof text !== 'string') {
        this.file.atPath(path, 'json.type', { field: 'premium_rate', expected: 'string' });
        return;
      }
      const rate = this.ratio(text, this.at(path));
      if (rate === undefined) return;
      if (compareDecimal(rate, { coef: BigInt(PREMIUM_RATE_MAX), scale: 0 }) > 0) {
        this.file.atPath(path, 'insurance.premium_rate_range', { value: text, max: PREMIUM_RATE_MAX });
        return;
      }
      rates.push(rate);
    });
    if (rates.length !== texts.length) return undefined;
    return Array.from({ length: count }, (_, i) => ({ premium_rate: rates[Array.isArray(rate_value) ? i : 0]! }));
  }

  private sublimitTerms(f: JsonFields): { occurrence_minor: Limit; aggregate_minor: Limit } | undefined {
    f.rejectUnknown(['occurrence', 'aggregate']);
    const occurrence_minor = this.limit(f, 'occurrence');
    const aggregate_minor = this.limit(f, 'aggregate');
    if (occurrence_minor === undefined || aggregate_minor === undefined) return undefined;
    if (occurrence_minor === null && aggregate_minor === null) {
      this.file.atPath(f.path, 'insurance.sublimit_unlimited');
      return undefined;
    }
    return { occurrence_minor, aggregate_minor };
  }

  private perilSublimits(s: JsonFields, perils: PerilCover[] | undefined): PerilSublimit[] | undefined {
    const group = s.object_('perils', false);
    if (group === undefined) return [];
    const result: PerilSublimit[] = [];
    let ok = true;
    for (const key of Object.keys(group.object)) {
      const report = group.report(key);
      const peril = readEnum(key, PERILS, report);
      const terms = group.object_(key);
      if (peril !== undefined && perils !== undefined && !perils.some((p) => p.peril === peril)) {
        report('insurance.sublimit_peril_not_covered', { peril });
        ok = false;
      }
      const parsed = terms === undefined ? undefined : this.sublimitTerms(terms);
      if (peril === undefined || parsed === undefined) ok = false;
      else result.push({ peril, ...parsed });
    }
    return ok ? result : undefined;
  }

  private assetSublimits(s: JsonFields, assets: string[] | null | undefined): AssetSublimit[] | undefined {
    const group = s.object_('assets', false);
    if (group === undefined) return [];
    const result: AssetSublimit[] = [];
    let ok = true;
    for (const asset of Object.keys(group.object)) {
      const report = group.report(asset);
      if (!this.context.assets.has(asset)) {
        report('snapshot.unknown_asset', { asset });
        ok = false;
      } else if (assets !== undefined && assets !== null && !assets.includes(asset)) {
        report('insurance.sublimit_asset_not_covered', { asset });
        ok = false;
      }
      const terms = group.object_(asset);
      const parsed = terms === undefined ? undefined : this.sublimitTerms(terms);
      if (parsed === undefined) ok = false;
      else result.push({ asset, ...parsed });
    }
    return ok ? result : undefined;
  }

  private perCustomer(t: JsonFields): PerCustomerTerms | undefined {
    const c = t.object_('per_customer');
    if (c === undefined) return undefined;
    c.rejectUnknown(['annual_limit', 'tiers']);
    const annual_limit_minor = this.limit(c, 'annual_limit');
    if (annual_limit_minor === null) c.report('annual_limit')('insurance.unlimited_not_here', { field: 'annual_limit' });
    const values = c.array('tiers', false) ?? [];
    if (values.length > CUSTOMER_LIMIT_TIERS_MAX) c.report('tiers')('snapshot.too_many', { max: CUSTOMER_LIMIT_TIERS_MAX });
    const tiers: CustomerLimitTier[] = [];
    let ok = true;
    values.slice(0, CUSTOMER_LIMIT_TIERS_MAX).forEach((value, i) => {
      const path = [...c.at('tiers'), i];
      if (!isObject(value)) {
        this.file.atPath(path, 'json.type', { field: 'tiers', expected: 'object' });
        ok = false;
        return;
      }
      const tf = new JsonFields(this.file, path, value);
      tf.rejectUnknown(['holding_over', 'annual_limit']);
      const holding_over_minor = this.money(tf, 'holding_over', true);
      const limit = this.limit(tf, 'annual_limit');
      if (limit === null) tf.report('annual_limit')('insurance.unlimited_not_here', { field: 'annual_limit' });
      if (holding_over_minor === undefined || limit === undefined || limit === null) {
        ok = false;
        return;
      }
      const previous = tiers[tiers.length - 1];
      if (previous !== undefined && holding_over_minor <= previous.holding_over_minor) {
        tf.report('holding_over')('insurance.tiers_order');
        ok = false;
      }
      tiers.push({ holding_over_minor, annual_limit_minor: limit });
    });
    if (!ok || annual_limit_minor === undefined || annual_limit_minor === null) return undefined;
    return { annual_limit_minor, tiers };
  }

  private valuation(t: JsonFields, assets: string[] | null | undefined): Valuation | undefined {
    const v = t.object_('valuation');
    if (v === undefined) return undefined;
    const basis_text = v.string('basis');
    const basis = basis_text === undefined ? undefined : readEnum(basis_text, ['market', 'stated'] as const, v.report('basis'));
    if (basis === 'market') {
      v.rejectUnknown(['basis']);
      return { basis };
    }
    v.rejectUnknown(['basis', 'prices']);
    if (basis === undefined) return undefined;
    const prices_fields = v.object_('prices');
    if (prices_fields === undefined) return undefined;
    const prices = new Map<string, Decimal>();
    let ok = true;
    for (const [asset, value] of Object.entries(prices_fields.object)) {
      const report = prices_fields.report(asset);
      if (!this.context.assets.has(asset)) {
        report('snapshot.unknown_asset', { asset });
        ok = false;
        continue;
      }
      if (typeof value !== 'string') {
        report('json.type', { field: asset, expected: 'string' });
        ok = false;
        continue;
      }
      const price = readDecimal(value, report);
      if (price === undefined || price.coef === 0n) {
        if (price !== undefined) report('snapshot.price_zero');
        ok = false;
        continue;
      }
      prices.set(asset, price);
    }
    const needed = assets ?? [...this.context.assets.keys()].filter((a) => a !== this.context.manifest.base_currency);
    for (const asset of needed) {
      if (!prices.has(asset) && asset !== this.context.manifest.base_currency) {
        prices_fields.report(asset)('insurance.stated_price_missing', { asset });
        ok = false;
      }
    }
    if (!prices.has(this.context.manifest.base_currency)) prices.set(this.context.manifest.base_currency, { coef: 1n, scale: 0 });
    return ok ? { basis, prices } : undefined;
  }

  private reinsurance(value: unknown, path: JsonPath, policies: readonly Policy[]): Reinsurance | undefined {
    if (!isObject(value)) {
      this.file.atPath(path, 'json.type', { field: String(path[path.length - 1]), expected: 'object' });
      return undefined;
    }
    const f = new JsonFields(this.file, path, value);
    const kind_text = f.string('kind');
    const kind = kind_text === undefined ? undefined : readEnum(kind_text, REINSURANCE_KINDS, f.report('kind'));
    const common = ['id', 'reinsurer', 'note', 'kind', 'covers', 'share'];
    const specific: Record<(typeof REINSURANCE_KINDS)[number], string[]> = {
      quota_share: ['occurrence_limit'],
      excess_of_loss: ['attachment', 'limit', 'reinstatements', 'premium'],
      aggregate_stop_loss: ['attachment', 'limit'],
    };
    f.rejectUnknown(kind === undefined ? [...common, ...new Set(Object.values(specific).flat())] : [...common, ...specific[kind]]);
    const id = this.identifier(f, 'id');
    const reinsurer = this.identifier(f, 'reinsurer');
    f.string('note', false);
    const covers = this.covers(f, policies);
    const share = this.share(f, 'share', { zero: false, one: true });
    if (kind === undefined || id === undefined || reinsurer === undefined || covers === undefined || share === undefined) return undefined;
    const common_fields = { id, reinsurer, covers, share };
    switch (kind) {
      case 'quota_share': {
        const occurrence_limit_minor = this.limit(f, 'occurrence_limit');
        return occurrence_limit_minor === undefined ? undefined : { kind, ...common_fields, occurrence_limit_minor };
      }
      case 'excess_of_loss': {
        const attachment_minor = this.money(f, 'attachment', true);
        const limit_minor = this.limit(f, 'limit');
        let reinstatements: Reinstatement[] | null | undefined = null;
        if (limit_minor === null) {
          if (f.has('reinstatements')) f.report('reinstatements')('insurance.reinstatements_without_aggregate');
        } else {
          reinstatements = this.reinstatements(f, true);
        }
        const premium_minor = f.has('premium') ? this.money(f, 'premium', true) : null;
        this.premiumNeeded(f, reinstatements, premium_minor);
        if (attachment_minor === undefined || limit_minor === undefined || reinstatements === undefined || premium_minor === undefined) return undefined;
        if (limit_minor === null && f.has('reinstatements')) return undefined;
        if (reinstatements !== null && premium_minor === null && reinstatements.some((r) => r.premium_rate.coef > 0n)) return undefined;
        return { kind, ...common_fields, attachment_minor, limit_minor, reinstatements, premium_minor };
      }
      case 'aggregate_stop_loss': {
        const attachment_minor = this.money(f, 'attachment', true);
        const limit_minor = this.limit(f, 'limit');
        if (attachment_minor === undefined || limit_minor === undefined) return undefined;
        return { kind, ...common_fields, attachment_minor, limit_minor };
      }
    }
  }

  /** The policies a contract reinsures: known, distinct, and all written by one insurer (the cedent). */
  private covers(f: JsonFields, policies: readonly Policy[]): string[] | undefined {
    const ids = f.stringArray('covers');
    if (ids === undefined) return undefined;
    if (ids.length === 0) {
      f.report('covers')('insurance.empty_list', { field: 'covers' });
      return undefined;
    }
    let ok = true;
    const insurers = new Set<string>();
    ids.forEach((id, i) => {
      const policy = policies.find((p) => p.id === id);
      if (policy === undefined) {
        this.file.atPath([...f.at('covers'), i], 'insurance.unknown_policy', { policy: id });
        ok = false;
      } else insurers.add(policy.insurer);
    });
    if (insurers.size > 1) {
      f.report('covers')('insurance.reinsurance_mixed_insurers', { insurers: [...insurers].join(', ') });
      ok = false;
    }
    const checked = unique(ids, f.report('covers'));
    return ok ? checked : undefined;
  }

  /**
   * Two policies that could both pay for the same loss of the same wallet must sit in distinct
   * layers (one's deductible at or above the other's deductible plus its reach); otherwise the
   * exchange would be paid twice for one loss.
   */
  private overlaps(policies: readonly Policy[]): void {
    for (let i = 0; i < policies.length; i++) {
      for (let j = i + 1; j < policies.length; j++) {
        const a = policies[i]!;
        const b = policies[j]!;
        if (a.period.end_ms <= b.period.start_ms || b.period.end_ms <= a.period.start_ms) continue;
        for (const cover of a.perils) {
          if (!b.perils.some((p) => p.peril === cover.peril)) continue;
          const shared = walletsInScope(a, cover.peril, this.context.wallets).filter((w) => walletsInScope(b, cover.peril, this.context.wallets).includes(w));
          if (shared.length === 0) continue;
          const band_a = policyBand(a, cover.peril);
          const band_b = policyBand(b, cover.peril);
          const low = band_a.start > band_b.start ? band_a.start : band_b.start;
          const high = band_a.end === null ? band_b.end : band_b.end === null ? band_a.end : band_a.end < band_b.end ? band_a.end : band_b.end;
          if (high !== null && high <= low) continue;
          this.file.atPath(['policies', j], 'insurance.policies_overlap', { a: a.id, b: b.id, peril: cover.peril, wallet: shared[0]! });
        }
      }
    }
  }
}

function unique<T extends string>(values: T[], report: (code: string, params?: MessageParams) => void): T[] | undefined {
  const seen = new Set<T>();
  for (const value of values) {
    if (seen.has(value)) {
      report('insurance.duplicate_entry', { value });
      return undefined;
    }
    seen.add(value);
  }
  return values;
}
