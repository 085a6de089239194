// A compensation's output directory appears whole or not at all. Its files are written into a
// staging directory beside it, `<out>.<pid>.partial`; once every file is complete (and the run is
// stored), the staging directory is renamed to `<out>`. A directory that already holds a previous
// set is first renamed aside to `<out>.<pid>.old.partial`, then removed. A process killed at any
// point therefore leaves under the final name either the previous complete set, nothing, or the
// new complete set, and only `.partial` names beside it, which the next run into the same
// directory removes (those of processes no longer alive). docs/formats/compensation.md.

import { mkdir, readFile, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.ts';

export const PARTIAL_SUFFIX = '.partial';

export interface OutputDir {
  /** Where the files are written until published. */
  readonly staging: string;
  /** The final directory. */
  readonly path: string;
  /** Moves the complete set under its final name. */
  publish(): Promise<void>;
  /** Removes the staging directory (after an error). */
  abandon(): Promise<void>;
}

/**
 * Prepares the staging directory for `out_dir`, after removing what crashed runs left. `own_files`
 * are the names a complete set holds: an existing `out_dir` holding anything else is refused, so
 * that replacing it never deletes a file the run did not write.
 */
export interface OutputOwner {
  /** The run about to write; a directory holding another run's set is refused without `force`. */
  run_id: string;
  /** The file of a set that names its run (`{"run_id": …}`). */
  run_file: string;
  force?: boolean;
}

export async function openOutputDir(out_dir: string, own_files: readonly string[], owner?: OutputOwner): Promise<OutputDir> {
  const path = resolve(out_dir);
  const parent = dirname(path);
  const base = basename(path);
  await mkdir(parent, { recursive: true });
  await removeLeftovers(parent, base);
  const existing = await entriesOf(path);
  if (existing !== null) {
    const foreign = existing.filter((name) => !own_files.includes(name) && !name.endsWith(PARTIAL_SUFFIX));
    if (foreign.length > 0) throw new UserError('compensation.out_not_empty', { dir: out_dir, file: foreign.sort()[0]! });
    const own = existing.filter((name) => own_files.includes(name));
    if (owner !== undefined && owner.force !== true && own.length > 0) {
      const other = await runIdOf(join(path, owner.run_file));
      if (other !== owner.run_id) throw new UserError('compensation.out_other_run', { dir: out_dir, run_id: other ?? '?', files: own.length });
    }
  }
  const staging = join(parent, `${base}.${process.pid}${PARTIAL_SUFFIX}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging);
  return {
    staging,
    path,
    async publish() {
      const previous = join(parent, `${base}.${process.pid}.old${PARTIAL_SUFFIX}`);
      let moved_aside = false;
      if ((await entriesOf(path)) !== null) {
        await rm(previous, { recursive: true, force: true });
        await rename(path, previous);
        moved_aside = true;
      }
      await rename(staging, path);
      if (moved_aside) await rm(previous, { recursive: true, force: true });
    },
    async abandon() {
      await rm(staging, { recursive: true, force: true });
    },
  };
}

/** The run a set's run file names, or undefined when it is missing or not one. */
async function runIdOf(file: string): Promise<string | undefined> {
  try {
    const run_id = (JSON.parse(await readFile(file, 'utf8')) as { run_id?: unknown }).run_id;
    return typeof run_id === 'string' && /^[\w.-]{1,200}$/.test(run_id) ? run_id : undefined;
  } catch {
    return undefined;
  }
}

/** The names in `dir`, or null when there is no such directory. */
async function entriesOf(dir: string): Promise<string[] | null> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') throw new UserError('compensation.out_not_dir', { dir });
    throw error;
  }
}

/** `<base>.<pid>.partial` and `<base>.<pid>.old.partial` of processes that are gone. */
async function removeLeftovers(parent: string, base: string): Promise<void> {
  const pattern = new RegExp(`^${escapeRegExp(base)}\\.(\\d+)(?:\\.old)?\\.partial$`);
  for (const name of (await readdir(parent)) ?? []) {
    const match = pattern.exec(name);
    if (match === null) continue;
    const pid = Number(match[1]);
    if (pid !== process.pid && processAlive(pid)) continue;
    await rm(join(parent, name), { recursive: true, force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
