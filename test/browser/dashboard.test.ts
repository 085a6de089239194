// The dashboard in Debian's Chromium: every page in both languages with no console error, no
// failed request and nothing sticking out sideways at 1280 and 390 px, a screenshot of each in
// ./screenshots (git-ignored) for a person to look at, Japanese pages without message codes or
// English sentences, and the officer's flow: log in → upload the demo snapshot → check it → the
// overview → drain a hot wallet as a what-if → the compensation summary (worked out as a job) →
// payouts.csv downloaded → the audit log verified; risk runs started as jobs from the page, the
// insurance claim form, the comparison of two snapshots and the user's own tokens.

import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../src/app/accounts.ts';
import { checkSnapshot } from '../../src/app/check.ts';
import { importSnapshot } from '../../src/app/import.ts';
import { generateDemo } from '../../src/demo/generate.ts';
import { openStoreHandle } from '../../src/store/open.ts';
import { LOCAL_TENANT, type Actor, type StoreHandle } from '../../src/store/types.ts';
import { startService, type RunningService } from '../../src/service/serve.ts';
import { CHROMIUM, chromiumAvailable, launchChromium, logInAs, openWatchedPage } from './chromium.ts';

interface PageDocument {
  documentElement: { scrollWidth: number; clientWidth: number; lang: string };
  body: { innerText: string };
  querySelectorAll(selector: string): { length: number };
}
declare const document: PageDocument;

export const SCREENSHOTS_DIR = new URL('../../screenshots/', import.meta.url).pathname;
const PASSWORD = 'officer password 1';
const ADMIN: Actor = { type: 'cli', id: 'dashboard-test', role: null, tenant: null };
const PAGES = ['/', '/history', '/wallets', '/cover', '/insurance', '/risk', '/what-if', '/compensation', '/snapshots', '/audit', '/tokens'] as const;
const WIDTHS = [1280, 390] as const;

/** Run in the page: fields without a label, buttons without a name, images whose name points nowhere. */
const UNLABELLED = `(() => {
  const out = [];
  for (const e of document.querySelectorAll('input:not([type=hidden]), select, textarea')) if (e.labels.length === 0 && !e.getAttribute('aria-label')) out.push('field ' + (e.name || e.id));
  for (const b of document.querySelectorAll('button')) if (b.innerText.trim() === '' && !b.getAttribute('aria-label')) out.push('button');
  for (const i of document.querySelectorAll('[role=img]')) { const id = i.getAttribute('aria-labelledby'); if (!id || !document.getElementById(id) || document.getElementById(id).textContent.trim() === '') out.push('image ' + (id || '?')); }
  return out;
})()`;

/** Text a page may show in English inside Japanese: names and ids the user gave, file and regime ids. */
function withoutData(text: string, data: readonly string[]): string {
  let out = text;
  for (const d of data) out = out.split(d).join(' ');
  return out.replace(/[a-z0-9]+(-[a-z0-9]+)+/g, ' ').replace(/\b[\w-]+\.(json|csv|md)\b/g, ' ');
}

