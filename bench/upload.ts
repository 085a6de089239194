// A large snapshot uploaded and imported through the API (`POST /api/v1/snapshots`, a tar streamed
// from disk), beside the comparator in the same run: `hozen import`'s use case on the same
// directory into a store of its own (no HTTP, no tar). Embedded store (PGlite) unless
// DATABASE_URL is set. The tar is written to disk and sent as a stream: neither side holds it whole.
//
//   npx tsx bench/upload.ts [accounts …]     (default 500,000 accounts ≈ 1M balance rows)

import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import pg from 'pg';
import { create as createTar } from 'tar';
import { addToken, addUser } from '../src/app/accounts.ts';
import { importSnapshot } from '../src/app/import.ts';
import { generateDemo } from '../src/demo/generate.ts';
import { SNAPSHOT_FILES } from '../src/snapshot/read/directory.ts';
import { openStoreHandle } from '../src/store/open.ts';
import { LOCAL_TENANT, type Actor } from '../src/store/types.ts';
import { startService } from '../src/service/serve.ts';

const ADMIN: Actor = { type: 'cli', id: 'bench', role: null, tenant: null };
const SIZES = process.argv.slice(2).map(Number);
const database_url = process.env.DATABASE_URL;

for (const accounts of SIZES.length === 0 ? [500_000] : SIZES) {
  const work = await mkdtemp(join(tmpdir(), 'hozen-bench-upload-'));
  try {
    const dir = join(work, 'snapshot');
    const generated_started = performance.now();
    await generateDemo({ out_dir: dir, accounts, seed: 3 });
    const tar_path = join(work, 'snapshot.tar');
    await pipeline(createTar({ cwd: dir, portable: true }, [...SNAPSHOT_FILES]) as unknown as Readable, createWriteStream(tar_path));
    const tar_bytes = (await stat(tar_path)).size;
    const generated_s = (performance.now() - generated_started) / 1000;

    // The comparator: the import use case itself, on a store of its own.
    const direct_handle = await openStoreHandle(database_url === undefined ? { db_dir: join(work, 'direct-db') } : { database_url, pg_schema: `bench_upload_direct_${process.pid}` });
    const direct_started = performance.now();
    const direct = await importSnapshot({ store: await direct_handle.forTenant(LOCAL_TENANT, ADMIN) }, { dir });
    const direct_s = (performance.now() - direct_started) / 1000;
    await direct_handle.close();
    await rm(join(work, 'direct-db'), { recursive: true, force: true });

    const handle = await openStoreHandle(database_url === undefined ? { db_dir: join(work, 'db') } : { database_url, pg_schema: `bench_upload_${process.pid}` });
    const { user } = await addUser({ handle, actor: ADMIN }, { name: 'bench-officer', role: 'officer', tenant: LOCAL_TENANT, password: 'a long enough password' });
    const { token } = await addToken({ handle, actor: ADMIN }, { user, label: 'bench', now_ms: Date.now() });
    const service = await startService(handle, { host: '127.0.0.1', port: 0, data_dir: join(work, 'service'), workers: 0, log_error: (e) => console.error(e) });
    let rss_max = process.memoryUsage().rss;
    const sampler = setInterval(() => (rss_max = Math.max(rss_max, process.memoryUsage().rss)), 200);
    const api_started = performance.now();
    const response = await fetch(`${service.url}/api/v1/snapshots`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-tar', 'content-length': String(tar_bytes) },
      body: Readable.toWeb(createReadStream(tar_path)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    const answer = (await response.json()) as { balance_rows?: number; status?: string; error?: string; snapshot?: string };
    const api_s = (performance.now() - api_started) / 1000;
    clearInterval(sampler);
    await service.close();
    await handle.close();

    const rows = answer.balance_rows ?? 0;
    console.log(
      `${accounts.toLocaleString('en')} accounts, ${rows.toLocaleString('en')} rows, ${(tar_bytes / 1024 ** 2).toFixed(0)} MiB tar (generated in ${generated_s.toFixed(0)} s); store: ${handle.kind}\n` +
        `  hozen import (use case, no HTTP)     ${direct_s.toFixed(1).padStart(6)} s  ${Math.round(direct.balance_rows / direct_s).toLocaleString('en').padStart(9)} rows/s\n` +
        `  POST /api/v1/snapshots (tar stream)  ${api_s.toFixed(1).padStart(6)} s  ${Math.round(rows / api_s).toLocaleString('en').padStart(9)} rows/s  HTTP ${response.status} ${answer.status ?? answer.error ?? ''}\n` +
        `  ratio API / use case: ${(direct_s / api_s).toFixed(2)}; same snapshot id: ${answer.snapshot === direct.snapshot_id}; peak process RSS during the upload ${(rss_max / 1024 ** 2).toFixed(0)} MiB (the tar is ${(tar_bytes / 1024 ** 2).toFixed(0)} MiB)`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
    if (database_url !== undefined) {
      // The schemas are this run's own: leave the shared server as it was.
      const client = new pg.Client({ connectionString: database_url });
      await client.connect();
      for (const schema of [`bench_upload_direct_${process.pid}`, `bench_upload_${process.pid}`]) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  }
}
