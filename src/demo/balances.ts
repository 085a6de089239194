// Streams balances.csv: one row per (account, asset held), accounts in order, assets in manifest
// order within an account. Rows are built into large string chunks; one chunk is written while
// the next is generated, and never more than two exist, so memory stays bounded at any size.
// Per-asset totals are summed exactly on the way (wallets need them).

import type { FileHandle } from 'node:fs/promises';
import { formatSplitAmount, SPLIT_PART_MAX, type SplitLayout } from './amount-text.ts';
import { emptyHoldings, HoldingDrawer, type HoldingAsset } from './holdings.ts';
import type { DemoRandom } from './random.ts';

export const BALANCES_HEADER = 'account_id,asset,amount\n';
/** About 4 MB of text per write: few system calls, modest memory. */
const CHUNK_CHARS = 4 * 1024 * 1024;
const ACCOUNT_ID_PREFIX = 'C';
const ACCOUNT_ID_DIGITS_MIN = 8;
/** A float sum of integers is exact below 2^53; terms are below 2^50, so flushing above 2^52 keeps it so. */
const FLOAT_SUM_FLUSH = 2 ** 52;

export interface BalanceTotals {
  rows: number;
  /** Per asset symbol, in minor units; every asset present. */
  total_minor: Map<string, bigint>;
}

export interface WriteBalancesInput {
  file: FileHandle;
  accounts: number;
  assets: readonly HoldingAsset[];
  random: DemoRandom;
  on_progress?: (rows_written: number) => void;
  /** Characters per write; the default suits large runs, tests pass small ones to exercise chunking. */
  chunk_chars?: number;
}

export async function writeBalances(input: WriteBalancesInput): Promise<BalanceTotals> {
  const { file, accounts, assets, random, on_progress, chunk_chars = CHUNK_CHARS } = input;
  const drawer = new HoldingDrawer(random, assets);
  const holdings = emptyHoldings(assets.length);
  const sums = new ExactSplitSums(assets);
  const id_digits = Math.max(ACCOUNT_ID_DIGITS_MIN, String(accounts).length);
  const row_suffix = assets.map((a) => `,${a.symbol},`);

  // At most one write in flight while the next chunk is built: bounded memory, disk and CPU overlap.
  let pending_write = inFlight(writeAll(file, BALANCES_HEADER));
  let rows_in_flight_end = 0;
  let chunk = '';
  let rows = 0;
  const startWrite = async (): Promise<void> => {
    await pending_write;
    if (rows_in_flight_end > 0) on_progress?.(rows_in_flight_end);
    pending_write = inFlight(writeAll(file, chunk));
    rows_in_flight_end = rows;
    chunk = '';
  };

  for (let account = 1; account <= accounts; account++) {
    drawer.draw(holdings);
    const account_id = ACCOUNT_ID_PREFIX + String(account).padStart(id_digits, '0');
    for (let j = 0; j < holdings.count; j++) {
      const i = holdings.asset_index[j]!;
      const high = holdings.high[j]!;
      const low = holdings.low[j]!;
      chunk += account_id + row_suffix[i]! + formatSplitAmount(high, low, assets[i]!) + '\n';
      sums.add(i, high, low);
    }
    rows += holdings.count;
    if (chunk.length >= chunk_chars) await startWrite();
  }
  if (chunk.length > 0) await startWrite();
  await pending_write;
  on_progress?.(rows);
  return {
    rows,
    total_minor: new Map(assets.map((a, i) => [a.symbol, sums.total(i)])),
  };
}

/**
 * Marks a write as handled while it is in flight: if generation throws before the write is awaited,
 * its failure must not also crash the process as an unhandled rejection. Awaiting it still throws.
 */
function inFlight(write: Promise<void>): Promise<void> {
  write.catch(() => undefined);
  return write;
}

/** Writes all of `text`: a single write may take only part of a buffer. */
export async function writeAll(file: FileHandle, text: string): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await file.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

/** Per-asset sums of split amounts: float accumulators, moved into bigints before they lose exactness. */
export class ExactSplitSums {
  private readonly high_sum: Float64Array;
  private readonly low_sum: Float64Array;
  private readonly exact: bigint[];
  private readonly low_scale: bigint[];

  constructor(assets: readonly SplitLayout[]) {
    this.high_sum = new Float64Array(assets.length);
    this.low_sum = new Float64Array(assets.length);
    this.exact = assets.map(() => 0n);
    this.low_scale = assets.map((a) => 10n ** BigInt(a.low_digits));
  }

  add(i: number, high: number, low: number): void {
    if (!(high < SPLIT_PART_MAX && low < SPLIT_PART_MAX)) throw new Error('split amount part too large to sum exactly');
    this.high_sum[i]! += high;
    this.low_sum[i]! += low;
    if (this.high_sum[i]! > FLOAT_SUM_FLUSH || this.low_sum[i]! > FLOAT_SUM_FLUSH) this.flush(i);
  }

  total(i: number): bigint {
    this.flush(i);
    return this.exact[i]!;
  }

  private flush(i: number): void {
    this.exact[i] = this.exact[i]! + BigInt(this.high_sum[i]!) * this.low_scale[i]! + BigInt(this.low_sum[i]!);
    this.high_sum[i] = 0;
    this.low_sum[i] = 0;
  }
}
