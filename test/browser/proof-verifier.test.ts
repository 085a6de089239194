// The standalone proof verifier page in real Chromium (Debian's): served from loopback as
// `hozen serve` or any static server would serve it (Chromium refuses ES modules from file://),
// it verifies a customer's proof with WebCrypto, shows every check, the balances and what it
// cannot tell, and says NOT VERIFIED for a tampered proof. It makes no request but its own files.

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { CHROMIUM, chromiumAvailable, launchChromium } from './chromium.ts';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';

const VERIFIER = new URL('../../src/proof/verifier/', import.meta.url).pathname;
const EXAMPLES = new URL('../../examples/proof/', import.meta.url).pathname;
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8' };

describe.skipIf(!chromiumAvailable)(`the proof verifier page in real Chromium (${CHROMIUM})`, () => {
  let browser: Browser;
  let server: Server;
  let base: string;
  let work: string;
  const requests: string[] = [];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'hozen-verifier-'));
    server = createServer((req, res) => {
      const name = new URL(req.url ?? '/', 'http://x').pathname.slice(1) || 'index.html';
      if (!['index.html', 'verify.mjs'].includes(name)) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': TYPES[name.slice(name.lastIndexOf('.'))]! }).end(readFileSync(join(VERIFIER, name)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await rm(work, { recursive: true, force: true });
  });

  async function verifyIn(lang: 'en' | 'ja', proof_file: string, account?: string): Promise<{ verdict: string; cls: string; checks: { id: string; ok: string }[]; text: string }> {
    const page = await browser.newPage({ viewport: { width: 800, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${base}index.html?lang=${lang}`);
    await page.setInputFiles('#proof', proof_file);
    await page.setInputFiles('#liabilities', join(EXAMPLES, 'liabilities.json'));
    if (account !== undefined) await page.fill('#account', account);
    await page.click('#verify');
    await page.waitForFunction(() => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }).document.getElementById('verdict').textContent !== '');
    const verdict = (await page.locator('#verdict').textContent()) ?? '';
    const cls = (await page.locator('#verdict').getAttribute('class')) ?? '';
    const checks = await page.locator('li[data-check]').evaluateAll((items) => items.map((li) => ({ id: (li as unknown as { dataset: { check: string; ok: string } }).dataset.check, ok: (li as unknown as { dataset: { ok: string } }).dataset.ok })));
    const text = (await page.locator('body').textContent()) ?? '';
    expect(errors).toEqual([]);
    await page.close();
    return { verdict, cls, checks, text };
  }

  it('verifies a customer’s proof, shows what it checked and what it cannot tell (en)', async () => {
    const r = await verifyIn('en', join(EXAMPLES, 'proofs', 'customer-1.json'), 'A0001');
    expect(r.cls).toBe('ok');
    expect(r.verdict).toContain('VERIFIED: account A0001');
    expect(r.checks.map((c) => c.id)).toContain('liabilities_root');
    expect(r.checks.every((c) => c.ok === 'true')).toBe(true);
    expect(r.text).toContain('0.5'); // BTC 50,000,000 minor units
    expect(r.text).toContain('What this cannot tell you');
    expect(requests.filter((u) => !u.startsWith(base))).toEqual([]);
  });

  it('the single-file page (hozen verifier-page) verifies from file://, with no server', async () => {
    const file = join(work, 'verifier.html');
    const written = await runCli(['verifier-page', '--out', file]);
    expect(written.exit_code, written.stderr).toBe(0);
    const page = await browser.newPage();
    const errors: string[] = [];
    const outside: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (r) => (r.url().startsWith('file:') ? undefined : outside.push(r.url())));
    await page.goto(`${pathToFileURL(file).href}?lang=en`);
    await page.setInputFiles('#proof', join(EXAMPLES, 'proofs', 'customer-3.json'));
    await page.setInputFiles('#liabilities', join(EXAMPLES, 'liabilities.json'));
    await page.click('#verify');
    await page.waitForFunction(() => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }).document.getElementById('verdict').textContent !== '');
    expect(await page.locator('#verdict').getAttribute('class')).toBe('ok');
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    await page.close();
  });

  it('speaks the page’s language: a labelled file button, the chosen file named, grouped amounts, 円 and the date in Japanese', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 1000 } });
    await page.goto(`${base}index.html?lang=ja`);
    // The browser's own picker ("Choose File", "No file chosen") is out of sight; the button is the page's label.
    expect(await page.locator('#proof').evaluate((input) => { const r = (input as unknown as { getBoundingClientRect(): { width: number; height: number } }).getBoundingClientRect(); return r.width * r.height; })).toBeLessThanOrEqual(1);
    expect(await page.locator('label.file-button[for="proof"]').textContent()).toBe('ファイルを選ぶ');
    expect(await page.locator('#proof-chosen').textContent()).toBe('まだ選ばれていません。');
    await page.setInputFiles('#proof', join(EXAMPLES, 'proofs', 'customer-1.json'));
    await page.setInputFiles('#liabilities', join(EXAMPLES, 'liabilities.json'));
    expect(await page.locator('#proof-chosen').textContent()).toBe('選んだファイル：customer-1.json');
    await page.click('#verify');
    await page.locator('#verdict.ok').waitFor();
    expect(await page.locator('#verdict').textContent()).toBe('検証成功：口座 A0001 は Vector Exchange K.K. のスナップショット b0d1c3a5e7f90817（2026年11月25日 00:00）に含まれています。');
    const rows = await page.locator('#details table').first().locator('tr').evaluateAll((trs) => trs.map((tr) => (tr as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ')));
    expect(rows).toEqual(['円 1,250,000', 'BTC 0.5', 'ETH 0.000000000000000001']);
    const totals = await page.locator('#details table').nth(1).locator('td').allTextContents();
    expect(totals).toEqual(['1,000,001,249,999', '0.50000123', '340,282,366,920,941.463463374607431769']);
    const body = await page.evaluate(() => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText);
    expect(body).not.toMatch(/JPY|Choose|No file/);
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement.scrollWidth <= (globalThis as unknown as { document: { documentElement: { clientWidth: number } } }).document.documentElement.clientWidth)).toBe(true);
    await page.close();
  });

  it('says NOT VERIFIED for a proof whose sibling sums were altered (ja)', async () => {
    const proof = JSON.parse(readFileSync(join(EXAMPLES, 'proofs', 'customer-2.json'), 'utf8')) as { path: { sums_minor: string[] }[] };
    proof.path[0]!.sums_minor[0] = String(BigInt(proof.path[0]!.sums_minor[0]!) + 1n);
    const file = join(work, 'tampered.json');
    await writeFile(file, JSON.stringify(proof));
    const r = await verifyIn('ja', file);
    expect(r.cls).toBe('bad');
    expect(r.verdict).toContain('検証失敗');
    expect(r.checks.find((c) => c.id === 'liabilities_root')?.ok).toBe('false');
  });
});
