// Worked examples with hand-computed figures (src/association/testing.ts describes the members).

import { describe, expect, it } from 'vitest';
import { formatDecimal } from '../money/decimal.ts';
import { discoverDependencies } from './dependencies.ts';
import { foldName, NameMatcher, parseAliases } from './names.ts';
import { reverseSectorStress, runSector } from './sector.ts';
import { compileSector } from './sector-model.ts';
import { exampleMember, threeShareOneVendor } from './testing.ts';
import { InputError } from '../errors.ts';

describe('three members sharing one vendor', () => {
  const map = discoverDependencies(threeShareOneVendor());
  const acme = map.dependencies[0]!;

  it('joins the three spellings and shows what was matched', () => {
    expect(acme.id).toBe('vendor:name:acmecustody');
    expect(acme.name).toBe('Acme Custody');
    expect(acme.shared).toBe(true);
    expect(acme.members.map((m) => [m.member_id, m.spellings])).toEqual([
      ['a', [{ written: 'Acme Custody', rule: 'exact' }]],
      ['b', [{ written: 'ACME custody', rule: 'folded' }]],
      ['c', [{ written: 'ａｃｍｅ　Ｃｕｓｔｏｄｙ', rule: 'folded' }]],
    ]);
  });

  it('values the exposure by tier and the concentration of online value', () => {
    // Online value: A 10,000,000 (its cold wallet is not online), B 10,000,000, C 30,000,000, D 10,000,000 = 60,000,000.
    expect(map.online_total_minor).toBe(60_000_000n);
    // Behind Acme: hot 10,000,000 (A) + 30,000,000 (C), warm 5,000,000 (B), cold 20,000,000 (A).
    expect(acme.wallets).toEqual({ hot_minor: 40_000_000n, warm_minor: 5_000_000n, cold_minor: 20_000_000n });
    // 45,000,000 / 60,000,000 = 0.75.
    expect(formatDecimal(acme.concentration)).toBe('0.75');
    // Of each member's own online value: A 10/10, B 5/10, C 30/30.
    expect(acme.members.map((m) => formatDecimal(m.online_share))).toEqual(['1', '0.5', '1']);
  });

  it('joins contract counterparties the same way', () => {
    const trust = map.dependencies.find((d) => d.kind === 'counterparty')!;
    expect(trust.members.map((m) => m.member_id)).toEqual(['a', 'c']);
    expect(trust.relied_minor).toBe(60_000_000n);
    expect(trust.shared).toBe(true);
  });

  it('reverse stress: Acme drained in full leaves 15,000,000 unpaid at two members', () => {
    const [row] = reverseSectorStress(compileSector(threeShareOneVendor()));
    // A loses 30,000,000 against 20,000,000 of cover: 10,000,000 short. B loses 5,000,000 with no
    // cover: 5,000,000 short. C loses 30,000,000 within its 40,000,000.
    expect(row!.cause).toBe('vendor:name:acmecustody');
    expect(row!.members.map((m) => [m.member_id, m.gross_minor, m.unpaid_minor])).toEqual([
      ['a', 30_000_000n, 10_000_000n],
      ['b', 5_000_000n, 5_000_000n],
      ['c', 30_000_000n, 0n],
    ]);
    expect(row!.unpaid_minor).toBe(15_000_000n);
    expect(row!.members_short).toBe(2);
    // At least 3 customers at A and 2 at B.
    expect(row!.customers_at_members_short_min).toBe(5);
  });

  it('sector stress: one Acme event hits all three in the same year', async () => {
    // Only Acme events (rate 0.2 a year) move money, each draining all three in full:
    // P(two or more lose) = P(at least one event) = 1 − e^−0.2 = 0.18127; the sector's expected
    // gross loss is 0.2 × 65,000,000 = 13,000,000 a year.
    const report = await runSector(threeShareOneVendor(), { years: 100_000, seed: 3 });
    expect(report.sector.p_two_or_more_lose).toBeCloseTo(1 - Math.exp(-0.2), 2);
    const el = Number(report.sector.gross.expected_minor);
    expect(Math.abs(el - 13_000_000)).toBeLessThan(4 * Number(report.sector.gross.expected_stderr_minor));
    const [a, b, c, d] = report.members;
    // Every member loses in exactly the same years.
    expect(a!.p_loss).toBe(b!.p_loss);
    expect(b!.p_loss).toBe(c!.p_loss);
    expect(a!.p_short).toBe(a!.p_loss);
    // C is short only in years of two events or more (60,000,000 > 40,000,000): 1 − e^−0.2 × 1.2 = 0.01752.
    expect(c!.p_short).toBeCloseTo(1 - Math.exp(-0.2) * 1.2, 2);
    expect(c!.p_short).toBeGreaterThan(0);
    expect(d!.p_loss).toBe(0);
    const acme = report.causes.find((x) => x.cause === 'vendor:name:acmecustody')!;
    expect(acme.member_ids).toEqual(['a', 'b', 'c']);
    expect(acme.expected_gross_minor).toBe(report.sector.gross.expected_minor);
  });
});

