// exchange.json: who, when, in which currency, which assets, which rules.

import { ASSET_DECIMALS_MAX } from '../../money/index.ts';
import { SNAPSHOT_FORMAT, type AssetKind, type AssetSpec, type ExchangeManifest } from '../types.ts';
import { isObject, JsonFields, type JsonDocument } from '../../input/json.ts';
import { readAmount, readIdentifier, readTimestamp } from '../../input/values.ts';

const CORE_KEYS = ['format', 'exchange', 'as_of', 'base_currency', 'assets', 'net_assets', 'group_support', 'regimes'];
/**
 * Optional sections that later modules read (documented in docs/formats.md). Listing them keeps
 * a misspelt core key from being taken for an extension.
 */
export const EXCHANGE_EXTENSION_KEYS = ['mica', 'coverage', 'risk', 'liability_reserve', 'generator', 'customer_money'] as const;

export const ASSETS_MAX = 1000;
const SYMBOL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const REGIME_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function parseExchange(document: JsonDocument): ExchangeManifest | undefined {
  const { context, value } = document;
  if (!isObject(value)) {
    context.atPath([], 'json.type', { field: 'exchange.json', expected: 'object' });
    return undefined;
  }
  const fields = new JsonFields(context, [], value);
  const format = fields.string('format');
  if (format !== undefined && format !== SNAPSHOT_FORMAT) {
    context.atPath(['format'], 'snapshot.format_version', { value: format, expected: SNAPSHOT_FORMAT });
    return undefined;
  }
  fields.rejectUnknown([...CORE_KEYS, ...EXCHANGE_EXTENSION_KEYS]);

  const exchange_fields = fields.object_('exchange');
  let exchange: ExchangeManifest['exchange'] | undefined;
  if (exchange_fields !== undefined) {
    exchange_fields.rejectUnknown(['id', 'name', 'jurisdictions']);
    const id_text = exchange_fields.string('id');
    const id = id_text === undefined ? undefined : readIdentifier(id_text, exchange_fields.report('id'));
    const name = exchange_fields.string('name');
    const jurisdictions = exchange_fields.stringArray('jurisdictions');
    if (id !== undefined && name !== undefined && jurisdictions !== undefined) exchange = { id, name, jurisdictions };
  }

  const as_of = fields.string('as_of');
  const as_of_ms = as_of === undefined ? undefined : readTimestamp(as_of, fields.report('as_of'));

  const assets = parseAssets(fields);
  const base_currency = fields.string('base_currency');
  const base = base_currency === undefined || assets === undefined ? undefined : assets.find((a) => a.symbol === base_currency);
  if (base_currency !== undefined && assets !== undefined && base === undefined) {
    context.atPath(['base_currency'], 'snapshot.base_not_in_assets', { asset: base_currency });
  }
  if (base !== undefined) {
    // The base currency is the unit of account: it is fiat unless the file says otherwise.
    const declared = (value.assets as unknown[]).find((a) => isObject(a) && a.symbol === base.symbol) as Record<string, unknown>;
    if (declared.kind === undefined) base.kind = 'fiat';
  }

  let net_assets_minor: bigint | undefined;
  let group_support_minor: bigint | undefined = 0n;
  if (base !== undefined) {
    const net_assets = fields.string('net_assets', false);
    net_assets_minor = net_assets === undefined ? 0n : readAmount(net_assets, base.decimals, base.symbol, fields.report('net_assets'), true);
    const group_support = fields.string('group_support', false);
    group_support_minor = group_support === undefined ? 0n : readAmount(group_support, base.decimals, base.symbol, fields.report('group_support'));
  }

  // customer_money (optional): the customer trust account (顧客分別金信託) against the customers' yen.
  if (base !== undefined && value.customer_money !== undefined) {
    const money = fields.object_('customer_money');
    if (money !== undefined) {
      money.rejectUnknown(['trust_balance', 'trustee']);
      const balance = money.string('trust_balance');
      if (balance !== undefined) readAmount(balance, base.decimals, base.symbol, money.report('trust_balance'));
      money.string('trustee', false);
    }
  }

  const regimes = fields.stringArray('regimes', false) ?? [];
  regimes.forEach((regime, i) => {
    if (!REGIME_PATTERN.test(regime)) context.atPath(['regimes', i], 'snapshot.regime_name', { value: regime });
  });

  const extensions: Record<string, unknown> = {};
  for (const key of EXCHANGE_EXTENSION_KEYS) if (value[key] !== undefined) extensions[key] = value[key];

  if (
    exchange === undefined ||
    as_of === undefined ||
    as_of_ms === undefined ||
    assets === undefined ||
    base === undefined ||
    base_currency === undefined ||
    net_assets_minor === undefined ||
    group_support_minor === undefined
  ) {
    return undefined;
  }
  return {
    format: SNAPSHOT_FORMAT,
    exchange,
    as_of,
    as_of_ms,
    base_currency,
    assets,
    net_assets_minor,
    group_support_minor,
    regimes,
    extensions,
  };
}

function parseAssets(fields: JsonFields): AssetSpec[] | undefined {
  const list = fields.array('assets');
  if (list === undefined) return undefined;
  if (list.length === 0 || list.length > ASSETS_MAX) {
    fields.context.atPath(['assets'], 'snapshot.assets_count', { max: ASSETS_MAX });
    return undefined;
  }
  const assets: AssetSpec[] = [];
  const seen = new Set<string>();
  let ok = true;
  list.forEach((item, i) => {
    if (!isObject(item)) {
      fields.context.atPath(['assets', i], 'json.type', { field: 'assets', expected: 'object' });
      ok = false;
      return;
    }
    const asset = new JsonFields(fields.context, ['assets', i], item);
    asset.rejectUnknown(['symbol', 'decimals', 'kind']);
    const symbol = asset.string('symbol');
    const decimals = asset.integer('decimals', 0, ASSET_DECIMALS_MAX);
    const kind_text = asset.string('kind', false);
    let kind: AssetKind = 'crypto';
    if (kind_text !== undefined) {
      if (kind_text === 'crypto' || kind_text === 'fiat') kind = kind_text;
      else {
        asset.report('kind')('value.enum', { value: kind_text, allowed: 'crypto, fiat' });
        ok = false;
      }
    }
    if (symbol !== undefined && !SYMBOL_PATTERN.test(symbol)) {
      asset.report('symbol')('snapshot.asset_symbol', { value: symbol });
      ok = false;
      return;
    }
    if (symbol !== undefined && seen.has(symbol)) {
      asset.report('symbol')('snapshot.asset_duplicate', { asset: symbol });
      ok = false;
      return;
    }
    if (symbol === undefined || decimals === undefined) {
      ok = false;
      return;
    }
    seen.add(symbol);
    assets.push({ symbol, decimals, kind });
  });
  return ok ? assets : undefined;
}
