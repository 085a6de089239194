import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../errors.ts';
import { prepareOutDir } from './output-dir.ts';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hozen-demo-out-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserError) return error.code;
    throw error;
  }
  return 'none';
}

describe('prepareOutDir', () => {
  it('creates a missing directory, parents included', async () => {
    const dir = join(root, 'a', 'b');
    await prepareOutDir(dir);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a directory holding a snapshot, naming it, and replaces it with force, removing its manifest first', async () => {
    const dir = join(root, 'earlier');
    await mkdir(dir);
    await writeFile(join(dir, 'exchange.json'), '{"exchange": {"id": "nishiki", "name": "Nishiki Exchange"}, "as_of": "2026-11-20T00:00:00+09:00"}');
    await writeFile(join(dir, 'balances.csv'), 'account_id,asset,amount\n');
    await expect(prepareOutDir(dir)).rejects.toMatchObject({ code: 'demo.out_dir_holds_snapshot', params: { path: dir, exchange: 'Nishiki Exchange', as_of: '2026-11-20T00:00:00+09:00', files: 2 } });
    expect((await readdir(dir)).sort()).toEqual(['balances.csv', 'exchange.json']);
    await prepareOutDir(dir, { force: true });
    expect(await readdir(dir)).toEqual(['balances.csv']);
  });

  it('refuses a directory holding other files, and a path that is a file', async () => {
    const dir = join(root, 'foreign');
    await mkdir(dir);
    await writeFile(join(dir, 'notes.txt'), 'mine');
    expect(await codeOf(prepareOutDir(dir))).toBe('demo.out_dir_not_empty');
    expect(await readdir(dir)).toEqual(['notes.txt']);
    expect(await codeOf(prepareOutDir(join(dir, 'notes.txt')))).toBe('demo.out_dir_not_directory');
  });

  it('reports a directory it cannot create as a user error naming the path', async () => {
    const blocker = join(root, 'blocker');
    await writeFile(blocker, 'x');
    expect(await codeOf(prepareOutDir(join(blocker, 'sub')))).toBe('demo.write_failed');
  });
});
