// One snapshot through `show`, `check`, `claim` and `compensate`: every figure two of them share is
// the same figure, or differs by exactly the rounding each names where it is shown
// (docs/formats/valuation.md). Expected values are computed here from the snapshot's own files
// with plain bigint arithmetic, not with the valuation module under test.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.ts';
import { generateDemo } from '../src/demo/generate.ts';
import { parseAmount, pow10, type Decimal } from '../src/money/index.ts';
import { contractCover } from '../src/risk/cover.ts';
import { readSnapshotDir } from '../src/snapshot/read/directory.ts';
import { priceAt } from '../src/snapshot/prices.ts';
import type { Snapshot, Wallet } from '../src/snapshot/types.ts';
import { createTestDatabase, type TestDatabase } from '../src/store/testing.ts';

let database: TestDatabase;
let env: NodeJS.ProcessEnv;
let dir: string;
let snapshot_dir: string;
let incident_path: string;
let snapshot: Snapshot;

// Outputs of the four commands on the one snapshot.
let show: ShowJson;
let check: CheckJson;
let check_text: string;
let claim: ClaimJson;
let claim_text: string;
let compensation: CompensationJson;
let compensation_text: string;

interface ByTier {
  hot: string;
  warm: string;
  cold: string;
  all: string;
}
type Grid = Record<'customer' | 'guarantee' | 'own', ByTier>;
interface ShowJson {
  rounding: string;
  liabilities_rounding: string;
  assets: Array<{ asset: string; kind: string; price: string | null; liabilities: string; liabilities_value: string | null; holdings: Grid; holdings_value: Grid | null }>;
  totals: { liabilities_value: string; holdings_value: Grid; net_assets: string };
}
interface CheckRow {
  id: string;
  asset: string | null;
  unit: string;
  required: string | null;
  required_rounding: string | null;
  held: string | null;
  message: string;
}
interface CheckJson {
  regimes: Array<{ id: string; checks: CheckRow[]; assignments: Array<{ source_kind: string; check_id: string; counted: string }>; notes: Array<{ code: string; text: string }> }>;
}
interface ClaimJson {
  gross_loss: string;
  gross_loss_rounding: string;
  total_recovery: string;
}
interface CompensationJson {
  total_need: string;
  total_need_rounding: string;
  shortfall: string;
  sources: Array<{ name: string; available: string; drawn: string }>;
}

const INCIDENT = {
  format: 'hozen-incident/1',
  id: 'INC-FIGURES',
  occurred_at: '2026-11-20T03:12:00+09:00',
  detected_at: '2026-11-20T09:40:00+09:00',
  peril: 'external_hack',
  losses: [
    { wallet_id: 'btc-hot-1', asset: 'BTC', amount: '1.2' },
    { wallet_id: 'eth-hot-1', asset: 'ETH', amount: '7.5' },
  ],
  recovered: [{ asset: 'BTC', amount: '0.2' }],
  affected: { mode: 'holders_of_asset' },
};
/** Net of recoveries, per asset (one loss line each): 1 BTC is worth whole yen, 7.5 ETH half a yen over. */
const NET_LOSS: Array<[string, string]> = [
  ['BTC', '1'],
  ['ETH', '7.5'],
];

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  const { DATABASE_URL: _url, HOZEN_DB: _db, ...rest } = process.env;
  env = { ...rest, HOZEN_DB: database.dir!, HOZEN_LANG: 'en' };
  dir = mkdtempSync(join(tmpdir(), 'hozen-figures-'));
  snapshot_dir = join(dir, 'demo');
  await generateDemo({ out_dir: snapshot_dir, accounts: 2000, seed: 1 });
  // A deductible the small demo's loss exceeds, so that insurance pays part of the need.
  const policies_path = join(snapshot_dir, 'policies.json');
  writeFileSync(policies_path, readFileSync(policies_path, 'utf8').replace('"deductible": "50000000"', '"deductible": "1000000"'));
  incident_path = join(dir, 'incident.json');
  writeFileSync(incident_path, JSON.stringify(INCIDENT, null, 2));
  snapshot = (await readSnapshotDir(snapshot_dir)).snapshot;

  const run = async (args: string[], exit_codes: number[] = [0]): Promise<string> => {
    const result = await runCli(args, env);
    // The incident predates the demo's as-of (its figures are hand-checked at those prices): the
    // cut-off warning is expected, and nothing else.
    expect(result.stderr.split('\n').filter((l) => l !== '' && !l.includes('is not its cut-off')).join('\n')).toBe('');
    expect(exit_codes).toContain(result.exit_code);
    return result.stdout;
  };
  show = JSON.parse(await run(['show', snapshot_dir, '--json']));
  check = JSON.parse(await run(['check', snapshot_dir, '--json'], [0, 3]));
  check_text = await run(['check', snapshot_dir], [0, 3]);
  claim = JSON.parse(await run(['claim', snapshot_dir, incident_path, '--json']));
  claim_text = await run(['claim', snapshot_dir, incident_path]);
  compensation = JSON.parse(await run(['compensate', snapshot_dir, incident_path, '--out', join(dir, 'out'), '--json'], [0, 3]));
  compensation_text = readFileSync(join(dir, 'out', 'summary.en.md'), 'utf8');
}, 300_000);

