// reserves.json (hozen-reserves/1, docs/formats/proof.md "Reserves"): per address of the exchange,
// its asset, balance at a stated block height or time, and a signature over the challenge that
// names the exchange, the snapshot and a date. `checkReserves` verifies each signature and sets
// verified reserves against the liabilities per asset. Pure: the snapshot's facts in, a report out.

import { parseJsonText } from '../encoding/json.ts';
import { UserError } from '../errors.ts';
import { MoneyError } from '../money/errors.ts';
import { parseAmount } from '../money/amount.ts';
import { valueInBase } from '../snapshot/valuation.ts';
import type { Snapshot } from '../snapshot/types.ts';
import { SIGNATURE_SCHEMES, verifyAddressSignature, type SignatureScheme, type SignatureStatus } from './signatures.ts';

export const RESERVES_FORMAT = 'hozen-reserves/1';

export interface ReserveAddress {
  asset: string;
  address: string;
  balance_minor: bigint;
  /** When the balance was read: a block height or an ISO time, as written. */
  at: { block_height: number } | { time: string };
  scheme: SignatureScheme;
  signature: string;
}

export interface Reserves {
  snapshot_id: string;
  date: string;
  addresses: ReserveAddress[];
}

/** The message every address signs: one per exchange, snapshot and date, so a signature cannot be replayed for another. */
export function reservesChallenge(exchange_id: string, snapshot_id: string, date: string): string {
  return `Hozen proof of reserves\nexchange: ${exchange_id}\nsnapshot: ${snapshot_id}\ndate: ${date}`;
}

type Json = Record<string, unknown>;

export function parseReserves(text: string, file: string, snapshot: Pick<Snapshot, 'assets'>): Reserves {
  const fail = (path: string, expected: string): never => {
    throw new UserError('reserves.bad_field', { file, path, expected });
  };
  let json: unknown;
  try {
    json = parseJsonText(text);
  } catch {
    throw new UserError('proof.not_json', { file });
  }
  const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(json)) return fail('$', 'an object');
  if (json.format !== RESERVES_FORMAT) fail('format', RESERVES_FORMAT);
  if (typeof json.snapshot_id !== 'string') fail('snapshot_id', 'a snapshot id');
  if (typeof json.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(json.date)) fail('date', 'YYYY-MM-DD');
  if (!Array.isArray(json.addresses)) fail('addresses', 'a list');
  const seen = new Set<string>();
  const addresses = (json.addresses as unknown[]).map((entry, i): ReserveAddress => {
    const path = `addresses[${i}]`;
    if (!isObject(entry)) return fail(path, 'an object');
    const asset = typeof entry.asset === 'string' ? snapshot.assets.get(entry.asset) : undefined;
    if (asset === undefined) return fail(`${path}.asset`, "one of the snapshot's assets");
    if (typeof entry.address !== 'string' || entry.address === '') return fail(`${path}.address`, 'an address');
    const key = `${asset.symbol} ${entry.address.toLowerCase()}`;
    if (seen.has(key)) fail(`${path}.address`, 'an address not listed before for this asset');
    seen.add(key);
    let balance_minor = 0n;
    try {
      balance_minor = parseAmount(String(entry.balance), asset.decimals);
    } catch (error) {
      if (error instanceof MoneyError) fail(`${path}.balance`, `a non-negative amount of ${asset.symbol}`);
      throw error;
    }
    const at = entry.at;
    if (!isObject(at) || !((Number.isSafeInteger(at.block_height) && (at.block_height as number) >= 0) || typeof at.time === 'string')) return fail(`${path}.at`, '{ "block_height": n } or { "time": "…" }');
    if (!SIGNATURE_SCHEMES.includes(entry.scheme as SignatureScheme)) return fail(`${path}.scheme`, SIGNATURE_SCHEMES.join(' | '));
    if (typeof entry.signature !== 'string') return fail(`${path}.signature`, 'the signature as a string');
    return {
      asset: asset.symbol,
      address: entry.address,
      balance_minor,
      at: typeof at.time === 'string' ? { time: at.time } : { block_height: at.block_height as number },
      scheme: entry.scheme as SignatureScheme,
      signature: entry.signature,
    };
  });
  return { snapshot_id: json.snapshot_id as string, date: json.date as string, addresses };
}

