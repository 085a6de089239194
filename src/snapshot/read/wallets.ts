// wallets.json: what the exchange holds, where, under which controls.

import { PURPOSES, TIERS, type AssetSpec, type SeverityDistribution, type Wallet, type WalletControls, type WalletRisk } from '../types.ts';
import { isObject, JsonFields, type JsonDocument } from '../../input/json.ts';
import { readAmount, readEnum, readIdentifier } from '../../input/values.ts';

export const WALLETS_MAX = 100_000;
const SIGNERS_MAX = 100;
const KNOWN_CONTROLS = ['signing', 'hsm', 'mpc', 'address_allowlist', 'withdrawal_limit_per_day', 'ccss_level', 'vendor', 'platform'];

export function parseWallets(document: JsonDocument, assets: ReadonlyMap<string, AssetSpec>): Wallet[] {
  const { context, value } = document;
  if (!Array.isArray(value)) {
    context.atPath([], 'json.type', { field: 'wallets.json', expected: 'array' });
    return [];
  }
  if (value.length > WALLETS_MAX) {
    context.atPath([], 'snapshot.too_many', { max: WALLETS_MAX });
    return [];
  }
  const wallets: Wallet[] = [];
  const seen = new Set<string>();
  value.forEach((item, i) => {
    if (!isObject(item)) {
      context.atPath([i], 'json.type', { field: 'wallet', expected: 'object' });
      return;
    }
    const fields = new JsonFields(context, [i], item);
    fields.rejectUnknown(['id', 'asset', 'tier', 'purpose', 'amount', 'controls', 'risk', 'label']);
    const id_text = fields.string('id');
    const id = id_text === undefined ? undefined : readIdentifier(id_text, fields.report('id'));
    if (id !== undefined && seen.has(id)) {
      fields.report('id')('snapshot.wallet_duplicate', { id });
      return;
    }
    if (id !== undefined) seen.add(id);
    const asset_symbol = fields.string('asset');
    const asset = asset_symbol === undefined ? undefined : assets.get(asset_symbol);
    if (asset_symbol !== undefined && asset === undefined) fields.report('asset')('snapshot.unknown_asset', { asset: asset_symbol });
    const tier_text = fields.string('tier');
    const tier = tier_text === undefined ? undefined : readEnum(tier_text, TIERS, fields.report('tier'));
    const purpose_text = fields.string('purpose');
    const purpose = purpose_text === undefined ? undefined : readEnum(purpose_text, PURPOSES, fields.report('purpose'));
    const amount_text = fields.string('amount');
    const amount_minor = amount_text === undefined || asset === undefined ? undefined : readAmount(amount_text, asset.decimals, asset.symbol, fields.report('amount'));
    // Not used by any engine, but the format says it is text: a number here is a mistake to point out.
    fields.string('label', false);
    const controls_fields = fields.object_('controls', false);
    const controls = controls_fields === undefined ? { other: {} } : parseControls(controls_fields, asset);
    const risk_fields = fields.object_('risk', false);
    const risk = risk_fields === undefined ? undefined : parseRisk(risk_fields);
    if (id === undefined || asset === undefined || tier === undefined || purpose === undefined || amount_minor === undefined || controls === undefined) return;
    wallets.push({ id, asset: asset.symbol, tier, purpose, amount_minor, controls, ...(risk === undefined ? {} : { risk }) });
  });
  return wallets;
}

function parseControls(fields: JsonFields, asset: AssetSpec | undefined): WalletControls | undefined {
  const controls: WalletControls = { other: {} };
  let ok = true;
  const signing = fields.string('signing', false);
  if (signing !== undefined) {
    const m = /^(\d{1,3})-of-(\d{1,3})$/.exec(signing);
    const required = m === null ? NaN : Number(m[1]);
    const signers = m === null ? NaN : Number(m[2]);
    if (!(required >= 1 && required <= signers && signers <= SIGNERS_MAX)) {
      fields.report('signing')('snapshot.signing', { value: signing });
      ok = false;
    } else controls.signing = { m: required, n: signers };
  }
  for (const flag of ['hsm', 'mpc', 'address_allowlist'] as const) {
    const value = fields.boolean(flag);
    if (value !== undefined) controls[flag] = value;
    else if (fields.has(flag)) ok = false;
  }
  const limit = fields.string('withdrawal_limit_per_day', false);
  if (limit !== undefined && asset !== undefined) {
    const limit_minor = readAmount(limit, asset.decimals, asset.symbol, fields.report('withdrawal_limit_per_day'));
    if (limit_minor === undefined) ok = false;
    else controls.withdrawal_limit_per_day_minor = limit_minor;
  }
  const ccss = fields.integer('ccss_level', 1, 3, false);
  if (ccss !== undefined) controls.ccss_level = ccss as 1 | 2 | 3;
  else if (fields.has('ccss_level')) ok = false;
  for (const name of ['vendor', 'platform'] as const) {
    const value = fields.string(name, false);
    if (value !== undefined) controls[name] = value;
    else if (fields.has(name)) ok = false;
  }
  for (const [key, value] of Object.entries(fields.object)) if (!KNOWN_CONTROLS.includes(key)) controls.other[key] = value;
  return ok ? controls : undefined;
}

function parseRisk(fields: JsonFields): WalletRisk | undefined {
  fields.rejectUnknown(['annual_rate', 'severity']);
  const risk: WalletRisk = {};
  let ok = true;
  const rate = fields.number('annual_rate', 0, 365);
  if (rate !== undefined) risk.annual_rate = rate;
  else if (fields.has('annual_rate')) ok = false;
  const severity_fields = fields.object_('severity', false);
  if (severity_fields !== undefined) {
    const severity = parseSeverity(severity_fields);
    if (severity === undefined) ok = false;
    else risk.severity = severity;
  }
  return ok ? risk : undefined;
}

function parseSeverity(fields: JsonFields): SeverityDistribution | undefined {
  const dist = fields.string('dist');
  if (dist === 'fixed') {
    fields.rejectUnknown(['dist', 'fraction']);
    const fraction = fields.number('fraction', 0, 1, true);
    return fraction === undefined ? undefined : { dist, fraction };
  }
  if (dist === 'beta') {
    fields.rejectUnknown(['dist', 'alpha', 'beta']);
    const alpha = fields.number('alpha', 1e-6, 1e6, true);
    const beta = fields.number('beta', 1e-6, 1e6, true);
    return alpha === undefined || beta === undefined ? undefined : { dist, alpha, beta };
  }
  if (dist !== undefined) fields.report('dist')('value.enum', { value: dist, allowed: 'fixed, beta' });
  return undefined;
}
