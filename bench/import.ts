// bench/import: validated import of N accounts × 10 assets into PGlite and into PostgreSQL, next
// to PostgreSQL's own COPY of the same rows without validation, in the same run.
//
//   npx tsx bench/import.ts                 # 1M accounts × 10 assets = 10M rows
//   BENCH_ACCOUNTS=100000 npx tsx bench/import.ts
//   BENCH_SKIP_PGLITE=1 …                   # PostgreSQL half only
//
// Target (docs/performance.md): validated import ≥ 0.5× COPY's rows/s on PostgreSQL.

import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { importSnapshot } from '../src/app/import.ts';
import { openStore } from '../src/store/open.ts';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1_000_000);
const DATABASE_URL = process.env.HOZEN_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ASSETS: Array<[string, number, string]> = [
  ['JPY', 0, '1'],
  ['BTC', 8, '15234567.89'],
  ['ETH', 18, '502500.5'],
  ['XRP', 6, '91.23'],
  ['XEM', 6, '3.142'],
  ['MONA', 8, '41.7'],
  ['BCH', 8, '70120'],
  ['USDC', 6, '151.02'],
  ['SOL', 9, '27350.5'],
  ['DOT', 10, '1020.25'],
];

/** A deterministic xorshift so that every run loads identical files. */
function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

async function writeBenchSnapshot(dir: string): Promise<number> {
  await mkdir(dir, { recursive: true });
  const random = xorshift(42);
  const totals = ASSETS.map(() => 0n);
  const out = createWriteStream(join(dir, 'balances.csv'), { highWaterMark: 1 << 20 });
  let chunk = 'account_id,asset,amount\n';
  let rows = 0;
  for (let account = 0; account < ACCOUNTS; account++) {
    const id = `C${String(account).padStart(9, '0')}`;
    for (let a = 0; a < ASSETS.length; a++) {
      const [symbol, decimals] = ASSETS[a]!;
      const minor = BigInt(Math.floor(random() * 1e9)) * 10n ** BigInt(Math.max(decimals - 4, 0)) + BigInt(Math.floor(random() * 1000));
      totals[a] = totals[a]! + minor;
      const text = minor.toString().padStart(decimals + 1, '0');
      chunk += `${id},${symbol},${decimals === 0 ? text : `${text.slice(0, -decimals)}.${text.slice(-decimals)}`}\n`;
      rows += 1;
    }
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((r) => out.once("finish", () => r()));
  await writeFile(
    join(dir, 'exchange.json'),
    JSON.stringify({
      format: 'hozen-snapshot/1',
      exchange: { id: 'bench', name: 'Bench Exchange', jurisdictions: ['JP'] },
      as_of: '2026-11-25T00:00:00+09:00',
      base_currency: 'JPY',
      assets: ASSETS.map(([symbol, decimals]) => ({ symbol, decimals })),
      net_assets: '1000000000',
      regimes: ['jp-psa-2020'],
    }),
  );
  await writeFile(join(dir, 'prices.csv'), 'time,asset,price\n' + ASSETS.slice(1).map(([s, , p]) => `2026-11-24T00:00:00+09:00,${s},${p}\n`).join(''));
  const formatMinor = (minor: bigint, decimals: number) => {
    const text = minor.toString().padStart(decimals + 1, '0');
    return decimals === 0 ? text : `${text.slice(0, -decimals)}.${text.slice(-decimals)}`;
  };
  await writeFile(
    join(dir, 'wallets.json'),
    JSON.stringify(ASSETS.slice(1).map(([symbol, decimals], i) => ({ id: `${symbol}-cold`, asset: symbol, tier: 'cold', purpose: 'customer', amount: formatMinor(totals[i + 1]!, decimals) }))),
  );
  return rows;
}

function report(label: string, rows: number, seconds: number): number {
  const rate = rows / seconds;
  console.log(`${label.padEnd(44)} ${seconds.toFixed(2).padStart(8)} s  ${Math.round(rate).toLocaleString('en-US').padStart(12)} rows/s`);
  return rate;
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'hozen-bench-import-'));
  const snapshot_dir = join(work, 'snapshot');
  try {
    let started = performance.now();
    const rows = await writeBenchSnapshot(snapshot_dir);
    console.log(`bench/import: ${ACCOUNTS.toLocaleString('en-US')} accounts × ${ASSETS.length} assets = ${rows.toLocaleString('en-US')} balance rows (written in ${((performance.now() - started) / 1000).toFixed(1)} s)`);

    if (process.env.BENCH_SKIP_PGLITE !== '1') {
      const store = await openStore({ db_dir: join(work, 'pglite') });
      try {
        started = performance.now();
        await importSnapshot({ store }, { dir: snapshot_dir });
        report('validated import → PGlite', rows, (performance.now() - started) / 1000);
      } finally {
        await store.close();
      }
    }

    if (!(await postgresReachable())) {
      console.log(`PostgreSQL at ${DATABASE_URL.replace(/:[^:@/]*@/, '@')} unreachable: PostgreSQL half skipped`);
      return;
    }
    const schema = `hozen_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA ${schema}`);
      // The comparator: PostgreSQL's own COPY of the same CSV, no validation, into the same column
      // types Hozen uses (numeric amounts), in one transaction.
      await admin.query(`CREATE TABLE ${schema}.copy_balances (account_id text NOT NULL, asset text NOT NULL, amount numeric NOT NULL)`);
      started = performance.now();
      await admin.query('BEGIN');
      await pipeline(createReadStream(join(snapshot_dir, 'balances.csv'), { highWaterMark: 1 << 20 }), admin.query(copyFrom(`COPY ${schema}.copy_balances FROM STDIN WITH (FORMAT csv, HEADER true)`)));
      await admin.query('COMMIT');
      const copy_rate = report('PostgreSQL COPY (no validation)', rows, (performance.now() - started) / 1000);

      const store = await openStore({ database_url: DATABASE_URL, pg_schema: schema });
      let hozen_rate: number;
      try {
        started = performance.now();
        await importSnapshot({ store }, { dir: snapshot_dir });
        hozen_rate = report('validated import → PostgreSQL', rows, (performance.now() - started) / 1000);
      } finally {
        await store.close();
      }
      console.log(`ratio validated import / COPY on PostgreSQL: ${(hozen_rate / copy_rate).toFixed(2)}× (target ≥ 0.5×)`);
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
