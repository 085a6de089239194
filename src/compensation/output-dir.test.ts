import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../errors.ts';
import { openOutputDir } from './output-dir.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'hozen-out-'));
  dirs.push(dir);
  return dir;
};
const OWN = ['a.csv', 'b.json'];

describe('compensation output directory', () => {
  it('shows nothing under the final name until published, then the whole set', async () => {
    const parent = tempDir();
    const out = join(parent, 'run');
    const output = await openOutputDir(out, OWN);
    writeFileSync(join(output.staging, 'a.csv'), 'a');
    writeFileSync(join(output.staging, 'b.json'), 'b');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(parent)).toEqual([`run.${process.pid}.partial`]);
    await output.publish();
    expect(readdirSync(parent)).toEqual(['run']);
    expect(readdirSync(out).sort()).toEqual(OWN);
  });

  it('replaces a previous set whole, and removes the staging directories of dead processes', async () => {
    const parent = tempDir();
    const out = join(parent, 'run');
    mkdirSync(out);
    writeFileSync(join(out, 'a.csv'), 'old');
    writeFileSync(join(out, 'b.json'), 'old');
    writeFileSync(join(out, 'a.csv.partial'), 'crashed older version');
    const dead_pid = spawnSync(process.execPath, ['-e', '0']).pid!;
    mkdirSync(join(parent, `run.${dead_pid}.partial`));
    mkdirSync(join(parent, `run.${dead_pid}.old.partial`));
    // A live process's staging directory is its own business.
    mkdirSync(join(parent, `run.${process.ppid}.partial`));
    const output = await openOutputDir(out, OWN);
    expect(readdirSync(parent).sort()).toEqual(['run', `run.${process.pid}.partial`, `run.${process.ppid}.partial`].sort());
    writeFileSync(join(output.staging, 'a.csv'), 'new');
    writeFileSync(join(output.staging, 'b.json'), 'new');
    await output.publish();
    expect(readdirSync(out).sort()).toEqual(OWN);
    expect(readFileSync(join(out, 'a.csv'), 'utf8')).toBe('new');
    expect(readdirSync(parent).sort()).toEqual(['run', `run.${process.ppid}.partial`]);
  });

  it('refuses a directory holding files a run does not write, and a file in place of the directory', async () => {
    const parent = tempDir();
    writeFileSync(join(parent, 'notes.txt'), 'mine');
    await expect(openOutputDir(parent, OWN)).rejects.toMatchObject({ code: 'compensation.out_not_empty', params: { file: 'notes.txt' } });
    await expect(openOutputDir(join(parent, 'notes.txt'), OWN)).rejects.toBeInstanceOf(UserError);
    expect(readdirSync(parent)).toEqual(['notes.txt']);
  });

  it("refuses another run's set, naming that run, unless forced; the same run's set is replaced", async () => {
    const out = join(tempDir(), 'run');
    mkdirSync(out);
    writeFileSync(join(out, 'a.csv'), 'theirs');
    writeFileSync(join(out, 'b.json'), JSON.stringify({ run_id: 'compensate-other' }));
    const owner = { run_id: 'compensate-mine', run_file: 'b.json' };
    await expect(openOutputDir(out, OWN, owner)).rejects.toMatchObject({ code: 'compensation.out_other_run', params: { run_id: 'compensate-other', files: 2 } });
    expect(readFileSync(join(out, 'a.csv'), 'utf8')).toBe('theirs');
    // A set whose run cannot be told is another run's too.
    writeFileSync(join(out, 'b.json'), 'not json');
    await expect(openOutputDir(out, OWN, owner)).rejects.toMatchObject({ code: 'compensation.out_other_run', params: { run_id: '?' } });
    writeFileSync(join(out, 'b.json'), JSON.stringify({ run_id: 'compensate-mine' }));
    await (await openOutputDir(out, OWN, owner)).abandon();
    writeFileSync(join(out, 'b.json'), JSON.stringify({ run_id: 'compensate-other' }));
    const forced = await openOutputDir(out, OWN, { ...owner, force: true });
    writeFileSync(join(forced.staging, 'a.csv'), 'mine');
    await forced.publish();
    expect(readFileSync(join(out, 'a.csv'), 'utf8')).toBe('mine');
  });

  it('abandons without a trace', async () => {
    const parent = tempDir();
    const output = await openOutputDir(join(parent, 'run'), OWN);
    writeFileSync(join(output.staging, 'a.csv'), 'half');
    await output.abandon();
    expect(readdirSync(parent)).toEqual([]);
  });
});
