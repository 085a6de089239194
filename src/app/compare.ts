// `compare`: what changed between two stored snapshots, by asset (customers' balances and what the
// wallets hold), by wallet, and by cover source (safe assets at market value, contracts). Read from
// the snapshots' headers and their stored balance totals: no balance row is read, so two 10M-row
// snapshots compare as fast as two small ones. Amounts are exact (minor units); a row present on
// one side only has null on the other.

import { UserError } from '../errors.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { AppDeps } from './deps.ts';

export interface CompareRequest {
  before: string;
  after: string;
}

export interface Change {
  id: string;
  /** The asset whose minor units the amounts are in (the base currency for cover sources). */
  unit: string;
  decimals: number;
  before_minor: bigint | null;
  after_minor: bigint | null;
  /** after − before, a missing side counting as zero. */
  delta_minor: bigint;
}

export interface CompareResult {
  before: { id: string; as_of: string };
  after: { id: string; as_of: string };
  /** Per asset: the customers' balances. */
  balances: Change[];
  /** Per asset: what the wallets hold. */
  holdings: Change[];
  wallets: Change[];
  /** Safe assets (market value) and contracts (amount), in the base currency; kind first in the id. */
  sources: Array<Change & { kind: 'safe_asset' | 'contract' }>;
}

/** Changes only: a row that is the same on both sides is left out. */
export function compareSnapshotHeaders(a: Snapshot, b: Snapshot): CompareResult {
  const decimalsOf = (symbol: string) => (b.assets.get(symbol) ?? a.assets.get(symbol))?.decimals ?? 0;
  const base = b.manifest.base_currency;
  const base_decimals = decimalsOf(base);
  const diff = <T>(before: Map<string, T>, after: Map<string, T>, amount: (t: T) => bigint, unit: (id: string, t: T) => string): Change[] => {
    const ids = [...new Set([...before.keys(), ...after.keys()])].sort();
    const out: Change[] = [];
    for (const id of ids) {
      const x = before.get(id);
      const y = after.get(id);
      const before_minor = x === undefined ? null : amount(x);
      const after_minor = y === undefined ? null : amount(y);
      const delta_minor = (after_minor ?? 0n) - (before_minor ?? 0n);
      if (delta_minor === 0n && (before_minor === null) === (after_minor === null)) continue;
      const u = unit(id, (y ?? x)!);
      out.push({ id, unit: u, decimals: decimalsOf(u), before_minor, after_minor, delta_minor });
    }
    return out;
  };
  const totals = (s: Snapshot) => new Map(s.balance_totals.map((t) => [t.asset, t.total_minor]));
  const holdings = (s: Snapshot) => {
    const m = new Map<string, bigint>();
    for (const w of s.wallets) m.set(w.asset, (m.get(w.asset) ?? 0n) + w.amount_minor);
    return m;
  };
  const wallets = (s: Snapshot) => new Map(s.wallets.map((w) => [w.id, w]));
  const sources = (s: Snapshot) => new Map<string, { kind: 'safe_asset' | 'contract'; minor: bigint }>([...s.safe_assets.map((x) => [`safe_asset:${x.id}`, { kind: 'safe_asset' as const, minor: x.market_value_minor }] as const), ...s.contracts.map((x) => [`contract:${x.id}`, { kind: 'contract' as const, minor: x.amount_minor }] as const)]);
  const before_sources = sources(a);
  const after_sources = sources(b);
  return {
    before: { id: a.id, as_of: a.manifest.as_of },
    after: { id: b.id, as_of: b.manifest.as_of },
    balances: diff(totals(a), totals(b), (m) => m, (id) => id),
    holdings: diff(holdings(a), holdings(b), (m) => m, (id) => id),
    wallets: diff(wallets(a), wallets(b), (w) => w.amount_minor, (_id, w) => w.asset),
    sources: diff(before_sources, after_sources, (s) => s.minor, () => base).map((c) => {
      const kind = (after_sources.get(c.id) ?? before_sources.get(c.id))!.kind;
      return { ...c, id: c.id.slice(c.id.indexOf(':') + 1), kind, decimals: base_decimals };
    }),
  };
}

export async function compareSnapshots(deps: AppDeps, request: CompareRequest): Promise<CompareResult> {
  const resolve = async (arg: string) => {
    const id = await deps.store.resolveSnapshotId(arg);
    if (id === null) throw new UserError('app.unknown_snapshot', { arg: arg.slice(0, 80) });
    return deps.store.loadSnapshot(id);
  };
  return compareSnapshotHeaders(await resolve(request.before), await resolve(request.after));
}