afterAll(async () => {
  await database.dispose();
  rmSync(dir, { recursive: true, force: true });
});

// ── plain arithmetic, independent of src/money/valuation.ts ──
function exact(amount_minor: bigint, decimals: number, price: Decimal): { num: bigint; den: bigint } {
  return { num: amount_minor * price.coef, den: pow10(decimals + price.scale) };
}
const floorOf = ({ num, den }: { num: bigint; den: bigint }): bigint => num / den;
const ceilOf = ({ num, den }: { num: bigint; den: bigint }): bigint => (num + den - 1n) / den;
const fractional = ({ num, den }: { num: bigint; den: bigint }): boolean => num % den !== 0n;

/** The base currency of the demo is JPY, 0 decimals: figures are whole yen. */
const yen = (text: string): bigint => parseAmount(text, 0);
/** "1,234 JPY" figures inside a message, in order. */
const yenIn = (message: string): bigint[] => [...message.matchAll(/([\d,]+) JPY/g)].map((m) => BigInt(m[1]!.replaceAll(',', '')));
const sum = (values: bigint[]): bigint => values.reduce((s, v) => s + v, 0n);

function priceOf(asset: string, time_ms = snapshot.manifest.as_of_ms): Decimal {
  if (asset === snapshot.manifest.base_currency) return { coef: 1n, scale: 0 };
  return priceAt(snapshot.prices, asset, time_ms)!.price;
}
function walletValue(wallet: Wallet): { num: bigint; den: bigint } {
  return exact(wallet.amount_minor, snapshot.assets.get(wallet.asset)!.decimals, priceOf(wallet.asset));
}
const crypto = (): ShowJson['assets'] => show.assets.filter((a) => a.kind === 'crypto');
function checkRow(regime: string, id: string, asset: string | null = null): CheckRow {
  const row = check.regimes.find((r) => r.id === regime)!.checks.find((c) => c.id === id && c.asset === asset);
  if (row === undefined) throw new Error(`no check ${id} ${asset ?? ''}`);
  return row;
}