export interface AddressResult {
  asset: string;
  address: string;
  balance_minor: bigint;
  at: ReserveAddress['at'];
  scheme: SignatureScheme;
  status: SignatureStatus;
}

export type AssetStatus = 'solvent' | 'insolvent' | 'fiat_not_covered';

export interface AssetSolvency {
  asset: string;
  decimals: number;
  liabilities_minor: bigint;
  /** Balances of addresses whose signature verified: the only ones counted. */
  verified_reserves_minor: bigint;
  /** Stated by addresses whose signature failed or cannot be verified offline. */
  unverified_reserves_minor: bigint;
  /** What wallets.json says the exchange holds of the asset (all purposes). */
  wallets_minor: bigint;
  /** verified − liabilities; negative is a shortfall. */
  gap_minor: bigint;
  /** The gap in the base currency at as_of: a surplus rounded down (a holding), a shortfall up (a requirement). */
  gap_base_minor: bigint | null;
  status: AssetStatus;
}

export interface ReservesReport {
  snapshot_id: string;
  challenge: string;
  addresses: AddressResult[];
  assets: AssetSolvency[];
  solvent: boolean;
}

export function checkReserves(snapshot: Snapshot, reserves: Reserves, file: string): ReservesReport {
  if (reserves.snapshot_id !== snapshot.id) throw new UserError('reserves.other_snapshot', { file, found: reserves.snapshot_id, wanted: snapshot.id });
  const challenge = reservesChallenge(snapshot.manifest.exchange.id, snapshot.id, reserves.date);
  const addresses = reserves.addresses.map((a): AddressResult => ({ asset: a.asset, address: a.address, balance_minor: a.balance_minor, at: a.at, scheme: a.scheme, status: verifyAddressSignature(a.scheme, a.address, challenge, a.signature) }));
  const base = snapshot.manifest.base_currency;
  const assets = snapshot.manifest.assets.flatMap((spec): AssetSolvency[] => {
    const liabilities_minor = snapshot.balance_totals.find((t) => t.asset === spec.symbol)?.total_minor ?? 0n;
    const mine = addresses.filter((a) => a.asset === spec.symbol);
    if (liabilities_minor === 0n && mine.length === 0) return [];
    const verified = mine.filter((a) => a.status === 'verified').reduce((s, a) => s + a.balance_minor, 0n);
    const unverified = mine.filter((a) => a.status !== 'verified').reduce((s, a) => s + a.balance_minor, 0n);
    const wallets_minor = snapshot.wallets.filter((w) => w.asset === spec.symbol).reduce((s, w) => s + w.amount_minor, 0n);
    const gap_minor = verified - liabilities_minor;
    const fiat = spec.symbol === base || spec.kind === 'fiat';
    let gap_base_minor: bigint | null = null;
    try {
      gap_base_minor = gap_minor >= 0n ? valueInBase(snapshot, spec.symbol, gap_minor, 'holding') : -valueInBase(snapshot, spec.symbol, -gap_minor, 'requirement');
    } catch {
      gap_base_minor = null;
    }
    return [{ asset: spec.symbol, decimals: spec.decimals, liabilities_minor, verified_reserves_minor: verified, unverified_reserves_minor: unverified, wallets_minor, gap_minor, gap_base_minor, status: fiat ? 'fiat_not_covered' : gap_minor >= 0n ? 'solvent' : 'insolvent' }];
  });
  return { snapshot_id: snapshot.id, challenge, addresses, assets, solvent: assets.every((a) => a.status !== 'insolvent') };
}