describe.skipIf(!chromiumAvailable)(`the dashboard in real Chromium (${CHROMIUM})`, () => {
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
    // The names of the exchange's banks, insurers and reinsurers, as written in its files.
    const issuers = (await readFile(join(demo_dir, 'safe_assets.csv'), 'utf8')).split('\n').slice(1).map((line) => line.split(',')[2]);
    const contracts = JSON.parse(await readFile(join(demo_dir, 'contracts.json'), 'utf8')) as Array<{ counterparty: string }>;
    const policies = JSON.parse(await readFile(join(demo_dir, 'policies.json'), 'utf8')) as { policies: Array<{ insurer: string }>; reinsurance: Array<{ reinsurer: string }> };
    const names = [...list.flatMap((w) => [w.controls?.vendor, w.controls?.platform]), ...issuers, ...contracts.map((c) => c.counterparty), ...policies.policies.map((p) => p.insurer), ...policies.reinsurance.map((r) => r.reinsurer)];
    data_names = [...new Set(names.filter((v): v is string => typeof v === 'string' && v !== ''))].sort((a, b) => b.length - a.length);
    handle = await openStoreHandle({ db_dir: join(work, 'db') });
    await addUser({ handle, actor: ADMIN }, { name: 'alice', role: 'officer', tenant: LOCAL_TENANT, password: PASSWORD });
    await addUser({ handle, actor: ADMIN }, { name: 'bob', role: 'officer', tenant: LOCAL_TENANT, password: PASSWORD });
    // The day before, already stored and checked: history has two days, and two snapshots to compare.
    const earlier_dir = join(work, 'earlier');
    await generateDemo({ out_dir: earlier_dir, accounts: 1_000, seed: 5, as_of: '2026-11-24T00:00:00+09:00' });
    const { close: _close, ...store } = await handle.forTenant(LOCAL_TENANT, ADMIN);
    const earlier = await importSnapshot({ store }, { dir: earlier_dir });
    await checkSnapshot({ store }, { snapshot: { id: earlier.snapshot_id } });
    service = await startService(handle, { host: '127.0.0.1', port: 0, data_dir: join(work, 'service'), workers: 1, log_error: (e) => console.error(e) });
    browser = await launchChromium();
    await mkdir(SCREENSHOTS_DIR, { recursive: true });
  }, 120_000);

  const watchedPage = (width: number) => openWatchedPage(browser, width, { expected_refusal: (url) => url.endsWith('/login') });
  const logIn = (page: Page, lang: 'en' | 'ja') => logInAs(page, { url: service.url, lang, name: 'alice', password: PASSWORD, lands_on: '/' });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
    await handle?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });


  /** The page in its language, nothing sticking out sideways, a screenshot, and in Japanese no code or English sentence. */
  async function looksRight(page: Page, name: string, lang: 'en' | 'ja', width: number): Promise<void> {
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} at ${width} px`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.${lang}.${width}.png`), fullPage: true });
    // Labelled for screen readers: every field has a label, every image (chart, timeline) a name.
    expect(await page.evaluate(UNLABELLED), `${name}: unlabelled`).toEqual([]);
    if (lang === 'ja') {
      const text = await page.evaluate(() => document.body.innerText);
      expect(text, name).not.toMatch(/\b(web|app|coverage|server|cli|store|valuation|input|compensation|insurance|risk)\.[a-z_]+(\.[a-z_-]+)*\b/);
      const rest = withoutData(text, ['Hozen Demo Exchange', ...data_names, 'Hozen', 'English', 'alice', 'officer']);
      expect(rest.match(/[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}/g), name).toBeNull();
    }
  }


  for (const lang of ['en', 'ja'] as const) {
    it(`the officer's flow: log in, upload, check, overview, drain a hot wallet, compensation summary, payouts.csv, audit log (${lang})`, async () => {
      const { page, problems } = await watchedPage(1280);
      await logIn(page, lang);
      await page.goto(`${service.url}/snapshots`);
      const files = (await readdir(demo_dir)).map((f) => join(demo_dir, f));
      await page.setInputFiles('#files', files);
      await Promise.all([page.waitForLoadState('load'), page.click('form[enctype] button[type="submit"]')]);
      expect(await page.locator('.verdict.ok').count()).toBe(1);
      // The uploaded snapshot is the newest import: the last row.
      await Promise.all([page.waitForURL(`${service.url}/`), page.locator('table form button').last().click()]);
      expect(await page.locator('.tile').count()).toBeGreaterThan(0);
      await page.goto(`${service.url}/what-if`);
      await page.locator('input[name="drain"][value*="hot"]').first().check();
      await Promise.all([page.waitForLoadState('load'), page.click('form.card button[type="submit"]')]);
      expect(await page.locator('.verdict').count()).toBe(1);
      expect(await page.locator('.tile').count()).toBeGreaterThan(0);
      // Compensate the customers for the drain: a job, followed on its page, then its summary.
      await page.click('form[action="/compensation"] button[type="submit"]');
      await page.waitForURL(/\/compensation\/compensate-[0-9a-f]{24}$/, { timeout: 60_000 });
      expect(await page.locator('.verdict').count()).toBe(1);
      expect(await page.locator('svg.waterfall').count()).toBe(1);
      expect(await page.locator('table').first().locator('tbody tr').count()).toBeGreaterThan(0);
      await looksRight(page, 'compensation-summary', lang, 1280);
      await page.setViewportSize({ width: 390, height: 900 });
      await looksRight(page, 'compensation-summary', lang, 390);
      await page.setViewportSize({ width: 1280, height: 900 });
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href$="/payouts.csv"]')]);
      const csv = await readFile((await download.path())!, 'utf8');
      expect(csv.split('\n')[0]).toMatch(/account/);
      expect(csv.split('\n').filter((l) => l !== '').length).toBeGreaterThan(1);
      const [policy] = await Promise.all([page.waitForEvent('download'), page.click('a[href*="/policy/"]')]);
      expect(await readFile((await policy.path())!, 'utf8')).toMatch(/<html/);
      await page.goto(`${service.url}/audit`);
      expect(await page.locator('.verdict.ok').count()).toBe(1);
      expect(await page.locator('td', { hasText: 'compensate' }).count()).toBeGreaterThan(0);
      expect(problems).toEqual([]);
      await page.context().close();
    }, 120_000);
  }

  it('starts a risk run as a job from the page, then shows it and each wallet\'s contribution, sortable without a script', async () => {
    const { page, problems } = await watchedPage(1280);
    await logIn(page, 'en');
    await page.goto(`${service.url}/risk`);
    await page.fill('#years', '2000');
    await page.click('form[action="/risk"] button[type="submit"]');
    await page.waitForURL(`${service.url}/risk`, { timeout: 60_000 });
    expect(await page.locator('.verdict').textContent()).toMatch(/TVaR/);
    expect(await page.locator('[data-chart] svg').count()).toBe(1);
    await page.goto(`${service.url}/wallets?sort=tvar&dir=desc&purpose=customer`);
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(1);
    const column = (await page.locator('tbody tr td:nth-child(7)').allTextContents()).map((t) => Number(t.replace(/,/g, '')));
    expect(column.every((v) => Number.isFinite(v))).toBe(true);
    expect(column).toEqual([...column].sort((a, b) => b - a));
    expect(column[0]).toBeGreaterThan(column.at(-1)!);
    expect(await page.locator('tbody tr td:nth-child(3)').allTextContents()).toEqual(Array((await rows.count())).fill("customers'"));
    expect(problems).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('answers "what if we lost this from these wallets" with the claim, and compares two snapshots', async () => {
    const { page, problems } = await watchedPage(1280);
    await logIn(page, 'en');
    await page.goto(`${service.url}/insurance`);
    expect(await page.locator('svg.tower').count()).toBe(1);
    expect(await page.locator('svg.reinsurance').count()).toBe(1);
    // More than the wallet held: refused beside the form, located, nothing stored.
    await page.locator('input[name^="lost:"][name*="hot"]').first().fill('1000000');
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="/insurance"] button[type="submit"]')]);
    expect(await page.locator('p.error[role="alert"]').textContent()).toMatch(/what-if\.json:\d+: losses\[0\]\.amount/);
    // The refusal's own 422 (and Chromium's console line for it) is what this step expects.
    problems.splice(0, problems.length, ...problems.filter((p) => !/^422: .*\/insurance$/.test(p) && !/^console: .*status of 422/.test(p)));
    await page.locator('input[name^="lost:"][name*="hot"]').first().fill('0.05');
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="/insurance"] button[type="submit"]')]);
    expect(await page.locator('#claim-title').count(), await page.evaluate(() => document.body.innerText)).toBe(1);
    expect(await page.locator('section[aria-labelledby="claim-title"] tbody tr').count()).toBeGreaterThan(0);
    // A policy that pays nothing says why.
    expect(await page.locator('section[aria-labelledby="claim-title"] tbody td:last-child').allTextContents()).toContainEqual(expect.stringMatching(/deductible|peril/));
    await looksRight(page, 'insurance-claim', 'en', 1280);
    // The same answer in Japanese, on a phone.
    await page.goto(`${service.url}/insurance?lang=ja`);
    await page.setViewportSize({ width: 390, height: 900 });
    await page.locator('input[name^="lost:"][name*="hot"]').first().fill('0.05');
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="/insurance"] button[type="submit"]')]);
    expect(await page.locator('#claim-title').count()).toBe(1);
    await looksRight(page, 'insurance-claim', 'ja', 390);
    await page.goto(`${service.url}/history?lang=en`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${service.url}/history`);
    expect(await page.locator('[data-chart] svg').count()).toBeGreaterThanOrEqual(2);
    await Promise.all([page.waitForLoadState('load'), page.click('form[action^="/history"] button[type="submit"]')]);
    expect(await page.locator('#compare-result').count()).toBe(1);
    expect(await page.locator('section[aria-labelledby="compare-result"] tbody tr').count()).toBeGreaterThan(0);
    await looksRight(page, 'history-compare', 'en', 1280);
    await page.goto(`${page.url().replace(/#.*$/, '')}&lang=ja`);
    await page.setViewportSize({ width: 390, height: 900 });
    await looksRight(page, 'history-compare', 'ja', 390);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('compensates a real incident pasted on the compensation page, as a job', async () => {
    const { page, problems } = await watchedPage(1280);
    await logIn(page, 'en');
    const snapshot = (await handle.forTenant(LOCAL_TENANT, ADMIN).then(async ({ close: _c, ...store }) => store.listSnapshots())).at(-1)!;
    await page.goto(`${service.url}/compensation`);
    await page.fill('#incident', JSON.stringify({ format: 'hozen-incident/1', id: 'INC-PASTED', occurred_at: snapshot.as_of, detected_at: snapshot.as_of, peril: 'insider_theft', losses: [{ wallet_id: 'btc-hot-1', asset: 'BTC', amount: '0.01' }] }, null, 2));
    await page.click('form[action="/compensation"] button[type="submit"]');
    await page.waitForURL(/\/compensation\/compensate-[0-9a-f]{24}$/, { timeout: 60_000 });
    expect(await page.locator('.meta').textContent()).toMatch(/INC-PASTED/);
    expect(await page.locator('table').first().locator('tbody tr td').first().textContent()).toBe('BTC');
    await page.goto(`${service.url}/compensation`);
    expect(await page.locator('td', { hasText: 'INC-PASTED' }).count()).toBe(1);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  it("shows a failed job's located error on its page, in both languages", async () => {
    const snapshot = (await handle.forTenant(LOCAL_TENANT, ADMIN).then(async ({ close: _c, ...store }) => store.listSnapshots())).at(-1)!;
    const bad_incident = JSON.stringify({ format: 'hozen-incident/1', id: 'bad', occurred_at: snapshot.as_of, detected_at: snapshot.as_of, peril: 'external_hack', losses: [{ wallet_id: 'no-such-wallet', asset: 'BTC', amount: '1' }] });
    const job = await handle.jobs.enqueue(LOCAL_TENANT, 'compensate', { snapshot: { id: snapshot.id }, incident: { name: 'incident.json', text: bad_incident }, out_parent: join(work, 'service', 'runs') }, ADMIN);
    for (const [lang, width] of [['en', 1280], ['ja', 390]] as const) {
      const { page, problems } = await watchedPage(width);
      await logIn(page, lang);
      await page.goto(`${service.url}/jobs/${job.id}`);
      // The worker may still be on it: the page follows it until it ends.
      await page.locator('.verdict.bad').waitFor({ timeout: 30_000 });
      expect(await page.locator('p.error[role="alert"]').textContent()).toMatch(/incident\.json.*losses\[0\]\.wallet_id/);
      await looksRight(page, 'job-failed', lang, width);
      expect(problems).toEqual([]);
      await page.context().close();
    }
  }, 60_000);

  it("lists, creates and revokes the user's own tokens, never another user's", async () => {
    const { page, problems } = await watchedPage(1280);
    await logIn(page, 'en');
    await page.goto(`${service.url}/tokens`);
    await page.fill('#label', 'nightly report');
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="/tokens"] button[type="submit"]')]);
    const secret = await page.inputValue('#new-token');
    expect(secret).toMatch(/^hzn_/);
    const api = await page.request.get(`${service.url}/api/v1/snapshots`, { headers: { authorization: `Bearer ${secret}` } });
    expect(api.status()).toBe(200);
    await Promise.all([page.waitForURL(`${service.url}/tokens`), page.click('form[action$="/revoke"] button')]);
    expect(await page.locator('.badge.bad').count()).toBe(1);
    expect((await page.request.get(`${service.url}/api/v1/snapshots`, { headers: { authorization: `Bearer ${secret}` } })).status()).toBe(401);
    // bob's token: alice's page does not list it, and her revoke of it is refused as unknown.
    const bob = (await handle.accounts.userByName('bob'))!;
    const { addToken } = await import('../../src/app/accounts.ts');
    const bobs = await addToken({ handle, actor: ADMIN }, { user: { ...bob, password_phc: undefined } as never, label: 'bob only', now_ms: Date.now() });
    await page.reload();
    expect(await page.locator('td', { hasText: 'bob only' }).count()).toBe(0);
    const refused = await page.request.post(`${service.url}/tokens/${bobs.record.id}/revoke`, { headers: { 'content-type': 'application/x-www-form-urlencoded', origin: service.url }, data: '' });
    expect(refused.status()).toBe(404);
    expect((await handle.accounts.token(bobs.record.id))!.revoked_at).toBeNull();
    expect(problems.filter((p) => !p.includes('/revoke'))).toEqual([]);
    await page.context().close();
  }, 60_000);

  for (const lang of ['en', 'ja'] as const) {
    for (const width of WIDTHS) {
      it(`every page renders cleanly at ${width} px (${lang})`, async () => {
        const { page, problems } = await watchedPage(width);
        await logIn(page, lang);
        for (const path of PAGES) {
          await page.goto(`${service.url}${path}`);
          await looksRight(page, path === '/' ? 'overview' : path.slice(1), lang, width);
          if (width === 1280) {
            // Keyboard: the first Tab reaches the skip link, and it leads to the content.
            await page.keyboard.press('Tab');
            expect(await page.evaluate(() => (document as unknown as { activeElement: { className: string } }).activeElement.className), path).toBe('skip');
            expect(await page.evaluate(() => document.querySelectorAll('[tabindex]:not([tabindex="0"]):not([tabindex="-1"])').length), path).toBe(0);
            // Print: no navigation and no forms, and nothing wider than the page.
            await page.emulateMedia({ media: 'print' });
            expect(await page.locator('header nav').isVisible(), path).toBe(false);
            expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${path} printed`).toBeLessThanOrEqual(0);
            await page.emulateMedia({ media: 'screen' });
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
