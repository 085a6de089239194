// wallets.json of the demo. For each crypto asset the customer wallets (hot, warm, two or three
// cold) hold exactly the customers' balances of that asset — segregation holds to the minor unit —
// with 3.00–4.50% of it in hot+warm, under the 5% ceiling of the PSA rules but not trivially so.
// A cold guarantee wallet of the same asset covers the hot+warm quantity with a small margin,
// and a few own wallets hold the exchange's own coins. Controls are a fixed, varied table: hot
// wallets of BTC, ETH and BCH share a vendor, XRP and USDC another (common-cause risk), and the
// XEM hot wallet is the weak single-key one a demo should find.

import { allocate, divRound, formatAmount } from '../money/index.ts';
import { DEMO_CRYPTO_ASSETS } from './assets.ts';
import type { DemoRandom } from './random.ts';

/** Hot+warm share of each asset's customer balance, in basis points, drawn per asset. */
export const HOT_WARM_BP_MIN = 300;
export const HOT_WARM_BP_MAX = 450;
const BP = 10_000n;

export type Severity = { dist: 'fixed'; fraction: number } | { dist: 'beta'; alpha: number; beta: number };

export interface WalletFile {
  id: string;
  asset: string;
  tier: 'hot' | 'warm' | 'cold';
  purpose: 'customer' | 'guarantee' | 'own';
  amount: string;
  controls: {
    signing?: string;
    hsm: boolean;
    mpc: boolean;
    address_allowlist: boolean;
    withdrawal_limit_per_day?: string;
    ccss_level: 1 | 2 | 3;
    vendor: string;
    platform: string;
  };
  risk: { annual_rate: number; severity: Severity };
}

interface Profile {
  signing?: string;
  hsm: boolean;
  mpc: boolean;
  address_allowlist: boolean;
  /** The daily withdrawal limit is the wallet's amount divided by this, to two significant digits; absent = no limit. */
  limit_divisor?: bigint;
  ccss_level: 1 | 2 | 3;
  vendor: string;
  platform: string;
  annual_rate: number;
  severity: Severity;
}

const PARTIAL_LOSS: Severity = { dist: 'beta', alpha: 2, beta: 5 };
const TOTAL_LOSS: Severity = { dist: 'fixed', fraction: 1 };

const GINGA = { vendor: 'Ginga Custody KK', platform: 'ginga-signer 4.2' };
const KUMO = { vendor: 'Kumo MPC Ltd', platform: 'kumo-mpc cloud' };
const IN_HOUSE_HOT = { vendor: 'in-house', platform: 'hot node scripts' };

const HOT_PROFILES: Record<string, Profile> = {
  BTC: { signing: '2-of-3', hsm: true, mpc: false, address_allowlist: true, limit_divisor: 2n, ccss_level: 3, ...GINGA, annual_rate: 0.03, severity: PARTIAL_LOSS },
  ETH: { signing: '2-of-3', hsm: false, mpc: true, address_allowlist: true, limit_divisor: 2n, ccss_level: 3, ...GINGA, annual_rate: 0.04, severity: PARTIAL_LOSS },
  BCH: { signing: '2-of-3', hsm: true, mpc: false, address_allowlist: true, limit_divisor: 2n, ccss_level: 2, ...GINGA, annual_rate: 0.05, severity: PARTIAL_LOSS },
  XRP: { signing: '2-of-3', hsm: false, mpc: true, address_allowlist: true, limit_divisor: 3n, ccss_level: 2, ...KUMO, annual_rate: 0.05, severity: PARTIAL_LOSS },
  USDC: { signing: '2-of-3', hsm: false, mpc: true, address_allowlist: true, limit_divisor: 3n, ccss_level: 3, ...KUMO, annual_rate: 0.03, severity: PARTIAL_LOSS },
  MONA: { signing: '2-of-2', hsm: false, mpc: false, address_allowlist: true, limit_divisor: 2n, ccss_level: 1, ...IN_HOUSE_HOT, annual_rate: 0.08, severity: PARTIAL_LOSS },
  // No signing entry: a single key, no HSM, no allowlist, no limit.
  XEM: { hsm: false, mpc: false, address_allowlist: false, ccss_level: 1, ...IN_HOUSE_HOT, annual_rate: 0.2, severity: TOTAL_LOSS },
};
const WARM_PROFILE: Profile = {
  signing: '2-of-3', hsm: true, mpc: false, address_allowlist: true, limit_divisor: 4n, ccss_level: 3,
  vendor: 'Tsubasa HSM Systems', platform: 'tsubasa-hsm warm signer', annual_rate: 0.01, severity: { dist: 'beta', alpha: 1, beta: 6 },
};
const COLD_BASE = { hsm: true, mpc: false, address_allowlist: true, ccss_level: 3 as const, annual_rate: 0.001, severity: TOTAL_LOSS };
const COLD_PROFILES: readonly Profile[] = [
  { ...COLD_BASE, signing: '3-of-5', vendor: 'in-house', platform: 'air-gapped offline signer (Tokyo)' },
  { ...COLD_BASE, signing: '3-of-5', vendor: 'Sora Vault KK', platform: 'sora-vault' },
  { ...COLD_BASE, signing: '3-of-5', vendor: 'in-house', platform: 'air-gapped offline signer (Osaka)' },
];
const GUARANTEE_PROFILE: Profile = { ...COLD_BASE, signing: '3-of-5', vendor: 'Sora Vault KK', platform: 'sora-vault' };
/** BTC and ETH hold most of the value, so they spread cold storage over three wallets. */
const THREE_COLD_WALLETS = new Set(['BTC', 'ETH']);

