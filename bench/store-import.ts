// Bulk load and scan speed of the store's balances, on PGlite and (when reachable) PostgreSQL.
//
//   npx tsx bench/store-import.ts [rows] [rounds]        (default 1,000,000 rows, 3 rounds)
//
// Prints rows/s for: the COPY baseline (pre-encoded rows straight into the balances table: the
// least any loader must do); the store's appendBalances (encode, check, sum, COPY); a validated
// import (parse each CSV line and its amount with parseAmount, then appendBalances); and a
// full scan of the stored balances. The target: validated import ≥ 0.5 × the COPY baseline.

import { importBatchOf } from '../src/snapshot/memory.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { parseAmount } from '../src/money/index.ts';
import { fixtureSnapshot } from '../src/snapshot/fixture.ts';
import type { BalanceBatch, Snapshot } from '../src/snapshot/types.ts';
import type { Adapter } from '../src/store/adapter.ts';
import { copyField } from '../src/encoding/copy-text.ts';
import { openPgliteAdapter } from '../src/store/pglite.ts';
import { openPostgresAdapter } from '../src/store/postgres.ts';
import { BALANCE_BATCH_ROWS_DEFAULT } from '../src/snapshot/memory.ts';
import { createStoreHandle } from '../src/store/store.ts';
import { LOCAL_TENANT } from '../src/store/types.ts';
import { cliActor } from '../src/store/open.ts';
import { TEST_DATABASE_URL, postgresReachable } from '../src/store/testing.ts';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const DECIMALS: Record<string, number> = { BTC: 8, ETH: 18, JPY: 0 };
const SYMBOLS = ['BTC', 'ETH', 'JPY'] as const;