describe('a member with no shared dependency', () => {
  it('is listed on its own and loses independently of the others', async () => {
    const members = threeShareOneVendor(0.2);
    members[3] = exampleMember('d', { wallets: [{ id: 'd-hot', asset: 'BTC', tier: 'hot', amount: '1', controls: { vendor: 'Zeta Keys' } }], rates: { 'vendor:Zeta Keys': 0.5 } });
    const map = discoverDependencies(members);
    const zeta = map.dependencies.find((x) => x.name === 'Zeta Keys')!;
    expect(zeta.shared).toBe(false);
    expect(zeta.members.map((m) => m.member_id)).toEqual(['d']);
    // 10,000,000 / 60,000,000 = 0.1666666…, six places half-even.
    expect(formatDecimal(zeta.concentration)).toBe('0.166667');
    // Not a shared cause: no reverse-stress row for it.
    expect(reverseSectorStress(compileSector(members)).map((r) => r.cause)).toEqual(['vendor:name:acmecustody']);
    const report = await runSector(members, { years: 100_000, seed: 4 });
    const a = report.members[0]!;
    const d = report.members[3]!;
    // D loses with probability 1 − e^−0.5 = 0.3935, A with 0.1813, independently: both ≈ 0.0713.
    expect(d.p_loss).toBeCloseTo(1 - Math.exp(-0.5), 2);
    expect(a.p_loss).toBeCloseTo(1 - Math.exp(-0.2), 2);
    // Two or more lose: an Acme year (three lose) = 0.1813; D alone never makes two.
    expect(report.sector.p_two_or_more_lose).toBeCloseTo(1 - Math.exp(-0.2), 2);
  });
});

describe('name matching', () => {
  it('folds case, full and half width, spaces and punctuation', () => {
    expect(foldName('ＡＣＭＥ　Custody')).toBe('acmecustody');
    expect(foldName('Acme-Custody, Inc.')).toBe('acmecustodyinc');
    expect(foldName('ｱｸﾒ･ｶｽﾄﾃﾞｨ')).toBe('アクメカストディ');
    expect(foldName('アクメ・カストディ')).toBe('アクメカストディ');
  });

  it('joins other names of one company through the alias list, and shows the rule', () => {
    const aliases = parseAliases(
      JSON.stringify({ format: 'hozen-aliases/1', names: [{ name: 'Acme Custody K.K.', aliases: ['Acme Custody', 'アクメ・カストディ'] }] }),
      'aliases.json',
    );
    const matcher = new NameMatcher(aliases);
    expect(matcher.match('ｱｸﾒ ｶｽﾄﾃﾞｨ')).toEqual({ key: 'alias:acmecustodykk', name: 'Acme Custody K.K.', rule: 'alias' });
    expect(matcher.match('ACME CUSTODY')).toEqual({ key: 'alias:acmecustodykk', name: 'Acme Custody K.K.', rule: 'alias' });
    expect(matcher.match('Acme Custody K.K.').rule).toBe('exact');
    expect(matcher.match('Acme Trust').key).toBe('name:acmetrust');
    const members = threeShareOneVendor();
    members[3] = exampleMember('d', { wallets: [{ id: 'd-hot', asset: 'BTC', tier: 'hot', amount: '1', controls: { vendor: 'アクメ・カストディ' } }] });
    const acme = discoverDependencies(members, aliases).dependencies[0]!;
    expect(acme.name).toBe('Acme Custody K.K.');
    expect(acme.members.map((m) => [m.member_id, m.spellings[0]!.rule])).toEqual([
      ['a', 'alias'],
      ['b', 'alias'],
      ['c', 'alias'],
      ['d', 'alias'],
    ]);
    // 55,000,000 of 60,000,000 online (D's 10,000,000 joins): 0.9166666…
    expect(formatDecimal(acme.concentration)).toBe('0.916667');
  });

  it('refuses an alias list where one name belongs to two companies, located', () => {
    const text = '{\n  "format": "hozen-aliases/1",\n  "names": [\n    { "name": "Acme", "aliases": ["A C M E"] },\n    { "name": "Other", "aliases": ["acme"] }\n  ]\n}\n';
    try {
      parseAliases(text, 'aliases.json');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).issues).toEqual([expect.objectContaining({ file: 'aliases.json', line: 5, code: 'association.aliases.conflict', params: { name: 'acme', other: 'Acme' } })]);
    }
  });
});

