// The association's pages in Debian's Chromium: each page in both languages at 1280 and 390 px
// with no console error, no failed request and nothing sticking out sideways, a screenshot of each
// in ./screenshots, Japanese pages without message codes or English sentences, the members table
// re-sorted by its headroom header, and the board report printed (print CSS: no navigation).

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../src/app/accounts.ts';
import { fixtureAccountIds, SECRET_ACCOUNT, seedMembers } from '../../src/app/association-testing.ts';
import { openStoreHandle } from '../../src/store/open.ts';
import type { Actor, StoreHandle } from '../../src/store/types.ts';
import { startService, type RunningService } from '../../src/service/serve.ts';
import { runJob } from '../../src/app/jobs.ts';
import { CHROMIUM, chromiumAvailable, launchChromium, logInAs, openWatchedPage } from './chromium.ts';

interface PageDocument {
  documentElement: { scrollWidth: number; clientWidth: number; lang: string };
  body: { innerText: string };
  querySelector(s: string): unknown;
}
declare const document: PageDocument;
declare function getComputedStyle(e: unknown): { display: string };

const SCREENSHOTS_DIR = new URL('../../screenshots/', import.meta.url).pathname;
const PASSWORD = 'association password 1';
const ADMIN: Actor = { type: 'cli', id: 'association-browser-test', role: null, tenant: null };
const PAGES = ['/association', '/association/dependencies', '/association/stress?years=20000', '/association/report?years=20000'] as const;
const WIDTHS = [1280, 390] as const;
/** Names the members gave (exchanges, vendors, counterparties): data, shown as written. */
const DATA = ['ａｃｍｅ　Ｃｕｓｔｏｄｙ', 'Acme Custody', 'ACME custody', 'Mizuho Trust', 'MIZUHO trust', 'Zeta Keys', 'Exchange A', 'Exchange B', 'Exchange C', 'Exchange D', 'jp-psa-2020', 'Hozen', 'English', 'carol', 'association', 'local', 'TVaR', 'VaR', 'Ctrl+P', '⌘P', 'Asia/Tokyo'];

describe.skipIf(!chromiumAvailable)(`the association's pages in real Chromium (${CHROMIUM})`, () => {
  let browser: Browser;
  let work: string;
  let handle: StoreHandle;
  let service: RunningService;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'hozen-association-browser-'));
    handle = await openStoreHandle({ db_dir: join(work, 'db') });
    await seedMembers(handle);
    await addUser({ handle, actor: ADMIN }, { name: 'carol', role: 'association', tenant: null, password: PASSWORD });
    service = await startService(handle, { host: '127.0.0.1', port: 0, data_dir: join(work, 'service'), workers: 0, log_error: (e) => console.error(e) });
    browser = await launchChromium();
    await mkdir(SCREENSHOTS_DIR, { recursive: true });
  }, 120_000);

  const watchedPage = (width: number) => openWatchedPage(browser, width);
  // The association lands on its own home, the members.
  const logIn = (page: Page, lang: 'en' | 'ja') => logInAs(page, { url: service.url, lang, name: 'carol', password: PASSWORD, lands_on: '/association' });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
    await handle?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });



  it('starts the sector stress test as a job, follows its progress and shows the stored result', async () => {
    const { page, problems } = await watchedPage(1280);
    await logIn(page, 'en');
    await page.goto(`${service.url}/association/stress`);
    expect(await page.locator('[role="status"]').first().innerText()).toBe('The sector stress test has not been run yet.');
    await page.fill('#years', '20000');
    await Promise.all([page.waitForURL(/\/association\/stress\?job=job-[0-9a-f]{24}$/), page.click('form[action="/association/stress"] button[type="submit"]')]);
    expect(await page.locator('progress').count()).toBe(1);
    // The service here has no worker: this test is one, and the page's script reloads it when the job ends.
    const job = await handle.jobs.claim('browser-test-worker', Date.now(), undefined, ['association_stress']);
    expect(job).not.toBeNull();
    expect(await runJob(handle, job!, 'browser-test-worker')).toBe('succeeded');
    await page.waitForSelector('text=20,000 simulated years, seed 1', { timeout: 30_000 });
    expect(await page.locator('progress').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  for (const lang of ['en', 'ja'] as const) {
    for (const width of WIDTHS) {
      it(`every page renders cleanly at ${width} px (${lang})`, async () => {
        const { page, problems } = await watchedPage(width);
        await logIn(page, lang);
        for (const path of PAGES) {
          await page.goto(`${service.url}${path}`);
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, `${path} at ${width} px`).toBeLessThanOrEqual(0);
          const name = path.split('?')[0]!.slice(1).replace(/\//g, '-');
          await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.${lang}.${width}.png`), fullPage: true });
          const text = await page.evaluate(() => document.body.innerText);
          expect(text).not.toContain(SECRET_ACCOUNT);
          for (const id of fixtureAccountIds()) expect(text).not.toMatch(new RegExp(`\\b${id}\\b`));
          if (lang === 'ja') {
            expect(text, path).not.toMatch(/\b(web|app|association|coverage|server|cli|risk)\.[a-z_]+(\.[a-z_-]+)*\b/);
            let rest = text;
            for (const d of DATA) rest = rest.split(d).join(' ');
            expect(rest.match(/[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}/g), path).toBeNull();
          }
        }
        expect(problems).toEqual([]);
        await page.context().close();
      });
    }
  }

  it('sorts the members by headroom from the column header, both ways', async () => {
    const { page, problems } = await watchedPage(1280);
    await logIn(page, 'en');
    const order = () => page.locator('tr[data-member]').evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { member: string } }).dataset.member));
    expect(await order()).toEqual(['b', 'c', 'd', 'a', 'local']);
    await Promise.all([page.waitForLoadState('load'), page.locator('th[aria-sort] a').click()]);
    expect(await order()).toEqual(['a', 'd', 'c', 'b', 'local']);
    expect(await page.locator('th[aria-sort="descending"]').count()).toBe(1);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('prints the board report without the navigation, as a PDF', async () => {
    const { page, problems } = await watchedPage(1280);
    await logIn(page, 'ja');
    await page.goto(`${service.url}/association/report?years=20000`);
    await page.emulateMedia({ media: 'print' });
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('header.top nav')).display)).toBe('none');
    const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await writeFile(join(SCREENSHOTS_DIR, 'association-report.ja.pdf'), pdf);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
