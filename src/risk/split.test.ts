// A run split by blocks: the ranges cover every block once, a part's blocks survive the trip
// through JSON bit for bit, and the parts merged are the run one process simulates.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { riskModelConfig } from './config.ts';
import { INSURANCE_NONE } from './insurance-spec.ts';
import { compileModel } from './model.ts';
import { blockCount, runBlocks } from './pool.ts';
import { decodeBlock, encodeBlock, mergeParts, partRanges } from './split.ts';
import { syntheticSnapshot } from './synthetic.ts';

const bytes = (blocks: ReturnType<typeof mergeParts>) =>
  blocks.map((b) => ({ ...b, ...Object.fromEntries(Object.entries(b).filter(([, v]) => ArrayBuffer.isView(v)).map(([k, v]) => [k, Buffer.from((v as Float64Array).buffer, (v as Float64Array).byteOffset, (v as Float64Array).byteLength).toString('hex')])) }));

describe('partRanges', () => {
  it('covers every block once, in order, with no empty part', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000, max: 2_000_000 }), fc.integer({ min: 1, max: 64 }), (years, parts) => {
        const ranges = partRanges(years, parts);
        expect(ranges.length).toBe(Math.min(parts, blockCount(years)));
        expect(ranges[0]!.from).toBe(0);
        expect(ranges.at(-1)!.to).toBe(blockCount(years));
        for (let i = 0; i < ranges.length; i++) {
          expect(ranges[i]!.to).toBeGreaterThan(ranges[i]!.from);
          if (i > 0) expect(ranges[i]!.from).toBe(ranges[i - 1]!.to);
        }
      }),
    );
  });
});

describe('a split run', () => {
  it('merges into exactly the blocks of one run, through JSON, bit for bit', async () => {
    const model = compileModel(syntheticSnapshot({ wallets: 30, price_days: 200 }), riskModelConfig(syntheticSnapshot({ wallets: 30, price_days: 200 }).manifest.extensions));
    const years = 35_000; // four blocks, the last one partial
    const whole = await runBlocks(model, INSURANCE_NONE, { years, seed: 7, workers: 0 });
    const parts = await Promise.all(partRanges(years, 3).map((blocks, i) => runBlocks(model, INSURANCE_NONE, { years, seed: 7, workers: i % 2, blocks })));
    const travelled = parts.map((part) => part.map((b) => decodeBlock(JSON.parse(JSON.stringify(encodeBlock(b))))));
    const merged = mergeParts(years, travelled);
    expect(bytes(merged)).toEqual(bytes(whole));
    expect(merged.map((b) => b.years)).toEqual([10_000, 10_000, 10_000, 5_000]);
    // A lost or doubled block is refused, not summarised.
    expect(() => mergeParts(years, travelled.slice(1))).toThrow(/block 0 missing/);
    expect(() => mergeParts(years, [...travelled, travelled[0]!])).toThrow(/twice/);
  });
});
