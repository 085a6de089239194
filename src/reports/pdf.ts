// PDF printed by Chromium (Debian's, through playwright-core; it downloads no browser) from the
// report's HTML. Chromium embeds the subset of every font a page uses, so the Japanese text is in
// the file (Noto Sans CJK JP, from fonts-noto-cjk) and extractable. HOZEN_CHROMIUM moves the
// browser; without one the export says so (a UserError), never a stack trace.

import { existsSync } from 'node:fs';
import { UserError } from '../errors.ts';

export const CHROMIUM_DEFAULT = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function chromiumPath(): string {
  return process.env.HOZEN_CHROMIUM ?? CHROMIUM_DEFAULT;
}

/** Prints HTML documents to PDF files with one browser; `close()` when done. */
export async function openPrinter(): Promise<{ print(html: string, path: string): Promise<void>; close(): Promise<void> }> {
  const path = chromiumPath();
  if (!existsSync(path)) throw new UserError('reports.no_chromium', { path });
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: path, args: ARGS });
  return {
    async print(html, out) {
      const page = await browser.newPage();
      try {
        await page.setContent(html, { waitUntil: 'load' });
        await page.pdf({ path: out, printBackground: true, preferCSSPageSize: true });
      } finally {
        await page.close();
      }
    },
    close: () => browser.close(),
  };
}

export async function writePdf(html: string, path: string): Promise<void> {
  const printer = await openPrinter();
  try {
    await printer.print(html, path);
  } finally {
    await printer.close();
  }
}