/** A deterministic balances.csv body: realistic ids, one in three rows in wei. */
function csvLines(rows: number): string[] {
  const lines: string[] = new Array<string>(rows);
  let x = 0x2545f491n;
  for (let i = 0; i < rows; i += 1) {
    x = (x * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    const symbol = SYMBOLS[i % 3]!;
    const decimals = DECIMALS[symbol]!;
    const digits = (x % 10n ** BigInt(decimals + 4)).toString().padStart(decimals + 1, '0');
    const amount = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
    lines[i] = `U${(1_000_000_000 + i).toString(36)},${symbol},${amount}`;
  }
  return lines;
}

function perSecond(rows: number, ms: number): string {
  return `${Math.round((rows / ms) * 1000).toLocaleString('en-US')} rows/s (${(ms / 1000).toFixed(2)} s)`;
}

function header(id: string): Snapshot {
  return fixtureSnapshot({ id, assets: { BTC: 8, ETH: 18 } });
}

async function bench(name: string, adapter: Adapter, lines: string[]): Promise<void> {
  console.log(`\n${name} — ${adapter.location}, ${ROWS.toLocaleString('en-US')} rows, best of ${ROUNDS} rounds`);
  // Parsed once, for the timings that leave parsing out.
  const parsed: BalanceBatch[] = [];
  for (let start = 0; start < lines.length; start += BALANCE_BATCH_ROWS_DEFAULT) {
    parsed.push(parseBatch(lines.slice(start, start + BALANCE_BATCH_ROWS_DEFAULT)));
  }
  const encoded = parsed.map((batch, b) =>
    Buffer.from(batch.account_id.map((account, i) => `${b * BALANCE_BATCH_ROWS_DEFAULT + i + 2}\t${copyField(account, () => '', 0)}\t${batch.asset[i]}\t${batch.amount_minor[i]}\n`).join('')),
  );
  const store = await createStoreHandle(adapter).forTenant(LOCAL_TENANT, cliActor());
  const totals = header('totals').manifest.assets.map((a) => {
    let total_minor = 0n;
    let accounts = 0;
    for (const batch of parsed) {
      batch.asset.forEach((symbol, i) => {
        if (symbol !== a.symbol) return;
        total_minor += batch.amount_minor[i]!;
        accounts += 1;
      });
    }
    return { asset: a.symbol, total_minor, accounts };
  });
  const importTimed = async (batches: () => Iterable<BalanceBatch>): Promise<{ id: string; ms: number }> => {
    const snapshot = header(`bench-${randomBytes(4).toString('hex')}`);
    const t0 = performance.now();
    await store.importSnapshot(async (writer) => {
      await writer.insertHeader(snapshot);
      let line = 2;
      for (const batch of batches()) {
        await writer.appendBalances(snapshot.id, importBatchOf(batch, line));
        line += batch.length;
      }
      await writer.finish(snapshot.id, totals, ROWS);
      await writer.appendAudit({ kind: 'import', subject: snapshot.id, inputs_sha256: '0'.repeat(64), details: {} });
    });
    return { id: snapshot.id, ms: performance.now() - t0 };
  };
  const best = { baseline: Infinity, append: Infinity, validated: Infinity, scan: Infinity };
  // Rounds alternate the paths, so that a burst of load on the machine hits them alike.
  for (let round = 0; round < ROUNDS; round += 1) {
    // 1. COPY baseline: rows already COPY text (UTF-8), one COPY per batch, one transaction, into
    // an empty table like a partition of balances (same columns, the key's default, no index).
    await adapter.query('CREATE TABLE balances_baseline (LIKE balances)');
    await adapter.query('ALTER TABLE balances_baseline ALTER COLUMN snapshot_key SET DEFAULT 1');
    let t0 = performance.now();
    await adapter.transaction(async (tx) => {
      for (const bytes of encoded) await tx.copyFrom('balances_baseline', ['line', 'account_id', 'asset', 'amount_minor'], bytes);
    });
    best.baseline = Math.min(best.baseline, performance.now() - t0);
    await adapter.query('DROP TABLE balances_baseline');
    // 2. appendBalances from parsed batches: encode, check, sum, COPY.
    const appended = await importTimed(() => parsed);
    best.append = Math.min(best.append, appended.ms);
    // 3. Validated import: CSV lines parsed and checked (parseAmount) batch by batch, as the snapshot reader does.
    const validated = await importTimed(function* () {
      for (let start = 0; start < lines.length; start += BALANCE_BATCH_ROWS_DEFAULT) yield parseBatch(lines.slice(start, start + BALANCE_BATCH_ROWS_DEFAULT));
    });
    best.validated = Math.min(best.validated, validated.ms);
    // 4. A full scan in line order.
    const loaded = await store.loadSnapshot(appended.id);
    let scanned = 0;
    t0 = performance.now();
    for await (const batch of loaded.balances.scan()) scanned += batch.length;
    best.scan = Math.min(best.scan, performance.now() - t0);
    if (scanned !== ROWS) throw new Error(`scanned ${scanned} rows, expected ${ROWS}`);
  }
  console.log(`  COPY baseline                      ${perSecond(ROWS, best.baseline)}`);
  console.log(`  appendBalances (parsed batches)    ${perSecond(ROWS, best.append)}  = ${(best.baseline / best.append).toFixed(2)} × baseline`);
  console.log(`  validated import (parse + append)  ${perSecond(ROWS, best.validated)}  = ${(best.baseline / best.validated).toFixed(2)} × baseline (target ≥ 0.5)`);
  console.log(`  scan (batches of 65,536)           ${perSecond(ROWS, best.scan)}`);
  await store.close();
}

function parseBatch(lines: string[]): BalanceBatch {
  const batch: BalanceBatch = { length: lines.length, account_id: [], asset: [], amount_minor: [] };
  for (const line of lines) {
    const first = line.indexOf(',');
    const second = line.indexOf(',', first + 1);
    const symbol = line.slice(first + 1, second);
    const decimals = DECIMALS[symbol];
    if (first < 1 || second < 0 || decimals === undefined) throw new Error(`bad line ${line}`);
    batch.account_id.push(line.slice(0, first));
    batch.asset.push(symbol);
    batch.amount_minor.push(parseAmount(line.slice(second + 1), decimals));
  }
  return batch;
}

const lines = csvLines(ROWS);
const dir = mkdtempSync(join(tmpdir(), 'hozen-bench-'));
try {
  await bench('PGlite', await openPgliteAdapter(join(dir, 'pglite'), dir), lines);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (await postgresReachable()) {
  const schema = `hozen_bench_${randomBytes(4).toString('hex')}`;
  const adapter = await openPostgresAdapter({ url: TEST_DATABASE_URL, schema });
  try {
    await bench('PostgreSQL', adapter, lines);
  } finally {
    const cleanup = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await cleanup.connect();
    await cleanup.query(`DROP SCHEMA "${schema}" CASCADE`);
    await cleanup.end();
  }
} else {
  console.log(`\nPostgreSQL at ${TEST_DATABASE_URL}: not reachable, skipped`);
}
