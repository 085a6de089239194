// The demo writes into a new or empty directory, or, with `force`, over an earlier snapshot; it
// refuses a directory holding anything else, so `hozen demo --out` can never overwrite a user's own
// files, and without `force` it names the snapshot it would replace (a real exchange's data looks
// just like a demo's from the file names).

import type { Stats } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { echo } from '../input/text.ts';

export const DEMO_FILES = ['exchange.json', 'balances.csv', 'wallets.json', 'prices.csv', 'safe_assets.csv', 'contracts.json', 'policies.json', 'compensation-policy.json'] as const;
export type DemoFile = (typeof DEMO_FILES)[number];

/** Node's codes for failures a user can fix (permissions, full disk, a file in the way). */
const USER_FS_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'EISDIR', 'EEXIST', 'ENAMETOOLONG', 'ELOOP']);

export async function prepareOutDir(out_dir: string, options: { force?: boolean } = {}): Promise<void> {
  const existing = await fsStep(out_dir, () => statOrNull(out_dir));
  if (existing !== null && !existing.isDirectory()) throw new UserError('demo.out_dir_not_directory', { path: out_dir });
  if (existing === null) {
    await fsStep(out_dir, () => mkdir(out_dir, { recursive: true }));
    return;
  }
  const entries = (await fsStep(out_dir, () => readdir(out_dir))).sort();
  const foreign = entries.find((entry) => !(DEMO_FILES as readonly string[]).includes(entry));
  if (foreign !== undefined) throw new UserError('demo.out_dir_not_empty', { path: out_dir, entry: foreign });
  // Without a manifest the files are no snapshot (an interrupted demo removes it first).
  if (entries.includes('exchange.json') && options.force !== true) throw new UserError('demo.out_dir_holds_snapshot', { path: out_dir, ...(await describeSnapshot(out_dir)), files: entries.length });
  // Remove the earlier manifest first: until the new one is written the directory is no snapshot.
  const manifest = join(out_dir, 'exchange.json');
  await fsStep(manifest, () => rm(manifest, { force: true }));
}

/** What the manifest says the directory holds, for the refusal; '?' where it cannot be read. */
async function describeSnapshot(dir: string): Promise<{ exchange: string; as_of: string }> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, 'exchange.json'), 'utf8').then((t) => t.replace(/^\uFEFF/, ''))) as { exchange?: { name?: unknown; id?: unknown }; as_of?: unknown };
    const name = manifest.exchange?.name ?? manifest.exchange?.id;
    return { exchange: typeof name === 'string' ? echo(name) : '?', as_of: typeof manifest.as_of === 'string' ? echo(manifest.as_of) : '?' };
  } catch {
    return { exchange: '?', as_of: '?' };
  }
}

/** Runs a file-system step, turning failures the user can fix into a UserError naming the path. */
export async function fsStep<T>(path: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const code = errorCode(error);
    if (code !== undefined && USER_FS_CODES.has(code)) throw new UserError('demo.write_failed', { path, reason: code });
    throw error;
  }
}

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
