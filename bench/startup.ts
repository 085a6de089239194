// Start-up of the `hozen` command, against what it cannot beat, in the same run:
//
//   npx tsx bench/startup.ts [repetitions]        (default 9; medians)
//
// Targets: `hozen --help` and `hozen --version` ≤ 5× `node -e 0`; `hozen snapshots` on PGlite ≤
// 1.5× a bare PGlite open of the same store plus one SELECT. Each command runs as a new process,
// the way a user or a cron job starts it; the runs are interleaved so that load on the machine
// falls on all of them alike. Setup (a store holding the example snapshot) is not timed.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const REPETITIONS = Number(process.argv[2] ?? 9);
const HOZEN = join(ROOT, 'bin/hozen.js');

const db_dir = mkdtempSync(join(tmpdir(), 'hozen-startup-'));
/** The same SELECT `hozen snapshots` sends, on the same store, with nothing else loaded. */
const BARE_PGLITE = `
import { PGlite } from '@electric-sql/pglite';
const db = await PGlite.create(${JSON.stringify(join(db_dir, 'pglite'))});
const { rows } = await db.query("SELECT id, content_sha256, exchange_id, exchange_name, as_of, base_currency, balance_rows, imported_at FROM snapshots WHERE tenant_id = 'local' ORDER BY key");
if (rows.length !== 1) throw new Error('expected one snapshot, found ' + rows.length);
await db.close();
`;

interface Case {
  name: string;
  args: string[];
}

const CASES: Case[] = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'hozen --help', args: [HOZEN, '--help'] },
  { name: 'hozen --version', args: [HOZEN, '--version'] },
  { name: 'bare PGlite open + SELECT', args: ['--input-type=module', '-e', BARE_PGLITE] },
  { name: 'hozen snapshots (PGlite)', args: [HOZEN, 'snapshots', '--db', db_dir] },
];

function runOnce(c: Case): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, c.args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, HOZEN_LANG: 'en' } });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${c.name} exited ${result.status}: ${result.stderr}`);
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

try {
  execFileSync(process.execPath, [HOZEN, 'import', join(ROOT, 'examples/snapshot'), '--db', db_dir], { cwd: ROOT, stdio: 'ignore' });
  // One untimed round warms the file cache for every case alike.
  for (const c of CASES) runOnce(c);
  const times = new Map<string, number[]>(CASES.map((c) => [c.name, []]));
  for (let r = 0; r < REPETITIONS; r++) for (const c of CASES) times.get(c.name)!.push(runOnce(c));
  const med = new Map([...times].map(([name, ms]) => [name, median(ms)]));
  console.log(`start-up, ${REPETITIONS} runs each, median (min–max) ms:`);
  for (const [name, ms] of times) console.log(`  ${name.padEnd(28)} ${med.get(name)!.toFixed(0).padStart(6)}  (${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)})`);
  const ratio = (a: string, b: string, target: number): void => {
    const value = med.get(a)! / med.get(b)!;
    console.log(`  ${`${a} / ${b}`.padEnd(56)} ${value.toFixed(2)}×  (target ≤ ${target}×: ${value <= target ? 'met' : 'not met'})`);
  };
  console.log('ratios:');
  ratio('hozen --help', 'node -e 0', 5);
  ratio('hozen --version', 'node -e 0', 5);
  ratio('hozen snapshots (PGlite)', 'bare PGlite open + SELECT', 1.5);
} finally {
  rmSync(db_dir, { recursive: true, force: true });
}
