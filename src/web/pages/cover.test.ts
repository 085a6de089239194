import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n/catalogs.ts';
import type { Contract, SafeAsset } from '../../snapshot/types.ts';
import { shownDay, shownTick } from '../dates.ts';
import { coverBody } from './cover.ts';

const contract = (id: string, start: string, end: string, amount_minor: bigint): Contract => ({ id, kind: 'preservation', counterparty: 'Bank', amount_minor, start, end, covers: ['hack_compensation'] });
const safe = (id: string, maturity: string | null): SafeAsset => ({ id, kind: maturity === null ? 'bank_deposit' : 'time_deposit', issuer: 'Bank', face_value_minor: 100n, market_value_minor: 100n, maturity, segregated: true, contract_id: null });

async function render(lang: 'en' | 'ja'): Promise<string> {
  const tr = translator(lang);
  const body = coverBody(tr, {
    snapshot: 'abcdef0123456789',
    as_of_shown: '—',
    base_currency: 'JPY',
    base_decimals: 0,
    safe_assets: [safe('sa-1', null), safe('sa-2', '2027-02-25')],
    contracts: [contract('pc-old', '2025-04-01', '2026-03-31', 2_500_000_000n), contract('pc-now', '2026-04-01', '2027-03-31', 3_000_000_000n)],
    regimes: null,
    now_ms: Date.parse('2026-12-03T12:00:00Z'),
    shownDate: (text) => shownDay(text, lang, 'Asia/Tokyo'),
    tick: (ms, years) => shownTick(ms, lang, years),
  });
  return String(await body);
}

describe('the cover page', () => {
  it('puts first what ends next, counts only the contracts in force today, and marks today and what ended', async () => {
    const ja = await render('ja');
    // sa-2 matures 2027-02-25, before pc-now ends (2027-03-31): 84 days from 3 December.
    expect(ja).toContain('次に満期を迎えるのは安全資産 sa-2 で、2027年2月25日（あと 84 日）です。');
    expect(ja).toContain('今日有効な契約（1 件）</dt><dd>3,000,000,000 円<br><span class="note">30億円</span>');
    expect(ja).toContain('2026年3月31日（終了）');
    expect(ja).toContain('2027年3月31日（有効）');
    expect(ja).toMatch(/stroke-dasharray="5 3"\/>\s*<text[^>]*>今日<\/text>/);
    const en = await render('en');
    expect(en).toContain('31 Mar 2026 (ended)');
    expect(en).toContain('no maturity');
  });
});
