// incident.json (hozen-incident/1) → Incident, checked against the snapshot it happened to: every
// wallet and asset must exist, amounts use the asset's decimals, no wallet loses more than it held,
// nothing is recovered that was not lost, no listed account is stated to have lost more of an
// asset than the incident lost of it. All problems are collected and located by JSON path.

import { createHash } from 'node:crypto';
import { IssueCollector } from '../errors.ts';
import { formatAmount } from '../money/index.ts';
import { FileContext } from '../input/context.ts';
import { JsonFields, isObject, parseJsonDocument } from '../input/json.ts';
import type { JsonPath } from '../input/json-lines.ts';
import { readAmount, readEnum, readIdentifier, readTimestamp } from '../input/values.ts';
import {
  INCIDENT_CONDITIONS,
  INCIDENT_FORMAT,
  PERILS,
  type AffectedAccounts,
  type Incident,
  type IncidentCondition,
  type IncidentLoss,
  type IncidentRecovery,
  type StatedLoss,
} from './types.ts';

/** What an incident is checked against; a Snapshot is one. */
export interface IncidentContext {
  assets: ReadonlyMap<string, { decimals: number }>;
  wallets: ReadonlyArray<{ id: string; asset: string; amount_minor: bigint }>;
}

export const INCIDENT_BYTES_MAX = 64 * 1024 * 1024;
export const INCIDENT_LOSSES_MAX = 10_000;
/** An account takeover names its accounts; a million is far beyond any known case. */
export const AFFECTED_ACCOUNTS_MAX = 1_000_000;
const AFFECTED_MODES = ['holders_of_asset', 'all_accounts', 'accounts'] as const;

export function parseIncident(text: string, file_name: string, context: IncidentContext): Incident {
  const issues = new IssueCollector();
  if (Buffer.byteLength(text, 'utf8') > INCIDENT_BYTES_MAX) {
    issues.add({ file: file_name, code: 'file.too_large', params: { bytes_max: INCIDENT_BYTES_MAX } });
    issues.throwIfAny();
  }
  const content_sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  const document = parseJsonDocument(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file_name, issues);
  issues.throwIfAny();
  const file = document!.context;
  if (!isObject(document!.value)) {
    file.atPath([], 'json.type', { field: '(document)', expected: 'object' });
    issues.throwIfAny();
  }
  const f = new JsonFields(file, [], document!.value as Record<string, unknown>);
  f.rejectUnknown(['format', 'id', 'note', 'occurred_at', 'detected_at', 'peril', 'conditions', 'losses', 'recovered', 'affected']);
  const format = f.string('format');
  if (format !== undefined && format !== INCIDENT_FORMAT) f.report('format')('snapshot.format_version', { value: format, expected: INCIDENT_FORMAT });
  const id_text = f.string('id');
  const id = id_text === undefined ? undefined : readIdentifier(id_text, f.report('id'));
  f.string('note', false);
  const occurred_at = f.string('occurred_at');
  const occurred_at_ms = occurred_at === undefined ? undefined : readTimestamp(occurred_at, f.report('occurred_at'));
  const detected_at = f.string('detected_at');
  const detected_at_ms = detected_at === undefined ? undefined : readTimestamp(detected_at, f.report('detected_at'));
  if (occurred_at_ms !== undefined && detected_at_ms !== undefined && detected_at_ms < occurred_at_ms) {
    f.report('detected_at')('incident.detected_before_occurred', { occurred_at: occurred_at!, detected_at: detected_at! });
  }
  const peril_text = f.string('peril');
  const peril = peril_text === undefined ? undefined : readEnum(peril_text, PERILS, f.report('peril'));
  const conditions = readConditions(f);
  const losses = readLosses(f, file, context);
  const recovered = losses === undefined ? undefined : readRecovered(f, file, context, losses);
  const affected = readAffected(f, file, context, losses, recovered);
  issues.throwIfAny();
  return {
    format: INCIDENT_FORMAT,
    id: id!,
    occurred_at: occurred_at!,
    occurred_at_ms: occurred_at_ms!,
    detected_at: detected_at!,
    detected_at_ms: detected_at_ms!,
    peril: peril!,
    losses: losses!,
    recovered: recovered!,
    affected: affected!,
    ...(conditions!.length === 0 ? {} : { conditions: conditions! }),
    content_sha256,
  };
}

function readConditions(f: JsonFields): IncidentCondition[] | undefined {
  const values = f.stringArray('conditions', false) ?? [];
  const conditions: IncidentCondition[] = [];
  values.forEach((value, i) => {
    const condition = readEnum(value, INCIDENT_CONDITIONS, (code, params) => f.context.atPath([...f.at('conditions'), i], code, params));
    if (condition === undefined) return;
    if (conditions.includes(condition)) f.context.atPath([...f.at('conditions'), i], 'incident.duplicate', { value });
    else conditions.push(condition);
  });
  return conditions;
}

