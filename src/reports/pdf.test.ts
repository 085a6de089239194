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