export interface WalletInput {
  /** Customer balance per asset symbol, in minor units. */
  customer_total_minor: ReadonlyMap<string, bigint>;
  random: DemoRandom;
}

export function demoWallets(input: WalletInput): WalletFile[] {
  const { customer_total_minor, random } = input;
  const wallets: WalletFile[] = [];
  for (const asset of DEMO_CRYPTO_ASSETS) {
    const total_minor = customer_total_minor.get(asset.symbol);
    if (total_minor === undefined || total_minor < 0n) throw new Error(`no customer total for ${asset.symbol}`);
    const split = splitCustomerAsset({
      total_minor,
      hot_warm_bp: BigInt(random.int(HOT_WARM_BP_MIN, HOT_WARM_BP_MAX)),
      hot_percent: BigInt(random.int(55, 80)),
      cold_weights: Array.from({ length: THREE_COLD_WALLETS.has(asset.symbol) ? 3 : 2 }, () => BigInt(random.int(2, 6))),
      guarantee_margin_bp: BigInt(random.int(100, 300)),
    });

    const prefix = asset.symbol.toLowerCase();
    const hot_profile = HOT_PROFILES[asset.symbol];
    if (hot_profile === undefined) throw new Error(`no hot wallet profile for ${asset.symbol}`);
    const add = (id: string, tier: WalletFile['tier'], purpose: WalletFile['purpose'], amount_minor: bigint, profile: Profile): void => {
      // An asset nobody holds (tiny demos) gets no empty wallets.
      if (amount_minor === 0n) return;
      wallets.push(walletFile(id, asset.symbol, asset.decimals, tier, purpose, amount_minor, profile));
    };
    add(`${prefix}-hot-1`, 'hot', 'customer', split.hot_minor, hot_profile);
    add(`${prefix}-warm-1`, 'warm', 'customer', split.warm_minor, WARM_PROFILE);
    split.cold_minor.forEach((amount_minor, k) => add(`${prefix}-cold-${k + 1}`, 'cold', 'customer', amount_minor, COLD_PROFILES[k]!));
    add(`${prefix}-guarantee-1`, 'cold', 'guarantee', split.guarantee_minor, GUARANTEE_PROFILE);
  }
  wallets.push(...ownWallets(random));
  return wallets;
}

export interface CustomerSplitInput {
  total_minor: bigint;
  /** Hot+warm share of the total, basis points, rounded down. */
  hot_warm_bp: bigint;
  /** Hot share of hot+warm, percent, rounded down; warm takes the rest. */
  hot_percent: bigint;
  /** Relative sizes of the cold wallets, which share the rest exactly (largest remainder). */
  cold_weights: bigint[];
  /** Guarantee over hot+warm, basis points, rounded up so the cover is never short. */
  guarantee_margin_bp: bigint;
}