function readLosses(f: JsonFields, file: FileContext, context: IncidentContext): IncidentLoss[] | undefined {
  const values = f.array('losses');
  if (values === undefined) return undefined;
  if (values.length === 0) {
    f.report('losses')('incident.losses_empty');
    return undefined;
  }
  if (values.length > INCIDENT_LOSSES_MAX) {
    f.report('losses')('snapshot.too_many', { max: INCIDENT_LOSSES_MAX });
    return undefined;
  }
  const losses: IncidentLoss[] = [];
  let ok = true;
  values.forEach((value, i) => {
    const path: JsonPath = ['losses', i];
    const entry = objectAt(value, path, file, 'losses');
    if (entry === undefined) {
      ok = false;
      return;
    }
    entry.rejectUnknown(['wallet_id', 'asset', 'amount']);
    const wallet_id = entry.string('wallet_id');
    const asset = entry.string('asset');
    const amount = entry.string('amount');
    if (wallet_id === undefined || asset === undefined || amount === undefined) {
      ok = false;
      return;
    }
    const wallet = context.wallets.find((w) => w.id === wallet_id);
    const spec = context.assets.get(asset);
    if (wallet === undefined) entry.report('wallet_id')('incident.unknown_wallet', { wallet: wallet_id });
    if (spec === undefined) entry.report('asset')('snapshot.unknown_asset', { asset });
    if (wallet !== undefined && spec !== undefined && wallet.asset !== asset) {
      entry.report('asset')('incident.asset_mismatch', { wallet: wallet_id, asset, wallet_asset: wallet.asset });
    }
    if (losses.some((l) => l.wallet_id === wallet_id)) entry.report('wallet_id')('incident.duplicate_loss', { wallet: wallet_id });
    if (wallet === undefined || spec === undefined || wallet.asset !== asset) {
      ok = false;
      return;
    }
    const amount_minor = readAmount(amount, spec.decimals, asset, entry.report('amount'));
    if (amount_minor === undefined) {
      ok = false;
      return;
    }
    if (amount_minor === 0n) {
      entry.report('amount')('incident.loss_zero');
      ok = false;
      return;
    }
    if (amount_minor > wallet.amount_minor) {
      entry.report('amount')('incident.loss_exceeds_wallet', { wallet: wallet_id, asset, lost: amount, held: formatAmount(wallet.amount_minor, spec.decimals) });
      ok = false;
      return;
    }
    losses.push({ wallet_id, asset, amount_minor });
  });
  return ok ? losses : undefined;
}

function readRecovered(f: JsonFields, file: FileContext, context: IncidentContext, losses: readonly IncidentLoss[]): IncidentRecovery[] | undefined {
  const values = f.array('recovered', false) ?? [];
  if (values.length > INCIDENT_LOSSES_MAX) {
    f.report('recovered')('snapshot.too_many', { max: INCIDENT_LOSSES_MAX });
    return undefined;
  }
  const recovered: IncidentRecovery[] = [];
  let ok = true;
  values.forEach((value, i) => {
    const entry = objectAt(value, ['recovered', i], file, 'recovered');
    if (entry === undefined) {
      ok = false;
      return;
    }
    entry.rejectUnknown(['asset', 'amount']);
    const asset = entry.string('asset');
    const amount = entry.string('amount');
    if (asset === undefined || amount === undefined) {
      ok = false;
      return;
    }
    const spec = context.assets.get(asset);
    if (spec === undefined) {
      entry.report('asset')('snapshot.unknown_asset', { asset });
      ok = false;
      return;
    }
    if (recovered.some((r) => r.asset === asset)) {
      entry.report('asset')('incident.duplicate', { value: asset });
      ok = false;
      return;
    }
    const amount_minor = readAmount(amount, spec.decimals, asset, entry.report('amount'));
    if (amount_minor === undefined) {
      ok = false;
      return;
    }
    const lost = losses.filter((l) => l.asset === asset).reduce((s, l) => s + l.amount_minor, 0n);
    if (amount_minor > lost) {
      entry.report('amount')(lost === 0n ? 'incident.recovered_not_lost' : 'incident.recovered_exceeds_loss', { asset, recovered: amount, lost: formatAmount(lost, spec.decimals) });
      ok = false;
      return;
    }
    recovered.push({ asset, amount_minor });
  });
  return ok ? recovered : undefined;
}

