import { describe, expect, it } from 'vitest';
import { memoryBalances } from '../snapshot/memory.ts';
import type { BalanceScanOptions, BalanceSource } from '../snapshot/types.ts';
import { ReplayableScan } from './replay.ts';

function counted(rows: number): BalanceSource & { scans: number } {
  // ETH amounts in wei go past 2^64 up to 2^110: the packed halves must give them back exactly.
  const inner = memoryBalances(Array.from({ length: rows }, (_, i) => ({ account_id: `A${i}`, asset: i % 2 === 0 ? 'BTC' : 'ETH', amount_minor: i % 2 === 0 ? BigInt(i) : 2n ** BigInt(10 * i) + 7n })));
  const source = {
    scans: 0,
    scan(options?: BalanceScanOptions) {
      source.scans += 1;
      return inner.scan(options);
    },
  };
  return source;
}

async function accounts(scan: ReplayableScan): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of scan.scan()) for (let i = 0; i < batch.length; i++) out.push(`${batch.account_id[i]}/${batch.asset[i]}/${batch.amount_minor[i]}`);
  return out;
}

describe('ReplayableScan', () => {
  it('reads the source once and replays the same rows in the same order', async () => {
    const source = counted(10);
    const scan = new ReplayableScan(source, { assets: ['BTC'], batch_rows: 2 });
    const first = await accounts(scan);
    expect(first).toEqual(['A0/BTC/0', 'A2/BTC/2', 'A4/BTC/4', 'A6/BTC/6', 'A8/BTC/8']);
    expect(await accounts(scan)).toEqual(first);
    expect(await accounts(scan)).toEqual(first);
    expect(source.scans).toBe(1);
    expect(scan.replaying).toBe(true);
  });

  it('replays amounts of any size and every asset exactly', async () => {
    const source = counted(12);
    const scan = new ReplayableScan(source, { batch_rows: 5 });
    const first = await accounts(scan);
    expect(first[11]).toBe(`A11/ETH/${2n ** 110n + 7n}`);
    expect(await accounts(scan)).toEqual(first);
    expect(source.scans).toBe(1);
  });

  it('refuses an account id with a line break, which would shift every later row', async () => {
    const scan = new ReplayableScan(memoryBalances([{ account_id: 'a\nb', asset: 'BTC', amount_minor: 1n }]), {});
    await expect(accounts(scan)).rejects.toThrow(/line break/);
  });

  it('streams every pass from the source beyond its bound', async () => {
    const source = counted(10);
    const scan = new ReplayableScan(source, { batch_rows: 3 }, 5);
    const first = await accounts(scan);
    expect(await accounts(scan)).toEqual(first);
    expect(source.scans).toBe(2);
    expect(scan.replaying).toBe(false);
  });

  it('starts afresh after an abandoned scan', async () => {
    const source = counted(10);
    const scan = new ReplayableScan(source, { batch_rows: 2 });
    for await (const _batch of scan.scan()) break;
    expect(await accounts(scan)).toHaveLength(10);
    expect(await accounts(scan)).toHaveLength(10);
    expect(source.scans).toBe(2);
  });
});
