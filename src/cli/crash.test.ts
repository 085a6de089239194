// Crash safety: `hozen import` and `hozen compensate` run as child processes and are killed with
// SIGKILL at random points of their work, on PGlite and on PostgreSQL. Afterwards the store
// verifies, lists no partial snapshot, the output directory holds the complete set or nothing
// (only `.partial` names beside it), and a re-run completes the work idempotently with the same
// bytes as a run that was never interrupted. The PostgreSQL half is skipped, by name, when no
// server answers. HOZEN_CRASH_TRIALS sets the trials per operation and store (default 3).

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compensateIncident, OUTPUT_FILES } from '../app/compensate.ts';
import { importSnapshot } from '../app/import.ts';
import { generateDemo } from '../demo/generate.ts';
import { adminStatement, createTestDatabase, postgresReachable, TEST_DATABASE_URL } from '../store/testing.ts';
import { openStore } from '../store/open.ts';
import type { Store, StoreKind } from '../store/types.ts';
import { runCli } from './main.ts';

const TRIALS = Number(process.env.HOZEN_CRASH_TRIALS ?? 3);
const BIN = new URL('../../bin/hozen.js', import.meta.url).pathname;
const reachable = await postgresReachable();
let work = '';
let exchange = '';
let incident = '';

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'hozen-crash-'));
  exchange = join(work, 'exchange');
  await generateDemo({ out_dir: exchange, accounts: 8_000, seed: 9 });
  incident = join(work, 'incident.json');
  writeFileSync(
    incident,
    JSON.stringify({
      format: 'hozen-incident/1',
      id: 'INC-CRASH',
      occurred_at: '2026-11-24T21:00:00+09:00',
      detected_at: '2026-11-24T23:00:00+09:00',
      peril: 'external_hack',
      losses: [{ wallet_id: 'btc-hot-1', asset: 'BTC', amount: '0.04' }],
      affected: { mode: 'holders_of_asset' },
    }),
  );
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A store the child processes and this one take turns on: a fresh copy per trial. */
interface Place {
  env: NodeJS.ProcessEnv;
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

type Places = { fresh(): Promise<Place>; from(prepared: Place): Promise<Place>; dispose(): Promise<void> };

const { DATABASE_URL: _url, HOZEN_DB: _db, LANG: _lang, LC_ALL: _lc, ...base_env } = process.env;

async function places(kind: StoreKind): Promise<Places> {
  if (kind === 'pglite') {
    const made: string[] = [];
    const at = (dir: string): Place => ({ env: { ...base_env, HOZEN_DB: dir, HOZEN_LANG: 'en' }, open: () => openStore({ db_dir: dir }), dispose: async () => rmSync(dir, { recursive: true, force: true }) });
    return {
      async fresh() {
        const database = await createTestDatabase('pglite');
        made.push(database.dir!);
        return at(database.dir!);
      },
      async from(prepared) {
        const dir = mkdtempSync(join(tmpdir(), 'hozen-crash-store-'));
        made.push(dir);
        cpSync(prepared.env.HOZEN_DB!, dir, { recursive: true });
        return at(dir);
      },
      async dispose() {
        for (const dir of made) rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  // A database per trial, copied from a migrated template (CREATE DATABASE … TEMPLATE is cheap).
  const prefix = `hozen_crash_${process.pid}_`;
  const made: string[] = [];
  let counter = 0;
  const urlOf = (name: string): string => {
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const create = async (template: string | null): Promise<Place> => {
    const name = `${prefix}${counter++}`;
    await adminStatement(`CREATE DATABASE "${name}"${template === null ? '' : ` TEMPLATE "${template}"`}`);
    made.push(name);
    const url = urlOf(name);
    return { env: { ...base_env, DATABASE_URL: url, HOZEN_LANG: 'en' }, open: () => openStore({ database_url: url }), dispose: () => adminStatement(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
  };
  const template = await create(null);
  await (await template.open()).close();
  const nameOf = (place: Place): string => new URL(place.env.DATABASE_URL!).pathname.slice(1);
  return {
    fresh: () => create(nameOf(template)),
    from: (prepared) => create(nameOf(prepared)),
    async dispose() {
      for (const name of made) await adminStatement(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
    },
  };
}

/** Runs the CLI in a child; kills it with SIGKILL after `kill_ms` unless it ended first. */
function child(args: string[], env: NodeJS.ProcessEnv, kill_ms: number | null): Promise<{ killed: boolean; ms: number; code: number | null }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const proc = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = kill_ms === null ? null : setTimeout(() => proc.kill('SIGKILL'), kill_ms);
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      if (timer !== null) clearTimeout(timer);
      const ms = performance.now() - started;
      if (signal === null && code !== 0) reject(new Error(`hozen ${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve({ killed: signal === 'SIGKILL', ms, code });
    });
  });
}

async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const result = await runCli([...args, '--lang', 'en'], env);
  if (result.exit_code !== 0) throw new Error(`hozen ${args.join(' ')} exited ${result.exit_code}: ${result.stderr}`);
  return result.stdout;
}

/** Kill points spread over the clean run's span, one in each part, skipping the first 30% (tsx loading). */
function killPoints(clean_ms: number): number[] {
  return Array.from({ length: TRIALS }, (_, i) => Math.round(clean_ms * (0.3 + (0.7 * (i + Math.random())) / TRIALS)));
}

async function withStore<T>(place: Place, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await place.open();
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

const outcomes: string[] = [];
afterAll(() => {
  if (outcomes.length > 0) console.log(`crash trials:\n  ${outcomes.join('\n  ')}`);
});

function crashSuite(kind: StoreKind): void {
  let p: Places;
  beforeAll(async () => {
    p = await places(kind);
  }, 60_000);
  afterAll(async () => p?.dispose());

  it(`import killed at random points leaves the snapshot whole or absent; a re-run stores it byte for byte`, async () => {
    // The reference: an import never interrupted, timed.
    const clean = await p.fresh();
    const run = await child(['import', exchange], clean.env, null);
    const reference = await withStore(clean, async (store) => {
      const [snapshot] = await store.listSnapshots();
      return { snapshot: snapshot!, digest: await store.verifySnapshot(snapshot!.id) };
    });
    expect(reference.digest.ok).toBe(true);
    for (const kill_ms of killPoints(run.ms)) {
      const place = await p.fresh();
      const killed = await child(['import', exchange], place.env, kill_ms);
      // One store opening for every check and both re-runs (opening PGlite costs seconds).
      const { after, final } = await withStore(place, async (store) => {
        const after = { audit: await store.verifyAudit(), snapshots: await store.listSnapshots() };
        await importSnapshot({ store }, { dir: exchange });
        const again = await importSnapshot({ store }, { dir: exchange });
        const final = { again, audit: await store.verifyAudit(), snapshots: await store.listSnapshots(), entries: await store.auditEntries(), digest: await store.verifySnapshot(reference.snapshot.id) };
        return { after, final };
      });
      expect(after.audit.ok).toBe(true);
      // Nothing partial: the snapshot is there whole, or not at all.
      expect(after.snapshots.length).toBeLessThanOrEqual(1);
      for (const s of after.snapshots) expect(s.balance_rows).toBe(reference.snapshot.balance_rows);
      expect(final.again.status).toBe('exists');
      expect(final.audit.ok).toBe(true);
      expect(final.snapshots.map((s) => s.id)).toEqual([reference.snapshot.id]);
      expect(final.entries.filter((e) => e.kind === 'import')).toHaveLength(1);
      expect(final.digest).toMatchObject({ ok: true, sha256: (reference.digest as { sha256: string }).sha256, rows: reference.snapshot.balance_rows });
      outcomes.push(`${kind} import killed at ${kill_ms} ms of ${Math.round(run.ms)}: ${killed.killed ? 'killed' : 'had finished'}, ${after.snapshots.length === 0 ? 'nothing stored' : 'snapshot stored whole'}; verified; re-run identical`);
      await place.dispose();
    }
  }, 240_000);

  it(`compensate killed at random points leaves --out whole or absent; a re-run writes the same bytes and stores the run once`, async () => {
    const prepared = await p.fresh();
    await cli(['import', exchange], prepared.env);
    const [snapshot] = await withStore(prepared, (store) => store.listSnapshots());
    const args = (out: string) => ['compensate', snapshot!.id, incident, '--out', out];
    // The reference: a run never interrupted, on a copy of the prepared store, timed.
    const clean = await p.from(prepared);
    const reference_dir = join(work, `${kind}-reference`);
    const run = await child(args(reference_dir), clean.env, null);
    const reference = new Map(OUTPUT_FILES.map((f) => [f, readFileSync(join(reference_dir, f))]));
    const sameAsReference = (dir: string): void => {
      expect(readdirSync(dir).sort()).toEqual([...OUTPUT_FILES].sort());
      for (const [file, bytes] of reference) expect(readFileSync(join(dir, file)).equals(bytes), file).toBe(true);
    };
    let trial = 0;
    for (const kill_ms of killPoints(run.ms)) {
      const place = await p.from(prepared);
      const parent = join(work, `${kind}-trial-${trial++}`);
      const out = join(parent, 'out');
      const killed = await child(args(out), place.env, kill_ms);
      const published = existsSync(out);
      // The complete set or nothing under the final name.
      if (published) sameAsReference(out);
      const leftovers = existsSync(parent) ? readdirSync(parent).filter((n) => n !== 'out') : [];
      for (const name of leftovers) expect(name).toMatch(/\.partial$/);
      const { after, final } = await withStore(place, async (store) => {
        const after = { audit: await store.verifyAudit(), runs: await store.listRuns({ kind: 'compensate' }) };
        await compensateIncident({ store }, { snapshot: { id: snapshot!.id }, incident: { name: incident, text: readFileSync(incident, 'utf8') }, out_dir: out });
        const final = { audit: await store.verifyAudit(), runs: await store.listRuns({ kind: 'compensate' }), entries: await store.auditEntries() };
        return { after, final };
      });
      expect(after.audit.ok).toBe(true);
      // Files under their final names always have their stored run.
      if (published) expect(after.runs).toHaveLength(1);
      sameAsReference(out);
      expect(readdirSync(parent)).toEqual(['out']);
      expect(final.audit.ok).toBe(true);
      expect(final.runs).toHaveLength(1);
      expect(final.entries.filter((e) => e.kind === 'compensate')).toHaveLength(1);
      outcomes.push(
        `${kind} compensate killed at ${kill_ms} ms of ${Math.round(run.ms)}: ${killed.killed ? 'killed' : 'had finished'}, --out ${published ? 'complete' : 'absent'}, run ${after.runs.length === 0 ? 'not stored' : 'stored'}, ${leftovers.length} .partial left (removed by the re-run); re-run identical`,
      );
      await place.dispose();
    }
  }, 240_000);
}

describe('crash safety: PGlite', () => crashSuite('pglite'));
describe.skipIf(!reachable)(`crash safety: PostgreSQL (${new URL(TEST_DATABASE_URL).host})`, () => crashSuite('postgres'));
