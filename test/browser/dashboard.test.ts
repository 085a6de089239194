// The dashboard in Debian's Chromium: every page in both languages with no console error, no
// failed request and nothing sticking out sideways at 1280 and 390 px, a screenshot of each in
// ./screenshots (git-ignored) for a person to look at, Japanese pages without message codes or
// English sentences, and the officer's flow: log in → upload the demo snapshot → check it → the
// overview → drain a hot wallet as a what-if → the compensation summary (worked out as a job) →
// payouts.csv downloaded → the audit log verified; risk runs started as jobs from the page, the
// insurance claim form, the comparison of two snapshots and the user's own tokens.

import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { create as createTar } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../src/app/accounts.ts';
import { checkSnapshot } from '../../src/app/check.ts';
import { importSnapshot } from '../../src/app/import.ts';
import { runJob, workJobs } from '../../src/app/jobs.ts';
import { proveSnapshot, verifyProofDocument } from '../../src/app/prove.ts';
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

/**
 * Run in the page: what sticks out sideways — the page itself, any frame that scrolls inside it
 * (a .table-wrap: the page does not overflow, yet a column is cut until it is scrolled to), and
 * any table cell whose right edge is past the window.
 */
const SIDEWAYS = `(() => {
  const out = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) out.push('page ' + root.scrollWidth + ' > ' + root.clientWidth);
  for (const frame of document.querySelectorAll('.table-wrap')) if (frame.scrollWidth > frame.clientWidth) out.push('table frame ' + frame.scrollWidth + ' > ' + frame.clientWidth);
  // A cell inside a box of at most 1 px (a visually hidden header row, read but not seen) is not on screen.
  const unseen = (e) => { for (let a = e; a; a = a.parentElement) { const r = a.getBoundingClientRect(); if (r.width <= 1 || r.height <= 1) return true; } return false; };
  for (const cell of document.querySelectorAll('td, th')) { const r = cell.getBoundingClientRect(); if (r.right > root.clientWidth + 0.5 && !unseen(cell)) out.push('cell ' + cell.textContent.trim().slice(0, 30) + ' ends at ' + Math.round(r.right)); }
  return out;
})()`;

/** Chromium's own accessibility tree (what a screen reader is given): the roles in it, counted, and each cell's name. */
async function accessibleRoles(page: Page): Promise<{ roles: Record<string, number>; cell_names: string[] }> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: Array<{ role?: { value?: string }; name?: { value?: unknown }; ignored?: boolean }> };
  await cdp.detach();
  const roles: Record<string, number> = {};
  const cell_names: string[] = [];
  for (const node of nodes) {
    if (node.ignored === true || node.role?.value === undefined) continue;
    roles[node.role.value] = (roles[node.role.value] ?? 0) + 1;
    if (node.role.value === 'cell') cell_names.push(String(node.name?.value ?? ''));
  }
  return { roles, cell_names };
}

/**
 * What Chromium's accessibility tree says of one element: the name and description the page gives
 * it and every text inside it (`page`), and the value Chromium gives it itself (`browser`: for a
 * file control its own "No file chosen", in the browser's language, which no page can change).
 */
