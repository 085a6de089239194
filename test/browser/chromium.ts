// What every browser test starts with: Debian's Chromium (HOZEN_CHROMIUM elsewhere) launched
// headless with nothing reaching out of this machine, a page that records what went wrong on it
// (console errors, page errors, failed or refused requests), and the log-in form filled in.

import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.HOZEN_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
}

export interface WatchOptions {
  /** An answer of 400 or more from such a URL is expected (a refused log-in), not a problem. */
  expected_refusal?: (url: string) => boolean;
}

/** A page in a context of its own, `width` px wide, and the problems seen on it so far. */
export async function openWatchedPage(browser: Browser, width: number, options: WatchOptions = {}): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && options.expected_refusal?.(r.url()) !== true) problems.push(`${r.status()}: ${r.url()}`);
  });
  return { page, problems };
}

/** Logs in through the form, in `lang`, and waits for the user's home (`lands_on`). */
export async function logInAs(page: Page, login: { url: string; lang: 'en' | 'ja'; name: string; password: string; lands_on: string }): Promise<void> {
  await page.goto(`${login.url}/login?lang=${login.lang}`);
  await page.fill('#name', login.name);
  await page.fill('#password', login.password);
  await Promise.all([page.waitForURL(`${login.url}${login.lands_on}`), page.click('button[type="submit"]')]);
}