export interface CustomerSplit {
  hot_minor: bigint;
  warm_minor: bigint;
  cold_minor: bigint[];
  guarantee_minor: bigint;
}

/** Splits one asset's customer balance over its wallets: hot + warm + Σ cold = total, exactly. */
export function splitCustomerAsset(input: CustomerSplitInput): CustomerSplit {
  const { total_minor, hot_warm_bp, hot_percent, cold_weights, guarantee_margin_bp } = input;
  if (total_minor < 0n || hot_warm_bp < 0n || hot_warm_bp > BP || hot_percent < 0n || hot_percent > 100n || guarantee_margin_bp < 0n) {
    throw new RangeError(`splitCustomerAsset: bad input ${JSON.stringify(input, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`);
  }
  const hot_warm_minor = divRound(total_minor * hot_warm_bp, BP, 'floor');
  const hot_minor = divRound(hot_warm_minor * hot_percent, 100n, 'floor');
  const warm_minor = hot_warm_minor - hot_minor;
  const cold_minor = allocate(total_minor - hot_warm_minor, cold_weights);
  const guarantee_minor = divRound(hot_warm_minor * (BP + guarantee_margin_bp), BP, 'ceil');
  const sum = hot_minor + warm_minor + cold_minor.reduce((a, b) => a + b, 0n);
  if (sum !== total_minor) throw new Error(`splitCustomerAsset: wallets sum to ${sum}, balances to ${total_minor}`);
  return { hot_minor, warm_minor, cold_minor, guarantee_minor };
}

/** The exchange's own coins: a working ETH hot wallet and BTC and XRP reserves in cold storage. */
function ownWallets(random: DemoRandom): WalletFile[] {
  const btc_minor = BigInt(random.int(20 * 10 ** 8, 80 * 10 ** 8));
  // 50–300 ETH to the wei: whole micro-ether from the draw, the last twelve digits drawn apart.
  const eth_minor = BigInt(random.int(50_000_000, 300_000_000)) * 10n ** 12n + BigInt(random.int(0, 10 ** 12 - 1));
  const xrp_minor = BigInt(random.int(1_000_000 * 10 ** 6, 5_000_000 * 10 ** 6));
  const eth_profile = HOT_PROFILES['ETH']!;
  return [
    walletFile('own-btc-cold-1', 'BTC', 8, 'cold', 'own', btc_minor, COLD_PROFILES[0]!),
    walletFile('own-eth-hot-1', 'ETH', 18, 'hot', 'own', eth_minor, eth_profile),
    walletFile('own-xrp-cold-1', 'XRP', 6, 'cold', 'own', xrp_minor, COLD_PROFILES[0]!),
  ];
}

function walletFile(
  id: string,
  asset: string,
  decimals: number,
  tier: WalletFile['tier'],
  purpose: WalletFile['purpose'],
  amount_minor: bigint,
  profile: Profile,
): WalletFile {
  const controls: WalletFile['controls'] = {
    ...(profile.signing === undefined ? {} : { signing: profile.signing }),
    hsm: profile.hsm,
    mpc: profile.mpc,
    address_allowlist: profile.address_allowlist,
    ...(profile.limit_divisor === undefined
      ? {}
      : { withdrawal_limit_per_day: formatAmount(twoSignificantDigits(amount_minor / profile.limit_divisor), decimals) }),
    ccss_level: profile.ccss_level,
    vendor: profile.vendor,
    platform: profile.platform,
  };
  return {
    id,
    asset,
    tier,
    purpose,
    amount: formatAmount(amount_minor, decimals),
    controls,
    risk: { annual_rate: profile.annual_rate, severity: profile.severity },
  };
}

/** Rounds down to two significant digits: limits are set as round figures (1234567 → 1200000). */
export function twoSignificantDigits(value: bigint): bigint {
  if (value < 0n) throw new RangeError('twoSignificantDigits needs a non-negative value');
  const digits = value.toString().length;
  if (digits <= 2) return value;
  const unit = 10n ** BigInt(digits - 2);
  return (value / unit) * unit;
}
