// bench/balance-digest: the cost the import pays for the digest of its balance rows
// (src/store/balance-digest.ts), over COPY text like the import's, next to a plain SHA-256 of the
// same bytes (the least any digest of them costs), in the same run.
//
//   npx tsx bench/balance-digest.ts            # 10M rows
//   BENCH_ROWS=2000000 npx tsx bench/balance-digest.ts

import { createHash } from 'node:crypto';
import { BalanceDigest, totalsSha256 } from '../src/store/balance-digest.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000_000);
const BATCH_ROWS = 65_536;
const ASSETS = ['JPY', 'BTC', 'ETH', 'XRP', 'XEM', 'MONA', 'BCH', 'USDC', 'SOL', 'DOT'];

// Batches as the import hands them to the store: ~40 bytes a row.
const batches: Buffer[] = [];
for (let first = 0; first < ROWS; first += BATCH_ROWS) {
  let text = '';
  for (let i = first; i < Math.min(ROWS, first + BATCH_ROWS); i += 1) text += `${i + 2}\tC${String(Math.floor(i / 10)).padStart(8, '0')}\t${ASSETS[i % 10]}\t${(i * 7919) % 100_000_000}\n`;
  batches.push(Buffer.from(text, 'utf8'));
}
const bytes = batches.reduce((sum, b) => sum + b.length, 0);

function time(label: string, work: () => void): number {
  const started = performance.now();
  work();
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label.padEnd(34)} ${seconds.toFixed(3)} s  ${Math.round(ROWS / seconds).toLocaleString('en')} rows/s`);
  return seconds;
}

console.log(`${ROWS.toLocaleString('en')} rows, ${(bytes / 2 ** 20).toFixed(0)} MiB of COPY text`);
for (let run = 0; run < 3; run += 1) {
  const plain = time('plain SHA-256 of the bytes', () => {
    const hash = createHash('sha256');
    for (const b of batches) hash.update(b);
    hash.digest('hex');
  });
  const digest = time('hozen-balance-rows/1 digest', () => {
    const d = new BalanceDigest();
    for (const b of batches) d.update(b);
    d.result(totalsSha256([]));
  });
  console.log(`ratio digest / plain SHA-256: ${(digest / plain).toFixed(2)}×`);
}
