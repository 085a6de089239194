import { describe, expect, it } from 'vitest';
import type { Wallet } from '../../snapshot/types.ts';
import { selectWallets, walletQuery, type WalletRow } from './wallets.ts';

const row = (id: string, tier: string, purpose: string, tvar: bigint | null): WalletRow => ({ wallet: { id, tier, purpose, asset: id.split('-')[0]!.toUpperCase(), amount_minor: 1n, controls: {} } as unknown as Wallet, decimals: 8, value_minor: 1n, expected_loss_minor: tvar, tvar_minor: tvar });
const rows = [row('btc-hot-1', 'hot', 'customer', 30n), row('eth-hot-1', 'hot', 'customer', null), row('btc-cold-1', 'cold', 'customer', 50n), row('btc-guarantee-1', 'cold', 'guarantee', 10n), row('eth-cold-1', 'cold', 'customer', 30n)];
const query = (params: Record<string, string>) => walletQuery((name) => params[name]);

describe("the wallets page's filter and sort (query parameters, read on the server)", () => {
  it('sorts by TVaR contribution either way, ties by id, a wallet without a figure last', () => {
    expect(selectWallets(rows, query({ sort: 'tvar', dir: 'desc' })).map((r) => r.wallet.id)).toEqual(['btc-cold-1', 'btc-hot-1', 'eth-cold-1', 'btc-guarantee-1', 'eth-hot-1']);
    expect(selectWallets(rows, query({ sort: 'tvar' })).map((r) => r.wallet.id)).toEqual(['btc-guarantee-1', 'btc-hot-1', 'eth-cold-1', 'btc-cold-1', 'eth-hot-1']);
  });

  it('filters by tier, purpose and asset together, and ignores what it does not know', () => {
    expect(selectWallets(rows, query({ tier: 'cold', purpose: 'customer', asset: 'BTC' })).map((r) => r.wallet.id)).toEqual(['btc-cold-1']);
    const odd = query({ tier: 'lukewarm', sort: 'DROP TABLE', dir: 'sideways' });
    expect(odd).toMatchObject({ tier: null, sort: 'id', descending: false });
    expect(selectWallets(rows, odd)).toHaveLength(rows.length);
    expect(selectWallets(rows, query({ sort: 'tier' })).map((r) => r.wallet.tier)).toEqual(['hot', 'hot', 'cold', 'cold', 'cold']);
  });
});
