// contracts.json: preservation contracts (保全契約), bank guarantees and trusts.

import { CONTRACT_KINDS, type AssetSpec, type Contract } from '../types.ts';
import { isObject, JsonFields, type JsonDocument } from '../../input/json.ts';
import { readAmount, readDateOrTimestamp, readEnum, readIdentifier } from '../../input/values.ts';

export const CONTRACTS_MAX = 10_000;

export function parseContracts(document: JsonDocument, base: AssetSpec): Contract[] {
  const { context, value } = document;
  if (!Array.isArray(value)) {
    context.atPath([], 'json.type', { field: 'contracts.json', expected: 'array' });
    return [];
  }
  if (value.length > CONTRACTS_MAX) {
    context.atPath([], 'snapshot.too_many', { max: CONTRACTS_MAX });
    return [];
  }
  const contracts: Contract[] = [];
  const seen = new Set<string>();
  value.forEach((item, i) => {
    if (!isObject(item)) {
      context.atPath([i], 'json.type', { field: 'contract', expected: 'object' });
      return;
    }
    const fields = new JsonFields(context, [i], item);
    fields.rejectUnknown(['id', 'kind', 'counterparty', 'amount', 'start', 'end', 'covers']);
    const id_text = fields.string('id');
    const id = id_text === undefined ? undefined : readIdentifier(id_text, fields.report('id'));
    if (id !== undefined && seen.has(id)) {
      fields.report('id')('snapshot.contract_duplicate', { id });
      return;
    }
    if (id !== undefined) seen.add(id);
    const kind_text = fields.string('kind');
    const kind = kind_text === undefined ? undefined : readEnum(kind_text, CONTRACT_KINDS, fields.report('kind'));
    const counterparty = fields.string('counterparty');
    const amount_text = fields.string('amount');
    const amount_minor = amount_text === undefined ? undefined : readAmount(amount_text, base.decimals, base.symbol, fields.report('amount'));
    const start_text = fields.string('start');
    const start = start_text === undefined ? undefined : readDateOrTimestamp(start_text, fields.report('start'));
    const end_text = fields.string('end');
    const end = end_text === undefined ? undefined : readDateOrTimestamp(end_text, fields.report('end'));
    if (start !== undefined && end !== undefined && startOfPeriodMs(end) < startOfPeriodMs(start)) {
      fields.report('end')('snapshot.period_reversed', { start, end });
      return;
    }
    const covers = fields.stringArray('covers', false) ?? [];
    if (id === undefined || kind === undefined || counterparty === undefined || amount_minor === undefined || start === undefined || end === undefined) return;
    contracts.push({ id, kind, counterparty, amount_minor, start, end, covers });
  });
  return contracts;
}

/** A date is compared as its first instant in UTC; only the ordering check uses this. */
function startOfPeriodMs(text: string): number {
  return Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
}
