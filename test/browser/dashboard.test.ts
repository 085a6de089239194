// The dashboard in Debian's Chromium: every page in both languages with no console error, no
// failed request and nothing sticking out sideways at 1280 and 390 px, a screenshot of each in
// ./screenshots (git-ignored) for a person to look at, Japanese pages without message codes or
// English sentences, and the officer's flow: log in → upload a snapshot → check it → the overview
// → the audit log verified.

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../src/app/accounts.ts';
import { generateDemo } from '../../src/demo/generate.ts';
import { openStoreHandle } from '../../src/store/open.ts';
import { LOCAL_TENANT, type Actor, type StoreHandle } from '../../src/store/types.ts';
import { startService, type RunningService } from '../../src/service/serve.ts';

interface PageDocument {
  documentElement: { scrollWidth: number; clientWidth: number; lang: string };
  body: { innerText: string };
}
declare const document: PageDocument;

const CHROMIUM = process.env.HOZEN_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
export const SCREENSHOTS_DIR = new URL('../../screenshots/', import.meta.url).pathname;
const PASSWORD = 'officer password 1';
const ADMIN: Actor = { type: 'cli', id: 'dashboard-test', role: null, tenant: null };
const PAGES = ['/', '/history', '/wallets', '/what-if', '/snapshots', '/audit'] as const;
const WIDTHS = [1280, 390] as const;

/** Text a page may show in English inside Japanese: names and ids the user gave, file and regime ids. */
function withoutData(text: string, data: readonly string[]): string {
  let out = text;
  for (const d of data) out = out.split(d).join(' ');
  return out.replace(/[a-z0-9]+(-[a-z0-9]+)+/g, ' ').replace(/\b[\w-]+\.(json|csv|md)\b/g, ' ');
}

describe.skipIf(!available)(`the dashboard in real Chromium (${CHROMIUM})`, () => {
  let browser: Browser;
  let work: string;
  let handle: StoreHandle;
  let service: RunningService;
  let demo_dir: string;
  /** Names the exchange gave (vendors, platforms): data, shown as written in either language. */
  let data_names: string[] = [];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'hozen-dashboard-'));
    demo_dir = join(work, 'demo');
    await generateDemo({ out_dir: demo_dir, accounts: 1_000, seed: 4 });
    const wallets = JSON.parse(await readFile(join(demo_dir, 'wallets.json'), 'utf8')) as { wallets?: Array<{ controls?: { vendor?: string; platform?: string } }> } | Array<{ controls?: { vendor?: string; platform?: string } }>;
    const list = Array.isArray(wallets) ? wallets : (wallets.wallets ?? []);
    data_names = [...new Set(list.flatMap((w) => [w.controls?.vendor, w.controls?.platform]).filter((v): v is string => typeof v === 'string'))].sort((a, b) => b.length - a.length);
    handle = await openStoreHandle({ db_dir: join(work, 'db') });
    await addUser({ handle, actor: ADMIN }, { name: 'alice', role: 'officer', tenant: LOCAL_TENANT, password: PASSWORD });
    service = await startService(handle, { host: '127.0.0.1', port: 0, data_dir: join(work, 'service'), workers: 0, log_error: (e) => console.error(e) });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    await mkdir(SCREENSHOTS_DIR, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.close();
    await handle?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  /** A page that records what went wrong on it: console errors, page errors, failed or refused requests. */
  async function watchedPage(width: number): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/login')) problems.push(`${r.status()}: ${r.url()}`);
    });
    return { page, problems };
  }

  async function logIn(page: Page, lang: 'en' | 'ja'): Promise<void> {
    await page.goto(`${service.url}/login?lang=${lang}`);
    await page.fill('#name', 'alice');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(`${service.url}/`), page.click('button[type="submit"]')]);
  }

  for (const lang of ['en', 'ja'] as const) {
    it(`the officer's flow: log in, upload, check, overview, audit log (${lang})`, async () => {
      const { page, problems } = await watchedPage(1280);
      await logIn(page, lang);
      await page.goto(`${service.url}/snapshots`);
      const files = (await readdir(demo_dir)).map((f) => join(demo_dir, f));
      await page.setInputFiles('#files', files);
      await Promise.all([page.waitForLoadState('load'), page.click('form[enctype] button[type="submit"]')]);
      expect(await page.locator('.verdict.ok').count()).toBe(1);
      await Promise.all([page.waitForURL(`${service.url}/`), page.locator('table form button').first().click()]);
      expect(await page.locator('.tile').count()).toBeGreaterThan(0);
      await page.goto(`${service.url}/what-if`);
      await page.locator('input[name="drain"][value*="hot"]').first().check();
      await Promise.all([page.waitForLoadState('load'), page.click('form.card button[type="submit"]')]);
      expect(await page.locator('.verdict').count()).toBe(1);
      expect(await page.locator('.tile').count()).toBeGreaterThan(0);
      await page.goto(`${service.url}/audit`);
      expect(await page.locator('.verdict.ok').count()).toBe(1);
      expect(problems).toEqual([]);
      await page.context().close();
    });
  }

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
          await page.screenshot({ path: join(SCREENSHOTS_DIR, `${path === '/' ? 'overview' : path.slice(1)}.${lang}.${width}.png`), fullPage: true });
          if (lang === 'ja') {
            const text = await page.evaluate(() => document.body.innerText);
            expect(text, path).not.toMatch(/\b(web|app|coverage|server|cli|store|valuation|input)\.[a-z_]+(\.[a-z_-]+)*\b/);
            const rest = withoutData(text, ['Hozen Demo Exchange', ...data_names, 'Hozen', 'English', 'alice', 'officer']);
            expect(rest.match(/[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}/g), path).toBeNull();
          }
        }
        expect(problems).toEqual([]);
        await page.context().close();
      });
    }
  }

  it('sends a visitor who is not logged in to the log-in page', async () => {
    const { page } = await watchedPage(1280);
    await page.goto(`${service.url}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.context().close();
  });
});
