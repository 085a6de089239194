// What the service benches (bench/request-cost.ts, bench/proof-serve.ts) stand on: a store in a
// temporary directory with one imported demo snapshot, the service's master secret in a file
// (HOZEN_PROOF_SECRET_FILE), an officer's token, customer users with their tokens, and the
// snapshot's proof tree built through the API, plus download tokens for some of its customers.
// The benches then serve it each their own way (a socket, or the app's fetch in the process).

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { serve, type ServerType } from '@hono/node-server';
import { join, resolve } from 'node:path';
import { addToken, addUser } from '../../src/app/accounts.ts';
import { checkSnapshot } from '../../src/app/check.ts';
import { importSnapshot } from '../../src/app/import.ts';
import { generateDemo } from '../../src/demo/generate.ts';
import { downloadToken } from '../../src/proof/download-token.ts';
import { fromHex } from '../../src/proof/format.ts';
import { openStoreHandle } from '../../src/store/open.ts';
import { LOCAL_TENANT, type Actor, type StoreHandle } from '../../src/store/types.ts';
import { SYNTHETIC_TREE, syntheticAccountId, syntheticTree } from './synthetic-balances.ts';

const ADMIN: Actor = { type: 'cli', id: 'bench', role: null, tenant: null };
export const MASTER_SECRET_HEX = 'ab'.repeat(32);
const CUSTOMER_USERS = 8;

export interface BenchRequest {
  path: string;
  headers?: Record<string, string>;
}

export interface BenchService {
  work: string;
  handle: StoreHandle;
  /** The service's data directory (its proof trees are under tenants/<tenant>/proofs/<snapshot>). */
  data_dir: string;
  snapshot_id: string;
  master_secret: Uint8Array;
  /** Account ids of the demo, the first few of balances.csv. */
  accounts: string[];
  officer_headers: Record<string, string>;
  /** One per customer user, each of another account. */
  customer_headers: Record<string, string>[];
  /** Builds the snapshot's tree through POST /api/v1/snapshots/{id}/prove, as an officer. */
  prove(request: (path: string, init: RequestInit) => Response | Promise<Response>): Promise<void>;
  /** A download path for each account of the demo's tree. */
  downloadPaths(accounts: readonly string[], snapshot_id?: string): BenchRequest[];
  close(): Promise<void>;
}

export async function openBenchService(options: { name: string; accounts: number; accounts_kept: number; check?: boolean }): Promise<BenchService> {
  const work = await mkdtemp(join(tmpdir(), `hozen-bench-${options.name}-`));
  const handle = await openStoreHandle({ db_dir: join(work, 'db') });
  try {
    const demo = join(work, 'demo');
    await generateDemo({ out_dir: demo, accounts: options.accounts, seed: 1 });
    const store = await handle.forTenant(LOCAL_TENANT, ADMIN);
    const { snapshot_id } = await importSnapshot({ store }, { dir: demo });
    if (options.check === true) await checkSnapshot({ store }, { snapshot: { id: snapshot_id } });
    const secret_file = join(work, 'master.hex');
    await writeFile(secret_file, MASTER_SECRET_HEX + '\n');
    process.env.HOZEN_PROOF_SECRET_FILE = secret_file;
    const master_secret = fromHex(MASTER_SECRET_HEX);
    const accounts = [...new Set(readFileSync(join(demo, 'balances.csv'), 'utf8').split('\n').slice(1, 4000).map((line) => line.split(',')[0]!).filter((a) => a !== ''))].slice(0, options.accounts_kept);

    const { user: officer } = await addUser({ handle, actor: ADMIN }, { name: 'bench-officer', role: 'officer', tenant: LOCAL_TENANT, password: 'a long enough password' });
    const officer_headers = { authorization: `Bearer ${(await addToken({ handle, actor: ADMIN }, { user: officer, label: 'bench', now_ms: Date.now() })).token}` };
    const customer_headers: Record<string, string>[] = [];
    for (const [i, account_id] of accounts.slice(0, CUSTOMER_USERS).entries()) {
      const { user } = await addUser({ handle, actor: ADMIN }, { name: `bench-customer-${i}`, role: 'customer', tenant: LOCAL_TENANT, account_id, password: 'a long enough password' });
      customer_headers.push({ authorization: `Bearer ${(await addToken({ handle, actor: ADMIN }, { user, label: 'bench', now_ms: Date.now() })).token}` });
    }
    return {
      work,
      handle,
      data_dir: join(work, 'service'),
      snapshot_id,
      master_secret,
      accounts,
      officer_headers,
      customer_headers,
      prove: async (request) => {
        const built = await request(`/api/v1/snapshots/${snapshot_id}/prove`, { method: 'POST', headers: officer_headers });
        if (built.status !== 200) throw new Error(`prove: ${built.status} ${await built.text()}`);
      },
      downloadPaths: (ids, of = snapshot_id) => ids.map((account_id) => ({ path: `/api/v1/proof/download/${downloadToken(master_secret, { tenant_id: LOCAL_TENANT, snapshot_id: of, account_id })}` })),
      close: async () => {
        await handle.close();
        await rm(work, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await handle.close();
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}

/** `fetch` served on @hono/node-server on a free loopback port. */
export function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve({ server, url: `http://127.0.0.1:${info.port}` }));
  });
}

/** The options of a bench that can also serve a synthetic tree (parseArgs). */
export const TREE_OPTIONS = { 'tree-customers': { type: 'string' }, 'tree-dir': { type: 'string' }, 'tree-tokens': { type: 'string' } } as const;
const TREE_ASSETS = 10;

/**
 * --tree-customers N: the synthetic tree of N customers × 10 assets (bench/prove.ts's), built in
 * --tree-dir (kept, and reused by a later run) or in the bench's directory (removed with it),
 * linked where the service looks for the tenant's tree of its snapshot, and download paths for
 * --tree-tokens (default 10,000) random customers of it. null without --tree-customers.
 */
export async function syntheticTreeDownloads(bench: BenchService, options: { 'tree-customers'?: string; 'tree-dir'?: string; 'tree-tokens'?: string }): Promise<{ downloads: BenchRequest[]; label: string; note: string } | null> {
  if (options['tree-customers'] === undefined) return null;
  const customers = Number(options['tree-customers']);
  const tokens = Number(options['tree-tokens'] ?? 10_000);
  if (!Number.isInteger(customers) || customers < 1 || !Number.isInteger(tokens) || tokens < 1) throw new RangeError('--tree-customers and --tree-tokens take a positive count');
  const dir = resolve(options['tree-dir'] ?? join(bench.work, 'synthetic-tree'));
  const { built, build_ms } = await syntheticTree(dir, customers, TREE_ASSETS, bench.master_secret);
  // The service finds a tenant's tree of a snapshot in its data directory: the synthetic one is linked there.
  const proofs = join(bench.data_dir, 'tenants', LOCAL_TENANT, 'proofs');
  mkdirSync(proofs, { recursive: true });
  symlinkSync(dir, join(proofs, SYNTHETIC_TREE.snapshot_id));
  let state = 4_242;
  const pick = (): string => syntheticAccountId((state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) % customers);
  const label = `${customers.toLocaleString('en')}-customer tree`;
  const note = `synthetic tree of ${customers.toLocaleString('en')} customers × ${TREE_ASSETS} assets ${built ? `built in ${(build_ms / 1000).toFixed(0)} s` : `reused from ${dir}`}, tokens of ${tokens.toLocaleString('en')} random customers`;
  return { downloads: bench.downloadPaths(Array.from({ length: tokens }, pick), SYNTHETIC_TREE.snapshot_id), label, note };
}
