// A run split into parts by its blocks: each block is seeded from (seed, block index) alone
// (prng.ts blockRandom), so any process that simulates blocks [from, to) of a run gets exactly
// the blocks one process would, and the parts put back in index order are the same run, bit for
// bit. Parts travel between processes as JSON (the jobs table): typed arrays as base64 of their
// bytes, which keeps every float exactly (little-endian, as every platform Node runs on).

import { blockCount } from './pool.ts';
import type { BlockResult } from './simulate.ts';

export const PARTS_MAX = 64;

/** Blocks [from, to) of each of at most `parts` parts, as even as whole blocks allow; none empty. */
export function partRanges(years: number, parts: number): Array<{ from: number; to: number }> {
  if (!Number.isSafeInteger(parts) || parts < 1 || parts > PARTS_MAX) throw new Error(`parts must be 1..${PARTS_MAX}, not ${parts}`);
  const blocks = blockCount(years);
  const n = Math.min(parts, blocks);
  return Array.from({ length: n }, (_, i) => ({ from: Math.floor((i * blocks) / n), to: Math.floor(((i + 1) * blocks) / n) }));
}

const FLOAT_FIELDS = ['aggregate_gross', 'aggregate_net', 'occurrence_max_gross', 'occurrence_max_net', 'hit_gross', 'hit_net'] as const;
const INT_FIELDS = ['hit_year', 'hit_wallet', 'hit_cause'] as const;

export type EncodedBlock = { block_index: number; years: number; occurrences: number } & Record<(typeof FLOAT_FIELDS)[number] | (typeof INT_FIELDS)[number], string>;

const bytesOf = (a: Float64Array | Int32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

export function encodeBlock(block: BlockResult): EncodedBlock {
  const out: Record<string, string | number> = { block_index: block.block_index, years: block.years, occurrences: block.occurrences };
  for (const f of FLOAT_FIELDS) out[f] = bytesOf(block[f]);
  for (const f of INT_FIELDS) out[f] = bytesOf(block[f]);
  return out as EncodedBlock;
}

export function decodeBlock(encoded: EncodedBlock): BlockResult {
  const bytes = (field: string): Buffer => {
    const text = (encoded as Record<string, unknown>)[field];
    if (typeof text !== 'string') throw new Error(`risk part: block ${encoded.block_index} has no ${field}`);
    return Buffer.from(text, 'base64');
  };
  // Copied into arrays of their own: a Buffer's bytes may sit unaligned in a shared pool.
  const floats = (field: string) => {
    const b = bytes(field);
    if (b.byteLength % 8 !== 0) throw new Error(`risk part: ${field} is not whole float64s`);
    return new Float64Array(new Uint8Array(b).buffer);
  };
  const ints = (field: string) => {
    const b = bytes(field);
    if (b.byteLength % 4 !== 0) throw new Error(`risk part: ${field} is not whole int32s`);
    return new Int32Array(new Uint8Array(b).buffer);
  };
  const block: BlockResult = {
    block_index: encoded.block_index,
    years: encoded.years,
    occurrences: encoded.occurrences,
    aggregate_gross: floats('aggregate_gross'),
    aggregate_net: floats('aggregate_net'),
    occurrence_max_gross: floats('occurrence_max_gross'),
    occurrence_max_net: floats('occurrence_max_net'),
    hit_year: ints('hit_year'),
    hit_wallet: ints('hit_wallet'),
    hit_cause: ints('hit_cause'),
    hit_gross: floats('hit_gross'),
    hit_net: floats('hit_net'),
  };
  for (const f of ['aggregate_gross', 'aggregate_net', 'occurrence_max_gross', 'occurrence_max_net'] as const) {
    if (block[f].length !== block.years) throw new Error(`risk part: block ${block.block_index} ${f} has ${block[f].length} years, not ${block.years}`);
  }
  const hits = block.hit_gross.length;
  if ([block.hit_year, block.hit_wallet, block.hit_cause, block.hit_net].some((a) => a.length !== hits)) throw new Error(`risk part: block ${block.block_index} hit arrays differ in length`);
  return block;
}

/** The parts' blocks as one run: every block exactly once, in index order. */
export function mergeParts(years: number, parts: readonly (readonly BlockResult[])[]): BlockResult[] {
  const blocks = blockCount(years);
  const merged = new Array<BlockResult | undefined>(blocks);
  for (const part of parts) {
    for (const block of part) {
      if (block.block_index < 0 || block.block_index >= blocks || merged[block.block_index] !== undefined) throw new Error(`risk parts: block ${block.block_index} twice or out of range`);
      merged[block.block_index] = block;
    }
  }
  const missing = merged.findIndex((b) => b === undefined);
  if (missing !== -1) throw new Error(`risk parts: block ${missing} missing`);
  return merged as BlockResult[];
}
