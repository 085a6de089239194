// The funding sources of a compensation, in the policy's order, and what each holds. Amounts are
// base-currency minor units; guarantee crypto is valued by the scheme that uses it.

import { UserError } from '../errors.ts';
import { parseAmount, MoneyError } from '../money/index.ts';
import type { Incident } from '../incident/types.ts';
import { HACK_COMPENSATION, inForceAt } from '../snapshot/period.ts';
import type { Contract, Snapshot } from '../snapshot/types.ts';
import { ADD_FUNDING_MAX, FUNDING_SOURCES, type AdditionalFunding, type CompensationPolicy, type FundingSourceName, type InsuranceRecovery, type SourceResult } from './types.ts';

export interface FundingEntry {
  name: string;
  kind: FundingSourceName;
  available_minor: bigint;
}

/**
 * The money sources in policy order, with the guarantee entry (if ordered) holding `guarantee_minor`.
 * Safe assets tied to a contract are counted through that contract, never twice.
 */
export function fundingEntries(
  snapshot: Snapshot,
  incident: Incident,
  policy: CompensationPolicy,
  additional: readonly AdditionalFunding[],
  insurance: InsuranceRecovery,
  guarantee_minor: bigint,
): FundingEntry[] {
  if (additional.length > 0 && !policy.funding_order.includes('additional')) {
    throw new UserError('compensation.add_funding_not_in_order', {});
  }
  const entries: FundingEntry[] = [];
  for (const kind of policy.funding_order) {
    switch (kind) {
      case 'insurance':
        entries.push({ name: kind, kind, available_minor: insurance.amount_minor });
        break;
      case 'guarantee':
        entries.push({ name: kind, kind, available_minor: guarantee_minor });
        break;
      case 'safe_assets':
        entries.push({ name: kind, kind, available_minor: snapshot.safe_assets.filter((s) => s.contract_id === null).reduce((sum, s) => sum + s.market_value_minor, 0n) });
        break;
      case 'contracts':
        entries.push({ name: kind, kind, available_minor: snapshot.contracts.filter((c) => contractPays(c, incident, snapshot.manifest.as_of)).reduce((sum, c) => sum + c.amount_minor, 0n) });
        break;
      case 'net_assets':
        entries.push({ name: kind, kind, available_minor: snapshot.manifest.net_assets_minor > 0n ? snapshot.manifest.net_assets_minor : 0n });
        break;
      case 'group_support':
        entries.push({ name: kind, kind, available_minor: snapshot.manifest.group_support_minor });
        break;
      case 'additional':
        for (const extra of additional) entries.push({ name: extra.name, kind, available_minor: extra.amount_minor });
        break;
    }
  }
  return entries;
}

/** A contract pays if it covers hacks and is in force when the loss occurred (src/snapshot/period.ts). */
export function contractPays(contract: Contract, incident: Incident, as_of: string): boolean {
  return contract.covers.includes(HACK_COMPENSATION) && inForceAt(contract, as_of, incident.occurred_at_ms);
}

/** Draws `amount` from the entries in order, each up to what it holds. */
export function drawInOrder(entries: readonly FundingEntry[], amount_minor: bigint): bigint[] {
  let left = amount_minor;
  const drawn = entries.map((entry) => {
    const take = left < entry.available_minor ? left : entry.available_minor;
    left -= take;
    return take;
  });
  if (left !== 0n) throw new Error('drawInOrder: more drawn than the sources hold');
  return drawn;
}

export function sourceResults(entries: readonly FundingEntry[], drawn: readonly bigint[]): SourceResult[] {
  return entries.map((entry, i) => ({ name: entry.name, available_minor: entry.available_minor, drawn_minor: drawn[i]! }));
}

const FUNDING_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** `--add-funding name=amount` (amount in the base currency), in the order given. */
export function parseAddFunding(texts: readonly string[], base_currency: string, base_decimals: number): AdditionalFunding[] {
  if (texts.length > ADD_FUNDING_MAX) throw new UserError('compensation.add_funding_too_many', { max: ADD_FUNDING_MAX });
  const seen = new Set<string>();
  return texts.map((text) => {
    const eq = text.indexOf('=');
    const name = eq < 0 ? '' : text.slice(0, eq);
    const amount_text = eq < 0 ? '' : text.slice(eq + 1);
    if (!FUNDING_NAME.test(name)) throw new UserError('compensation.add_funding_syntax', { value: text });
    if ((FUNDING_SOURCES as readonly string[]).includes(name) || seen.has(name)) throw new UserError('compensation.add_funding_name', { name });
    seen.add(name);
    try {
      return { name, amount_minor: parseAmount(amount_text, base_decimals) };
    } catch (error) {
      if (error instanceof MoneyError) throw new UserError('compensation.add_funding_amount', { value: text, currency: base_currency });
      throw error;
    }
  });
}