async function accessibleText(page: Page, selector: string): Promise<{ page: string; browser: string }> {
  type AXValue = { value?: unknown };
  type AXNode = { nodeId: string; backendDOMNodeId?: number; childIds?: string[]; name?: AXValue; value?: AXValue; description?: AXValue };
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: 0 })) as { root: { nodeId: number } };
    const { nodeId } = (await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector })) as { nodeId: number };
    const { node } = (await cdp.send('DOM.describeNode', { nodeId })) as { node: { backendNodeId: number } };
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
    const by_id = new Map(nodes.map((n) => [n.nodeId, n]));
    const texts: string[] = [];
    const text = (v: AXValue | undefined) => (typeof v?.value === 'string' ? v.value : '');
    const walk = (n: AXNode | undefined): void => {
      if (n === undefined) return;
      texts.push(text(n.name), text(n.description));
      for (const child of n.childIds ?? []) walk(by_id.get(child));
    };
    const control = nodes.find((n) => n.backendDOMNodeId === node.backendNodeId);
    expect(control, `${selector} in the accessibility tree`).toBeDefined();
    walk(control);
    return { page: texts.filter((t) => t !== '').join(' | '), browser: text(control!.value) };
  } finally {
    await cdp.detach();
  }
}

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
  let customer_account = '';
  let other_account = '';
  let customer_snapshot = '';
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
    // A customer of the earlier snapshot, whose proof tree the service keeps (the master secret as the service reads it).
    const secret_file = join(work, 'proof-secret.hex');
    await writeFile(secret_file, 'ab'.repeat(32) + '\n');
    process.env.HOZEN_PROOF_SECRET_FILE = secret_file;
    await proveSnapshot({ store }, { snapshot: { id: earlier.snapshot_id }, master_secret: { name: secret_file, text: await readFile(secret_file, 'utf8') }, out_dir: join(work, 'service', 'tenants', LOCAL_TENANT, 'proofs', earlier.snapshot_id) });
    const accounts = [...new Set((await readFile(join(earlier_dir, 'balances.csv'), 'utf8')).split('\n').slice(1).filter((l) => l !== '').map((l) => l.split(',')[0]!))];
    [customer_account, other_account] = [accounts[0]!, accounts[1]!];
    customer_snapshot = earlier.snapshot_id;
    await addUser({ handle, actor: ADMIN }, { name: 'carol', role: 'customer', tenant: LOCAL_TENANT, account_id: customer_account, password: PASSWORD });
    // The jobs are worked by this test's own worker, which a test stops to catch a job while it runs.
    service = await startService(handle, { host: '127.0.0.1', port: 0, data_dir: join(work, 'service'), workers: 0, log_error: (e) => console.error(e) });
    startWorker();
    browser = await launchChromium();
    await mkdir(SCREENSHOTS_DIR, { recursive: true });
  }, 120_000);

  const watchedPage = (width: number) => openWatchedPage(browser, width, { expected_refusal: (url) => url.endsWith('/login') });
  const logIn = (page: Page, lang: 'en' | 'ja', user = 'alice', home = '/') => logInAs(page, { url: service.url, lang, name: user, password: PASSWORD, lands_on: home });

  afterAll(async () => {
    await browser?.close();
    await stopWorker();
    await service?.close();
    await handle?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
    delete process.env.HOZEN_PROOF_SECRET_FILE;
  });

  let worker: { stop: AbortController; done: Promise<unknown> } | null = null;
  function startWorker(): void {
    const stop = new AbortController();
    worker = { stop, done: workJobs(handle, stop.signal, { worker_id: 'dashboard-test-worker', poll_ms: 100, log_error: (e) => console.error(e) }) };
  }
  /** Waits for the job in hand to end: after this, a queued job stays queued until the test takes it. */
  async function stopWorker(): Promise<void> {
    worker?.stop.abort();
    await worker?.done;
    worker = null;
  }
  /** Takes the next queued job of this kind as the test's own, holding it (running, its lease long) until the test runs it. */
  async function holdJob(kind: 'import' | 'risk') {
    const job = await handle.jobs.claim('held-by-test', Date.now(), 600_000, [kind]);
    expect(job, `a queued ${kind} job`).not.toBeNull();
    return job!;
  }

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
      // The page's script sends the files as an import job and lands on the job's outcome.
      await Promise.all([page.waitForURL(/\/snapshots\?job=job-[0-9a-f]{24}$/, { timeout: 60_000 }), page.click('form[enctype] button[type="submit"]')]);
      expect(await page.locator('.verdict.ok').count()).toBe(1);
      // Who imported it: the user who uploaded it, in the list and in the API's answer.
      expect(await page.locator('tbody tr').last().locator('td').nth(5).textContent()).toBe(lang === 'en' ? 'alice (officer)' : 'alice（officer）');
      expect(await page.locator('tbody tr').first().locator('td').nth(5).textContent()).toBe(lang === 'en' ? 'the hozen command line (run as OS user dashboard-test)' : 'hozen コマンド（OS ユーザー dashboard-test が実行）');
      const listed = (await (await page.request.get(`${service.url}/api/v1/snapshots`)).json()) as { snapshots: Array<{ imported_by: unknown }> };
      expect(listed.snapshots.at(-1)!.imported_by).toMatchObject({ type: 'user', user_name: 'alice', role: 'officer', token_label: null });
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

  it('shows the upload going up, then the import job reading rows, then the located errors to fix the files from (ja, 390 px; en, 1280 px)', async () => {
    // A snapshot with one bad balance row: the import refuses it at its line, and stores nothing.
    const broken = join(work, 'broken');
    await cp(demo_dir, broken, { recursive: true });
    const lines = (await readFile(join(broken, 'balances.csv'), 'utf8')).split('\n');
    const fields = lines[3]!.split(',');
    fields[fields.length - 1] = 'ten';
    lines[3] = fields.join(',');
    await writeFile(join(broken, 'balances.csv'), lines.join('\n'));
    const stored_before = (await (await handle.forTenant(LOCAL_TENANT, ADMIN)).listSnapshots()).length;
    for (const [lang, width] of [['ja', 390], ['en', 1280]] as const) {
      const { page, problems } = await watchedPage(width);
      await logIn(page, lang);
      await page.goto(`${service.url}/snapshots`);
      await stopWorker();
      try {
        // Every text the live region says, as it says it.
        const said: string[] = [];
        await page.exposeFunction('hozenSaid', (text: string) => void said.push(text));
        await page.evaluate(() => {
          const w = globalThis as unknown as { hozenSaid(t: string): void; MutationObserver: new (f: (records: Array<{ addedNodes: Array<{ textContent: string }> }>) => void) => { observe(e: unknown, o: unknown): void }; document: { getElementById(id: string): { textContent: string } } };
          const status = w.document.getElementById('upload-status');
          new w.MutationObserver((records: Array<{ addedNodes: Array<{ textContent: string }> }>) => {
            for (const record of records) for (const node of record.addedNodes) w.hozenSaid(node.textContent);
          }).observe(status, { childList: true, characterData: true, subtree: true });
        });
        await page.setInputFiles('#files', (await readdir(broken)).map((f) => join(broken, f)));
        const [answer] = await Promise.all([page.waitForResponse((r) => r.url().includes('/api/v1/snapshots?job=1')), page.click('form[enctype] button[type="submit"]')]);
        expect(answer.status()).toBe(202);
        const job_id = ((await answer.json()) as { id: string }).id;
        // The bytes went up: the bar reached its end and the words said how much, in the page's language.
        await page.locator('#upload-status', { hasText: lang === 'ja' ? 'ワーカーを待っています' : 'waiting for a worker' }).waitFor();
        expect(said.some((t) => (lang === 'ja' ? /ファイルを送信中：[\d.]+ MB のうち [\d.]+ MB（100%）/ : /Sending the files: [\d.]+ of [\d.]+ MB \(100%\)/).test(t)), said.join(' | ')).toBe(true);
        expect(await page.locator('#upload-progress').getAttribute('value')).toBeNull();
        await looksRight(page, 'snapshots-upload-queued', lang, width);
        // The import is taken and reports rows: the page follows it.
        const job = await holdJob('import');
        expect(job.id).toBe(job_id);
        await handle.jobs.progress(job, 'held-by-test', { phase: 'import', done: 1500 }, Date.now(), 600_000);
        await page.locator('#upload-status', { hasText: lang === 'ja' ? '残高の行を 1,500 行読みました' : '1,500 balance rows read' }).waitFor();
        await looksRight(page, 'snapshots-upload-importing', lang, width);
        // It ends refused: the page lands on the outcome, the errors located by file and line.
        await Promise.all([page.waitForURL(`${service.url}/snapshots?job=${job_id}`), runJob(handle, job, 'held-by-test')]);
        const where = await page.locator('.error table tbody td.id').allTextContents();
        expect(where).toContainEqual(expect.stringMatching(/^balances\.csv:4: amount$/));
        expect(await page.locator('.error[role="alert"]').count()).toBe(1);
        await looksRight(page, 'snapshots-upload-refused', lang, width);
        expect(problems).toEqual([]);
      } finally {
        startWorker();
        await page.context().close();
      }
    }
    expect((await (await handle.forTenant(LOCAL_TENANT, ADMIN)).listSnapshots()).length).toBe(stored_before);
  }, 120_000);

  it('uploads one .tar.gz archive of the snapshot directory as the archive it is', async () => {
    const archive = join(work, 'snapshot.tar.gz');
    await createTar({ gzip: true, file: archive, cwd: demo_dir }, await readdir(demo_dir));
    const { page, problems } = await watchedPage(1280);
    await logIn(page, 'en');
    await page.goto(`${service.url}/snapshots`);
    await page.setInputFiles('#files', archive);
    const [answer] = await Promise.all([page.waitForRequest((r) => r.url().includes('/api/v1/snapshots?job=1')), page.click('form[enctype] button[type="submit"]')]);
    expect(answer.headers()['content-type']).toBe('application/gzip');
    await page.waitForURL(/\/snapshots\?job=job-[0-9a-f]{24}$/, { timeout: 60_000 });
    expect(await page.locator('.verdict.ok').textContent()).toMatch(/^Snapshot [0-9a-f]{12} (is stored|was already stored; nothing was written)\.$/);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  it("shows a job's page while it waits and while it runs, in Japanese without codes or English, at 1280 and 390 px", async () => {
    const snapshot = (await (await handle.forTenant(LOCAL_TENANT, ADMIN)).listSnapshots()).at(-1)!;
    await stopWorker();
    try {
      const queued = await handle.jobs.enqueue(LOCAL_TENANT, 'risk', { snapshot: { id: snapshot.id }, years: 2000, seed: 9 }, ADMIN);
      for (const width of WIDTHS) {
        const { page, problems } = await watchedPage(width);
        await logIn(page, 'ja');
        await page.goto(`${service.url}/jobs/${queued.id}`);
        expect(await page.locator('.verdict.neutral').textContent()).toBe('リスク計算はワーカーを待っています。');
        await looksRight(page, 'job-queued', 'ja', width);
        await page.context().close();
        expect(problems).toEqual([]);
      }
      const job = await holdJob('risk');
      expect(job.id).toBe(queued.id);
      await handle.jobs.progress(job, 'held-by-test', { phase: 'risk', done: 500, total: 2000 }, Date.now(), 600_000);
      for (const width of WIDTHS) {
        const { page, problems } = await watchedPage(width);
        await logIn(page, 'ja');
        await page.goto(`${service.url}/jobs/${queued.id}`);
        expect(await page.locator('.verdict.neutral').textContent()).toBe('リスク計算を実行中です。');
        expect(await page.locator('[data-progress-text]').textContent()).toBe('25%');
        expect(await page.locator('#job-progress').getAttribute('value')).toBe('500');
        await looksRight(page, 'job-running', 'ja', width);
        await page.context().close();
        expect(problems).toEqual([]);
      }
      await runJob(handle, job, 'held-by-test');
    } finally {
      startWorker();
    }
  }, 120_000);

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
    // The phone's width first, then the page: measured straight after a resize, the charts laid out for 1280 px could still be wider than the window.
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto(`${page.url().replace(/#.*$/, '')}&lang=ja`);
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

  it('offers the snapshot files to choose in Japanese: a labelled button, the chosen files named, by keyboard too (ja; the chosen line in en)', async () => {
    const { page, problems } = await watchedPage(1280);
    await logIn(page, 'ja');
    await page.goto(`${service.url}/snapshots`);
    // What a screen reader hears of the control, and what is seen: no word of Chromium's own English picker.
    const english = /choose|file|chosen|no file/i;
    const heard = await accessibleText(page, '#files');
    expect(heard.page.replace(/[\w-]+\.(json|csv)/g, ''), heard.page).not.toMatch(english);
    expect(heard.page).toContain('ファイルを選ぶ');
    expect(heard.page).toContain('ファイルはまだ選ばれていません。');
    const seen = await page.locator('form[data-upload]').evaluate((form) => (form as unknown as { innerText: string }).innerText);
    expect(seen.replace(/[\w-]+\.(json|csv)/g, ''), seen).not.toMatch(english);
    // Sent with nothing chosen, the browser's warning is the page's Japanese.
    expect(await page.locator('#files').evaluate((e) => (e as unknown as { validationMessage: string }).validationMessage)).toBe('先にスナップショットのファイルを選んでください。');
    const native = await page.locator('#files').boundingBox();
    expect(native === null || (native.width <= 1 && native.height <= 1), 'the native picker is out of sight').toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS_DIR, 'snapshots-picker.ja.1280.png') });
    // The button opens the picker; the files chosen are named in a line a screen reader is told of.
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('label.file-button')]);
    expect(chooser.isMultiple()).toBe(true);
    await chooser.setFiles([join(demo_dir, 'exchange.json'), join(demo_dir, 'balances.csv')]);
    const chosen = page.locator('#files-chosen');
    expect(await chosen.getAttribute('aria-live')).toBe('polite');
    expect(await chosen.textContent()).toBe('選んだファイル（2 個）：exchange.json、balances.csv');
    // By keyboard: Tab reaches the control, its button shows the focus, and Space opens the picker.
    await page.focus('header a[href="/snapshots"]');
    let steps = 0;
    while ((await page.evaluate(() => (document as unknown as { activeElement: { id: string } }).activeElement.id)) !== 'files') {
      await page.keyboard.press('Tab');
      expect((steps += 1), 'Tab reaches the file control').toBeLessThan(30);
    }
    expect(await page.locator('label.file-button').evaluate((e) => (globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string } }).getComputedStyle(e).outlineStyle)).not.toBe('none');
    const [by_key] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    await by_key.setFiles(join(demo_dir, 'exchange.json'));
    expect(await chosen.textContent()).toBe('選んだファイル（1 個）：exchange.json');
    await page.goto(`${service.url}/snapshots?lang=en`);
    await page.setInputFiles('#files', [join(demo_dir, 'exchange.json'), join(demo_dir, 'balances.csv')]);
    expect(await page.locator('#files-chosen').textContent()).toBe('Chosen (2): exchange.json, balances.csv');
    expect(await page.locator('label.file-button').textContent()).toBe('Choose the files');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  for (const lang of ['ja', 'en'] as const) {
    it(`lists the snapshots on a 390 px phone with nothing to scroll sideways, still a table to a screen reader (${lang})`, async () => {
      const { page, problems } = await watchedPage(390);
      await logIn(page, lang);
      await page.goto(`${service.url}/snapshots`);
      const rows = await page.locator('table').first().locator('tbody tr').count();
      expect(rows).toBeGreaterThan(0);
      expect(await page.evaluate(SIDEWAYS)).toEqual([]);
      // Every column still in reach: the importer (the sixth cell) on screen, inside the window.
      const importer = await page.locator('table').first().locator('tbody tr').first().locator('td').nth(5).boundingBox();
      expect(importer!.x + importer!.width).toBeLessThanOrEqual(390);
      // A table in Chromium's accessibility tree: its column headers, and a row per snapshot and the
      // header's; a cell is read by its content alone (the column's name shown above it is not read twice).
      const { roles, cell_names } = await accessibleRoles(page);
      expect(roles['table']).toBe(1);
      expect(roles['columnheader']).toBe(7);
      expect(roles['row']).toBe(rows + 1);
      expect(roles['cell']).toBe(rows * 7);
      const columns = (await page.locator('table').first().locator('thead th').allTextContents()).filter((t) => t.trim() !== '');
      expect(cell_names.filter((name) => columns.some((column) => name.startsWith(column)))).toEqual([]);
      await looksRight(page, 'snapshots-phone', lang, 390);
      // The same table at 1280 px is laid out as columns: one row of cells side by side.
      await page.setViewportSize({ width: 1280, height: 900 });
      const cells = page.locator('table').first().locator('tbody tr').first().locator('td');
      expect((await cells.nth(5).boundingBox())!.y).toBe((await cells.nth(0).boundingBox())!.y);
      expect(await page.evaluate(SIDEWAYS)).toEqual([]);
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

  for (const lang of ['en', 'ja'] as const) {
    for (const width of WIDTHS) {
      it(`a customer sees their own proof, verified on the server and again in the browser, and nothing else (${lang}, ${width} px)`, async () => {
        const { page, problems } = await watchedPage(width);
        // A customer's home is their proof.
        await logIn(page, lang, 'carol', '/proof');
        await page.locator('[data-browser-state]').waitFor();
        expect(await page.locator('[data-proof]').getAttribute('data-browser-state')).toBe('verified');
        expect(await page.locator('[data-browser-verdict]').textContent()).toMatch(lang === 'en' ? /^Verified in this browser by the standalone verifier: all 12 checks pass/ : /^このブラウザで独立した検証プログラムが確かめました：12 項目すべてに合格/);
        expect(await page.locator('.verdict.ok').first().textContent()).toContain(customer_account);
        expect(await page.locator('header nav a').count()).toBe(1);
        // Their own account only, whatever the address asks for.
        for (const url of ['/proof', `/proof?account=${other_account}`]) {
          await page.goto(`${service.url}${url}`);
          const text = await page.evaluate(() => document.body.innerText);
          expect(text).toContain(customer_account);
          expect(text).not.toContain(other_account);
        }
        await page.locator('[data-browser-state="verified"]').waitFor();
        expect(await page.locator('table').first().locator('tbody tr').count()).toBeGreaterThan(1);
        // Balances grouped to every digit and right-aligned, yen named 円 in Japanese.
        const figures = page.locator('table').first().locator('tbody td.num');
        const shown = await figures.allTextContents();
        expect(shown.every((f) => /^\d{1,3}(,\d{3})*(\.\d+)?$/.test(f)), shown.join(' ')).toBe(true);
        expect(shown.some((f) => f.includes(',')), shown.join(' ')).toBe(true);
        expect(await figures.first().evaluate((e) => (globalThis as unknown as { getComputedStyle(e: unknown): { textAlign: string } }).getComputedStyle(e).textAlign)).toBe('right');
        const assets = await page.locator('table').first().locator('tbody th').allTextContents();
        expect(assets).toContain(lang === 'ja' ? '円' : 'JPY');
        expect(assets).not.toContain(lang === 'ja' ? 'JPY' : '円');
        await looksRight(page, 'proof', lang, width);
        if (lang === 'en' && width === 1280) {
          const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[download="proof.json"]')]);
          const text = await readFile((await download.path())!, 'utf8');
          const [published] = await Promise.all([page.waitForEvent('download'), page.click('a[download="liabilities.json"]')]);
          const liabilities = await readFile((await published.path())!, 'utf8');
          expect(JSON.parse(text).leaf.account_id).toBe(customer_account);
          expect(verifyProofDocument({ proof: { name: 'proof.json', text }, liabilities: { name: 'liabilities.json', text: liabilities }, account: customer_account }).ok).toBe(true);
          // The offline verifier page is linked, and served (its own test opens it: proof-verifier.test.ts).
          const verifier = await page.request.get(`${service.url}${await page.locator('a[href^="/verifier/"]').getAttribute('href')}`);
          expect(verifier.status()).toBe(200);
          expect(await verifier.text()).toContain('id="verify"');
        }
        // Every other page is refused: the exchange's pages, the association's, the tokens, the API's lists.
        for (const path of [...PAGES.filter((p) => p !== '/'), '/association', `/jobs/job-${'0'.repeat(24)}`, `/compensation/compensate-${'0'.repeat(24)}`, '/api/v1/snapshots', '/api/v1/jobs', '/api/v1/tokens', '/api/v1/history']) {
          const refused = await page.request.get(`${service.url}${path}`);
          expect(refused.status(), path).toBe(403);
          expect(await refused.text(), path).not.toContain(customer_snapshot.slice(0, 12));
        }
        for (const path of ['/what-if', '/risk', '/tokens', '/compensation']) {
          const refused = await page.request.post(`${service.url}${path}`, { headers: { 'content-type': 'application/x-www-form-urlencoded', origin: service.url }, data: '' });
          expect(refused.status(), `POST ${path}`).toBe(403);
        }
        expect(problems).toEqual([]);
        await page.context().close();
      }, 60_000);
    }
  }

  it('sends a visitor who is not logged in to the log-in page', async () => {
    const { page } = await watchedPage(1280);
    await page.goto(`${service.url}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.context().close();
  });
});