describe('sector compensation capacity', () => {
  it('runs each affected member’s funding waterfall on totals', async () => {
    const { sectorCapacity } = await import('./capacity.ts');
    const [acme, ...others] = sectorCapacity(threeShareOneVendor());
    expect(others).toEqual([]);
    // A owes 30,000,000 and its contracts hold 20,000,000; B owes 5,000,000 with nothing; C owes
    // 30,000,000 against 40,000,000.
    expect(acme!.members.map((m) => [m.member_id, m.need_minor, m.paid_minor, m.shortfall_minor])).toEqual([
      ['a', 30_000_000n, 20_000_000n, 10_000_000n],
      ['b', 5_000_000n, 0n, 5_000_000n],
      ['c', 30_000_000n, 30_000_000n, 0n],
    ]);
    expect(acme!.members[0]!.sources.find((s) => s.name === 'contracts')).toEqual({ name: 'contracts', available_minor: 20_000_000n, drawn_minor: 20_000_000n });
    expect([acme!.need_minor, acme!.paid_minor, acme!.shortfall_minor, acme!.members_short]).toEqual([65_000_000n, 50_000_000n, 15_000_000n, 2]);
  });
});

describe('sector compensation capacity under each member’s own plan', () => {
  // Three members lose 1 BTC of customers' coins each through "Acme Custody" (10 accounts of 0.1 BTC,
  // BTC at 10,000,000 at as_of), each with a contract of its own, each with its own policy's scheme.
  const YEAR = { start: '2026-04-01', end: '2027-04-01' };
  const member = (id: string, contract: string, compensation_policy: unknown) =>
    exampleMember(id, {
      wallets: [{ id: `${id}-hot`, asset: 'BTC', tier: 'hot', amount: '1', controls: { vendor: 'Acme Custody' } }],
      contracts: [{ id: `${id}-trust`, kind: 'preservation', counterparty: 'Trust', amount: contract, ...YEAR }],
      accounts: 10,
      compensation_policy,
    });
  const policy = (rest: Record<string, unknown>) => ({ format: 'hozen-compensation-policy/1', on_shortfall: 'socialize', funding_order: ['insurance', 'contracts'], ...rest });

  it('draws each member’s sources by its own scheme, on totals', async () => {
    const { sectorCapacity } = await import('./capacity.ts');
    const members = [
      // per_asset, paid in fiat at a fixed 8,000,000: owes 8,000,000; the contract's 5,000,000 pays a coverage of 0.625.
      member('p', '5000000', policy({ scheme: 'per_asset', default: { method: 'fiat', price: { rule: 'fixed', price: '8000000' } } })),
      // haircut, balances valued at a fixed 12,000,000: owes 12,000,000; 6,000,000 paid, 6,000,000 cut.
      member('h', '6000000', policy({ scheme: 'haircut', default: { price: { rule: 'fixed', price: '12000000' } } })),
      // rehabilitation, claims at a fixed 9,000,000 paid in units of 1,000 yen: of an estate of 4,000,500, 4,000 units pay 4,000,000.
      member('r', '4000500', policy({ scheme: 'rehabilitation', rehabilitation: { base_cap: '1000000' }, default: { price: { rule: 'fixed', price: '9000000' } }, rounding: { JPY: { mode: 'floor', unit: '1000' } } })),
      // No policy: the loss's value at as_of (10,000,000) against the default order; the contract's 3,000,000 pays.
      member('n', '3000000', undefined),
    ];
    const [acme] = sectorCapacity(members);
    expect(acme!.members.map((m) => [m.member_id, m.scheme, m.need_minor, m.paid_minor, m.shortfall_minor])).toEqual([
      ['p', 'per_asset', 8_000_000n, 5_000_000n, 3_000_000n],
      ['h', 'haircut', 12_000_000n, 6_000_000n, 6_000_000n],
      ['r', 'rehabilitation', 9_000_000n, 4_000_000n, 5_000_000n],
      ['n', null, 10_000_000n, 3_000_000n, 7_000_000n],
    ]);
    expect(acme!.members.map((m) => m.sources.find((s) => s.name === 'contracts'))).toEqual([
      { name: 'contracts', available_minor: 5_000_000n, drawn_minor: 5_000_000n },
      { name: 'contracts', available_minor: 6_000_000n, drawn_minor: 6_000_000n },
      { name: 'contracts', available_minor: 4_000_500n, drawn_minor: 4_000_000n },
      { name: 'contracts', available_minor: 3_000_000n, drawn_minor: 3_000_000n },
    ]);
    expect([acme!.need_minor, acme!.paid_minor, acme!.shortfall_minor, acme!.members_short]).toEqual([39_000_000n, 18_000_000n, 21_000_000n, 4]);
  });
});