describe('one snapshot, four commands, one figure per fact', () => {
  it('show values each wallet as a holding (down) and liabilities as a requirement (up); its rows add up to its totals', () => {
    expect(show).toMatchObject({ rounding: 'floor', liabilities_rounding: 'ceil' });
    for (const row of show.assets) {
      const spec = snapshot.assets.get(row.asset)!;
      const total = snapshot.balance_totals.find((t) => t.asset === row.asset)!.total_minor;
      expect(yen(row.liabilities_value!)).toBe(ceilOf(exact(total, spec.decimals, priceOf(row.asset))));
      for (const purpose of ['customer', 'guarantee', 'own'] as const) {
        for (const tier of ['hot', 'warm', 'cold'] as const) {
          const wallets = snapshot.wallets.filter((w) => w.asset === row.asset && w.purpose === purpose && w.tier === tier);
          expect(yen(row.holdings_value![purpose][tier])).toBe(sum(wallets.map((w) => floorOf(walletValue(w)))));
        }
        const cells = row.holdings_value![purpose];
        expect(yen(cells.all)).toBe(yen(cells.hot) + yen(cells.warm) + yen(cells.cold));
      }
    }
    expect(yen(show.totals.liabilities_value)).toBe(sum(show.assets.map((a) => yen(a.liabilities_value!))));
    for (const purpose of ['customer', 'guarantee', 'own'] as const) {
      for (const tier of ['hot', 'warm', 'cold', 'all'] as const) {
        expect(yen(show.totals.holdings_value[purpose][tier])).toBe(sum(show.assets.map((a) => yen(a.holdings_value![purpose][tier]))));
      }
    }
  });

  it('check shows customer crypto outside cold wallets and in all wallets as show does', () => {
    const [part, whole] = yenIn(checkRow('jp-psa-2020', 'jp-psa-2020/hot-share').message);
    expect(part).toBe(sum(crypto().map((a) => yen(a.holdings_value!.customer.hot) + yen(a.holdings_value!.customer.warm))));
    expect(whole).toBe(sum(crypto().map((a) => yen(a.holdings_value!.customer.all))));
    // Each asset's online holding (jvcea-2018-draft's detail) is show's hot + warm of that asset.
    for (const row of crypto()) {
      const [worth] = yenIn(checkRow('jvcea-2018-draft', 'jvcea-2018-draft/online-value', row.asset).message);
      expect(worth, row.asset).toBe(yen(row.holdings_value!.customer.hot) + yen(row.holdings_value!.customer.warm));
    }
  });

  it('check agrees with show on every quantity: guarantee and segregation per asset', () => {
    const quantity = (asset: string, text: string): bigint => parseAmount(text, snapshot.assets.get(asset)!.decimals);
    for (const row of crypto()) {
      const guarantee = checkRow('jp-psa-2020', 'jp-psa-2020/guarantee', row.asset);
      expect(quantity(row.asset, guarantee.required!)).toBe(quantity(row.asset, row.holdings.customer.hot) + quantity(row.asset, row.holdings.customer.warm));
      expect(quantity(row.asset, guarantee.held!)).toBe(quantity(row.asset, row.holdings.guarantee.cold));
      const segregation = checkRow('jp-psa-2020', 'jp-psa-2020/segregation', row.asset);
      expect(segregation.required).toBe(row.liabilities);
      expect(segregation.held).toBe(row.holdings.customer.all);
    }
  });

  it('the guarantee crypto net assets must cover is show’s guarantee crypto rounded up wallet by wallet, and says so', () => {
    const net_assets = checkRow('jp-psa-2020', 'jp-psa-2020/net-assets');
    const wallets = snapshot.wallets.filter((w) => w.purpose === 'guarantee' && w.tier === 'cold' && snapshot.assets.get(w.asset)!.kind === 'crypto');
    expect(yen(net_assets.required!)).toBe(sum(wallets.map((w) => ceilOf(walletValue(w)))));
    // The named difference: one yen for each guarantee wallet whose value is not whole yen.
    const difference = BigInt(wallets.filter((w) => fractional(walletValue(w))).length);
    expect(yen(net_assets.required!) - yen(show.totals.holdings_value.guarantee.all)).toBe(difference);
    expect(difference > 0n).toBe(true);
    expect(net_assets.required_rounding).toBe('ceil');
    expect(check_text).toMatch(/jp-psa-2020\/net-assets {2}required [\d,]+ JPY \(rounded up: a requirement\)/);
    // Net assets are the same figure in show, check and compensate.
    expect(yen(net_assets.held!)).toBe(yen(show.totals.net_assets));
    expect(compensation.sources.find((s) => s.name === 'net_assets')!.available).toBe(show.totals.net_assets);
    // Every requirement in the base currency carries the rounding, in JSON and in the text.
    const base_requirements = check.regimes.flatMap((r) => r.checks).filter((c) => c.unit === 'JPY' && c.required !== null);
    expect(base_requirements.map((c) => c.id)).toEqual(['jp-psa-2020/net-assets', 'jvcea-2018-draft/cover', 'jp-2026-liability-reserve/reserve']);
    for (const row of base_requirements) {
      expect(row.required_rounding, row.id).toBe('ceil');
      expect(check_text).toContain(`${row.id}  required ${row.required!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')} JPY (rounded up: a requirement)`);
    }
  });

  it('a total loss of customer wallets, as insurance values it, is show’s customer crypto', () => {
    const note = check.regimes.find((r) => r.id === 'jp-2026-liability-reserve')!.notes.find((n) => n.code === 'coverage.insurance.credited')!;
    const [, loss] = yenIn(note.text);
    expect(loss).toBe(yen(show.totals.holdings_value.customer.all));
  });

  it('the contracts in force are the same in check, risk and compensate', () => {
    const counted = check.regimes.find((r) => r.id === 'jvcea-2018-draft')!.assignments.filter((a) => a.source_kind === 'contract');
    const check_total = sum(counted.map((a) => yen(a.counted)));
    expect(check_total).toBe(contractCover(snapshot).amount_minor);
    expect(yen(compensation.sources.find((s) => s.name === 'contracts')!.available)).toBe(check_total);
  });

  it('claim’s gross loss and compensate’s need value the same coins, down as a loss and up as a need, each labelled', () => {
    const occurred_ms = Date.parse(INCIDENT.occurred_at);
    const detected_ms = Date.parse(INCIDENT.detected_at);
    const values = NET_LOSS.map(([asset, amount]) => {
      // Precondition of comparing them: no price row between the loss and its detection.
      expect(priceOf(asset, occurred_ms)).toEqual(priceOf(asset, detected_ms));
      return exact(parseAmount(amount, snapshot.assets.get(asset)!.decimals), snapshot.assets.get(asset)!.decimals, priceOf(asset, detected_ms));
    });
    expect(yen(claim.gross_loss)).toBe(sum(values.map(floorOf)));
    expect(yen(compensation.total_need)).toBe(sum(values.map(ceilOf)));
    expect(yen(compensation.total_need) - yen(claim.gross_loss)).toBe(BigInt(values.filter(fractional).length));
    expect(values.some(fractional)).toBe(true);
    expect(claim.gross_loss_rounding).toBe('floor');
    expect(compensation.total_need_rounding).toBe('ceil');
    expect(claim_text).toContain('rounded down: the coins lost, valued as holdings');
    expect(compensation_text).toMatch(/Total needed: [\d,]+ JPY \(rounded up: a requirement\)/);
  });

  it('what the policies pay is what compensate can draw from insurance, and it draws all of it before the guarantee', () => {
    const insurance = compensation.sources.find((s) => s.name === 'insurance')!;
    expect(insurance.available).toBe(claim.total_recovery);
    expect(yen(claim.total_recovery) > 0n).toBe(true);
    expect(yen(claim.total_recovery) < yen(compensation.total_need)).toBe(true);
    expect(insurance.drawn).toBe(insurance.available);
    // The sources add up to the need.
    expect(sum(compensation.sources.map((s) => yen(s.drawn))) + yen(compensation.shortfall)).toBe(yen(compensation.total_need));
  });
});
