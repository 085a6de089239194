import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { LOCK_FILE_NAME, acquireDirLock, pidAlive } from './lock.ts';

const LOCK_MODULE = fileURLToPath(new URL('./lock.ts', import.meta.url));

/** Node running a snippet that can import TypeScript (tsx), as the CLI runs. */
function nodeArgs(code: string): string[] {
  return ['--import', 'tsx', '--input-type=module', '-e', code];
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hozen-lock-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeLock(owner: Record<string, unknown>): string {
  const path = join(dir, LOCK_FILE_NAME);
  writeFileSync(path, JSON.stringify({ token: 't', at: new Date().toISOString(), host: hostname(), ...owner }));
  return path;
}

describe('data directory lock', () => {
  test('a lock held by another live process is refused; once that process dies it is taken over', async () => {
    const child = spawn(process.execPath, nodeArgs(`import { acquireDirLock } from ${JSON.stringify(LOCK_MODULE)}; acquireDirLock(${JSON.stringify(dir)}); console.log('locked'); setInterval(() => {}, 1000);`), {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
        child.on('exit', (code) => reject(new Error(`child exited with ${code}`)));
      });
      expect(() => acquireDirLock(dir)).toThrow(expect.objectContaining({ code: 'store.locked', params: expect.objectContaining({ dir, pid: child.pid, host: hostname() }) }));
    } finally {
      // SIGKILL: the child gets no chance to remove its lock, as after a crash.
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(true);
    const lock = acquireDirLock(dir);
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  test('a process that exits without releasing still frees the directory', () => {
    const result = spawnSync(process.execPath, nodeArgs(`import { acquireDirLock } from ${JSON.stringify(LOCK_MODULE)}; acquireDirLock(${JSON.stringify(dir)}); process.exit(0);`), { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false);
  });

  test('a lock of a dead process is stale; one from another host is respected', () => {
    const dead_pid = spawnSync(process.execPath, ['-e', '0']).pid!;
    expect(pidAlive(dead_pid)).toBe(false);
    writeLock({ pid: dead_pid });
    acquireDirLock(dir).release();
    writeLock({ pid: dead_pid, host: 'another-host' });
    expect(() => acquireDirLock(dir)).toThrow(expect.objectContaining({ code: 'store.locked', params: expect.objectContaining({ pid: dead_pid, host: 'another-host' }) }));
  });

  test('an unreadable lock is respected while young and taken over when old', () => {
    const path = join(dir, LOCK_FILE_NAME);
    writeFileSync(path, '');
    expect(() => acquireDirLock(dir)).toThrow(expect.objectContaining({ code: 'store.locked' }));
    const a_minute_ago = new Date(Date.now() - 60_000);
    utimesSync(path, a_minute_ago, a_minute_ago);
    acquireDirLock(dir).release();
    expect(existsSync(path)).toBe(false);
  });

  test('release removes only this process own lock, and twice is harmless', () => {
    const lock = acquireDirLock(dir);
    expect(() => acquireDirLock(dir)).toThrow(expect.objectContaining({ code: 'store.locked', params: expect.objectContaining({ pid: process.pid }) }));
    const someone_else = writeLock({ pid: process.ppid });
    lock.release();
    lock.release();
    expect(existsSync(someone_else)).toBe(true);
  });
});
