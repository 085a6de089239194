// Everything Hozen renders as a page is checked in real Chromium (Debian's, installed by .ci/run):
// the customer-facing compensation policy in both languages and the risk exceedance chart.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { CHROMIUM, chromiumAvailable, launchChromium } from './chromium.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';

/** The page's document, typed just enough: the project compiles without the DOM library. */
interface PageDocument {
  documentElement: { lang: string; scrollWidth: number; clientWidth: number };
}
declare const document: PageDocument;

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;

describe.skipIf(!chromiumAvailable)(`pages in real Chromium (${CHROMIUM})`, () => {
  let browser: Browser;
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'hozen-browser-'));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await rm(work, { recursive: true, force: true });
  });

  for (const lang of ['en', 'ja'] as const) {
    it(`the compensation policy document renders as a readable page (${lang})`, async () => {
      const rendered = await runCli(['policy', 'render', join(EXAMPLES, 'compensation-policy.json'), '--html', '--lang', lang]);
      expect(rendered.exit_code, rendered.stderr).toBe(0);
      const file = join(work, `policy.${lang}.html`);
      await writeFile(file, rendered.stdout);
      const page = await browser.newPage({ viewport: { width: 800, height: 1000 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(pathToFileURL(file).href);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      const heading = (await page.locator('h1').first().textContent()) ?? '';
      expect(heading.trim().length).toBeGreaterThan(0);
      if (lang === 'ja') expect(heading).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      // A customer reads it on a phone too: nothing may stick out sideways at 800 px.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const tables = await page.locator('table').count();
      expect(tables).toBeGreaterThan(0);
      const screenshot = await page.screenshot({ fullPage: true });
      expect(screenshot.length).toBeGreaterThan(10_000);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  for (const lang of ['en', 'ja'] as const) {
    it(`the risk exceedance chart is an SVG Chromium draws with curves and labels, none clipped, on an opaque background (${lang})`, async () => {
      const svg_file = join(work, `curves.${lang}.svg`);
      const db = join(work, `db-${lang}`);
      // The demo exchange holds the cover the chart draws as a labelled line at its right end.
      const demo = join(work, `demo-${lang}`);
      expect((await runCli(['demo', '--out', demo, '--accounts', '2000', '--db', db])).exit_code).toBe(0);
      const result = await runCli(['risk', demo, '--years', '2000', '--seed', '1', '--workers', '0', '--svg', svg_file, '--db', db, '--lang', lang]);
      expect(result.exit_code, result.stderr).toBe(0);
      const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
      await page.goto(pathToFileURL(svg_file).href);
      const box = await page.locator('svg').first().boundingBox();
      expect(box!.width).toBeGreaterThan(300);
      expect(box!.height).toBeGreaterThan(200);
      expect(await page.locator('svg path').count()).toBeGreaterThan(2);
      const texts = page.locator('svg text');
      const count = await texts.count();
      expect(count).toBeGreaterThan(5);
      const labels: string[] = [];
      for (let i = 0; i < count; i += 1) {
        const text = (await texts.nth(i).textContent()) ?? '';
        labels.push(text);
        const b = await texts.nth(i).boundingBox();
        // Every label inside the chart: nothing cut at an edge.
        expect(b!.x, text).toBeGreaterThanOrEqual(box!.x);
        expect(b!.x + b!.width, text).toBeLessThanOrEqual(box!.x + box!.width + 0.5);
        expect(b!.y, text).toBeGreaterThanOrEqual(box!.y);
      }
      expect(labels.some((l) => l.length > 0 && /cover|保有カバー/.test(l))).toBe(true);
      // Opaque: a filled rectangle covers the whole chart before anything is drawn.
      const background = page.locator('svg > rect').first();
      expect(await background.getAttribute('fill')).toMatch(/^#(fff|ffffff)$/i);
      const bg = await background.boundingBox();
      expect([bg!.width, bg!.height]).toEqual([box!.width, box!.height]);
      // Axis figures as their readers count: 億 in Japanese, never a run of eight digits.
      expect(labels.filter((l) => /\d[\d,]{9,}/.test(l))).toEqual([]);
      if (lang === 'ja') expect(labels.some((l) => /\d億$/.test(l))).toBe(true);
      await page.close();
    });
  }
});
