// The PDF export, printed by real Chromium: every page renders (pdftoppm), and the Japanese text
// is in the file, extractable (pdftotext), with its fonts embedded (pdffonts).

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../store/testing.ts';
import { runCli } from '../cli/main.ts';
import { msg, type Cell } from './model.ts';
import { chromiumPath } from './pdf.ts';
import { writeReport } from './write.ts';

const available = existsSync(chromiumPath());
const EXAMPLES = join(import.meta.dirname, '../../examples');

function pdfPages(path: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))![1]);
}

describe.skipIf(!available)(`PDF exports in real Chromium (${chromiumPath()})`, () => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let work: string;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    const { DATABASE_URL: _url, HOZEN_DB: _db, ...rest } = process.env;
    env = { ...rest, HOZEN_DB: database.dir!, HOZEN_LANG: 'ja' };
    work = mkdtempSync(join(tmpdir(), 'hozen-pdf-'));
  });
  afterAll(async () => {
    await database.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it('prints the coverage report of a stored check in Japanese: every page renders, the text extracts', async () => {
    expect((await runCli(['check', join(EXAMPLES, 'snapshot')], env)).exit_code).toBe(0);
    const out = join(work, 'coverage.pdf');
    const result = await runCli(['export', 'coverage', '--format', 'pdf', '--out', out], env);
    expect(result.stderr).toBe('');
    expect(result.exit_code).toBe(0);
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    expect(text).toContain('保全状況の報告');
    expect(text).toContain('判定したすべての規制（1 件）に適合しています。');
    expect(text).toContain('2026年11月25日 00:00');
    // The 18-decimal quantity, grouped for people but not rounded.
    expect(text).toContain('13.500000000000000001');
    const fonts = execFileSync('pdffonts', [out], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim() !== '');
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((l) => /\byes\b/.test(l.slice(l.search(/(yes|no)\s+(yes|no)\s+(yes|no)/))))).toBe(true);
  });

  it('a long table runs over pages, and pdftoppm renders each of them', async () => {
    const rows: Cell[][] = Array.from({ length: 150 }, (_, i) => [`2026-11-${String((i % 28) + 1).padStart(2, '0')}`, 'ETH', `${i}.000000000000000001`]);
    const out = join(work, 'long.pdf');
    await writeReport(
      {
        report: 'test',
        title: msg('reports.seg.title'),
        verdict: msg('reports.seg.verdict_ok', { from: '2026-11-01', to: '2026-11-28', days: 28 }),
        ok: true,
        time_zone: 'Asia/Tokyo',
        facts: [],
        notes: [msg('reports.seg.note_counsel')],
        tables: [{ id: 't', title: msg('reports.seg.crypto'), columns: [{ label: msg('reports.col.day'), kind: 'date' }, { label: msg('reports.col.asset'), kind: 'text' }, { label: msg('reports.col.customer_balances'), kind: 'amount' }], rows }],
      },
      { format: 'pdf', lang: 'ja', out },
    );
    const pages = pdfPages(out);
    expect(pages).toBeGreaterThan(2);
    execFileSync('pdftoppm', ['-r', '30', '-png', out, join(work, 'page')]);
    expect(readdirSync(work).filter((f) => f.startsWith('page') && f.endsWith('.png'))).toHaveLength(pages);
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
    expect(text).toContain('分別管理の日次記録');
    expect(text).toContain('2026年11月28日');
    expect(text).toContain('149.000000000000000001');
  });
});

describe.skipIf(!available)('compensation statements printed by Chromium', () => {
  it('prints one page per customer, in Japanese and English, the Japanese text extractable', async () => {
    const { withTestStore, storeSnapshot } = await import('../store/testing.ts');
    const { fixtureSnapshot } = await import('../snapshot/fixture.ts');
    const { incidentOf } = await import('../compensation/testing.ts');
    const { runCompensation } = await import('../app/compensate.ts');
    const { statementsJob } = await import('../app/statements.ts');
    const work = mkdtempSync(join(tmpdir(), 'hozen-st-pdf-'));
    try {
      await withTestStore(async (store) => {
        const s = fixtureSnapshot({
          assets: { BTC: 8 },
          wallets: [{ id: 'btc-hot', asset: 'BTC', tier: 'hot', amount: '2' }],
          balances: [['A', 'BTC', '1.5'], ['B', 'BTC', '0.3'], ['C', 'BTC', '0.2']],
          prices: [['2026-11-24T09:00:00+09:00', 'BTC', '15000000']],
          net_assets: '100000000',
          documents: { compensation_policy: { format: 'hozen-compensation-policy/1', scheme: 'per_asset', assets: { BTC: { method: 'fiat', price: { rule: 'fixed', price: '15000000' } } } } },
        });
        await storeSnapshot(store, s);
        const incident = incidentOf(s, { losses: [['btc-hot', 'BTC', '1']] });
        await runCompensation(store, { snapshot: s, incident, incident_file: 'incident.json', add_funding: [], out_dir: join(work, 'run'), writer_thread: false });
        const result = await statementsJob({ store }, { run_dir: join(work, 'run'), out_dir: join(work, 'st'), contact: 'お客様窓口 0120-000-000', issued_on: '2026-11-24', per_file: 2, pdf: true });
        expect([result.customers, result.files]).toEqual([3, 2]);
        for (const lang of ['ja', 'en']) {
          expect([1, 2].map((n) => pdfPages(join(work, 'st', `statements-${lang}-0000${n}.pdf`)))).toEqual([2, 1]);
        }
        const text = execFileSync('pdftotext', [join(work, 'st', 'statements-ja-00001.pdf'), '-'], { encoding: 'utf8' });
        expect(text).toContain('お客様への補償のお知らせ');
        expect(text).toContain('2026年11月24日');
        expect(text).toMatch(/金銭でお支払いする額：[\d,]+円/);
        execFileSync('pdftoppm', ['-r', '30', '-png', join(work, 'st', 'statements-ja-00001.pdf'), join(work, 'st-page')]);
        if (process.env.HOZEN_KEEP_PDF !== undefined) execFileSync('cp', [join(work, 'st', 'statements-ja-00001.pdf'), process.env.HOZEN_KEEP_PDF]);
        expect(readdirSync(work).filter((f) => f.startsWith('st-page'))).toHaveLength(2);
      });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 60_000);
});