function readAffected(f: JsonFields, file: FileContext, context: IncidentContext, losses: readonly IncidentLoss[] | undefined, recovered: readonly IncidentRecovery[] | undefined): AffectedAccounts | undefined {
  if (!f.has('affected')) return { mode: 'holders_of_asset' };
  const a = f.object_('affected');
  if (a === undefined) return undefined;
  a.rejectUnknown(['mode', 'accounts']);
  const mode_text = a.string('mode');
  const mode = mode_text === undefined ? undefined : readEnum(mode_text, AFFECTED_MODES, a.report('mode'));
  if (mode === undefined) return undefined;
  if (mode !== 'accounts') {
    if (a.has('accounts')) {
      a.report('accounts')('incident.accounts_not_allowed', { mode });
      return undefined;
    }
    return { mode };
  }
  const entries = a.array('accounts');
  if (entries === undefined) return undefined;
  if (entries.length === 0) {
    a.report('accounts')('incident.accounts_required');
    return undefined;
  }
  if (entries.length > AFFECTED_ACCOUNTS_MAX) {
    a.report('accounts')('snapshot.too_many', { max: AFFECTED_ACCOUNTS_MAX });
    return undefined;
  }
  // What is left of each asset's loss for the stated losses: lost − recovered, over every wallet.
  const net = losses === undefined || recovered === undefined ? undefined : netLossByAsset(losses, recovered);
  const stated_sum = new Map<string, bigint>();
  const seen = new Set<string>();
  const accounts: string[] = [];
  const stated: Array<StatedLoss[] | null> = [];
  let ok = true;
  entries.forEach((entry, i) => {
    const path: JsonPath = ['affected', 'accounts', i];
    let account: string | undefined;
    let loss: StatedLoss[] | null | undefined = null;
    if (typeof entry === 'string' && entry !== '') {
      account = entry;
    } else if (isObject(entry)) {
      const fields = new JsonFields(file, path, entry);
      fields.rejectUnknown(['account_id', 'loss']);
      const id = fields.string('account_id');
      account = id === undefined ? undefined : readIdentifier(id, fields.report('account_id'));
      if (fields.has('loss')) {
        loss = readStatedLoss(fields, context, net, stated_sum);
        if (loss === undefined) ok = false;
      }
    } else {
      file.atPath(path, 'json.type', { field: 'accounts', expected: 'string' });
    }
    if (account !== undefined && seen.has(account)) {
      file.atPath(path, 'incident.duplicate', { value: account });
      ok = false;
    }
    if (account !== undefined) seen.add(account);
    if (account === undefined || loss === undefined) {
      ok = false;
      return;
    }
    accounts.push(account);
    stated.push(loss);
  });
  if (!ok) return undefined;
  return stated.some((loss) => loss !== null) ? { mode, accounts, losses: stated } : { mode, accounts };
}

/** Per asset, what was lost from every wallet less what was recovered. */
function netLossByAsset(losses: readonly IncidentLoss[], recovered: readonly IncidentRecovery[]): Map<string, bigint> {
  const net = new Map<string, bigint>();
  for (const loss of losses) net.set(loss.asset, (net.get(loss.asset) ?? 0n) + loss.amount_minor);
  for (const recovery of recovered) net.set(recovery.asset, net.get(recovery.asset)! - recovery.amount_minor);
  return net;
}

/**
 * An entry's `loss`: `{ "<asset>": "<decimal in asset units>" }`, at least one asset, each an asset
 * the incident lost, > 0, at most the asset's decimals; the stated losses of an asset, over every
 * entry so far, at most its net loss. Undefined when any of it is wrong (each located).
 */
function readStatedLoss(entry: JsonFields, context: IncidentContext, net: ReadonlyMap<string, bigint> | undefined, stated_sum: Map<string, bigint>): StatedLoss[] | undefined {
  const object = entry.object_('loss');
  if (object === undefined) return undefined;
  const assets = Object.keys(object.object);
  if (assets.length === 0) {
    entry.report('loss')('incident.stated_loss_empty');
    return undefined;
  }
  const stated: StatedLoss[] = [];
  let ok = true;
  for (const asset of assets) {
    const report = object.report(asset);
    const spec = context.assets.get(asset);
    if (spec === undefined) {
      report('snapshot.unknown_asset', { asset });
      ok = false;
      continue;
    }
    if (net !== undefined && !net.has(asset)) {
      report('incident.stated_loss_not_lost', { asset });
      ok = false;
      continue;
    }
    const text = object.string(asset);
    const amount_minor = text === undefined ? undefined : readAmount(text, spec.decimals, asset, report);
    if (amount_minor === undefined) {
      ok = false;
      continue;
    }
    if (amount_minor === 0n) {
      report('incident.loss_zero');
      ok = false;
      continue;
    }
    const sum = (stated_sum.get(asset) ?? 0n) + amount_minor;
    stated_sum.set(asset, sum);
    const net_minor = net?.get(asset);
    if (net_minor !== undefined && sum > net_minor && sum - amount_minor <= net_minor) {
      report('incident.stated_losses_exceed_loss', { asset, stated: formatAmount(sum, spec.decimals), net: formatAmount(net_minor, spec.decimals) });
      ok = false;
      continue;
    }
    stated.push({ asset, amount_minor });
  }
  return ok ? stated : undefined;
}

function objectAt(value: unknown, path: JsonPath, file: FileContext, field: string): JsonFields | undefined {
  if (!isObject(value)) {
    file.atPath(path, 'json.type', { field, expected: 'object' });
    return undefined;
  }
  return new JsonFields(file, path, value);
}
