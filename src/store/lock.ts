// One Hozen process at a time per PGlite data directory: PGlite has no lock between processes, and
// two writers would corrupt the files. The lock is a file created with O_EXCL holding the owner's
// pid and host; a lock whose process is gone (same host, pid not alive) is stale and taken over.

import { closeSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { EXIT_STORE_BUSY, UserError } from '../errors.ts';

export const LOCK_FILE_NAME = 'hozen.lock';
/** A lock file too young to have its content written yet is treated as held, not as garbage. */
const UNREADABLE_LOCK_GRACE_MS = 10_000;
/** Takeover races with another process end after this many rounds, as "locked". */
const ACQUIRE_ATTEMPTS_MAX = 5;

interface LockOwner {
  pid: number;
  host: string;
  token: string;
  at: string;
  /** Set by `hozen serve`: the URL of the service that owns the store, for the message others get. */
  serving?: string;
}

export interface DirLock {
  readonly path: string;
  /** Removes the lock file if it is still this process's; safe to call more than once. */
  release(): void;
}

export function acquireDirLock(dir: string, options: { serving?: string } = {}): DirLock {
  const path = join(dir, LOCK_FILE_NAME);
  const owner: LockOwner = { pid: process.pid, host: hostname(), token: randomBytes(16).toString('hex'), at: new Date().toISOString(), ...(options.serving === undefined ? {} : { serving: options.serving }) };
  const content = JSON.stringify(owner);
  for (let attempt = 0; attempt < ACQUIRE_ATTEMPTS_MAX; attempt += 1) {
    if (createExclusive(path, content)) return heldLock(path, content);
    const holder = readHolder(path);
    if (holder === 'gone') continue;
    if (holder === 'unreadable_recent') throw lockedError(dir, path, '?', '?');
    if (holder !== 'unreadable_old' && (holder.owner.host !== owner.host || pidAlive(holder.owner.pid))) {
      throw lockedError(dir, path, holder.owner.pid, holder.owner.host, holder.owner.serving);
    }
    takeOverStale(path, holder === 'unreadable_old' ? null : holder.text);
  }
  throw lockedError(dir, path, '?', '?');
}

function heldLock(path: string, content: string): DirLock {
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    try {
      if (readFileSync(path, 'utf8') === content) unlinkSync(path);
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
    }
  };
  // A process that exits without closing the store (an uncaught error) still frees the directory.
  process.on('exit', release);
  return { path, release };
}

function createExclusive(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    throw error;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

type Holder = { owner: LockOwner; text: string } | 'gone' | 'unreadable_recent' | 'unreadable_old';

function readHolder(path: string): Holder {
  let text: string;
  let age_ms: number;
  try {
    text = readFileSync(path, 'utf8');
    age_ms = Date.now() - statSync(path).mtimeMs;
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return 'gone';
    throw error;
  }
  const owner = parseOwner(text);
  if (owner !== null) return { owner, text };
  return age_ms < UNREADABLE_LOCK_GRACE_MS ? 'unreadable_recent' : 'unreadable_old';
}

function parseOwner(text: string): LockOwner | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const { pid, host, token, at, serving } = value as Record<string, unknown>;
    if (!Number.isSafeInteger(pid) || (pid as number) <= 0 || typeof host !== 'string' || typeof token !== 'string' || typeof at !== 'string') return null;
    return { pid: pid as number, host, token, at, ...(typeof serving === 'string' ? { serving } : {}) };
  } catch {
    return null;
  }
}

/**
 * Moves the stale lock aside atomically, so that of two processes taking it over at once only one
 * removes it; if what was moved is not the stale lock that was read (another process took over
 * and locked in between), it is put back.
 */
function takeOverStale(path: string, stale_text: string | null): void {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return;
    throw error;
  }
  const moved = readFileSync(aside, 'utf8');
  if (stale_text === null ? parseOwner(moved) === null : moved === stale_text) unlinkSync(aside);
  else renameSync(aside, path);
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return isErrno(error, 'EPERM');
  }
}

function lockedError(dir: string, path: string, pid: number | string, host: string, serving?: string): UserError {
  if (serving !== undefined) return new UserError('store.locked_by_service', { dir, pid, host, url: serving.slice(0, 200) }, EXIT_STORE_BUSY);
  return new UserError('store.locked', { dir, pid, host, lock_file: path }, EXIT_STORE_BUSY);
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
