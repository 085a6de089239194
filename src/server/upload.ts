// A snapshot directory arriving over HTTP, streamed to disk and never held whole in memory, then
// imported exactly as `hozen import` imports a directory. Two forms:
//
// - one **tar** archive (optionally gzip-compressed): tar streams — each file's header comes just
//   before its bytes — so the archive is unpacked while it arrives, and `tar -czf` is on every
//   machine an officer uses. A zip keeps its directory at the end, so it would have to be stored
//   whole before a single file could be read;
// - **multipart/form-data** with one part per file (what a browser form sends), each part named
//   by its file name, or a part that is a tar archive (`*.tar`, `*.tar.gz`, `*.tgz`) of them.
//
// Only the snapshot format's files are taken, flat or under one top directory (`tar -cf s.tar
// demo/` writes `demo/exchange.json`); anything else — another name, a link, a device, a path
// that climbs out, a second copy of a file, too many files, too many bytes — is refused and
// nothing is kept.

import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform, Writable } from 'node:stream';
import type { Context } from 'hono';
import { pipeline } from 'node:stream/promises';
import { Parser, type ReadEntry } from 'tar';
import { Busboy } from '@fastify/busboy';
import { SNAPSHOT_FILES } from '../snapshot/read/directory.ts';
import { HttpError } from './http-error.ts';

export interface UploadLimits {
  /** All files together, uncompressed. */
  bytes_max: number;
  files_max: number;
}

/** 16 GiB holds a balances.csv of well over 100M rows; the format has eight files. */
export const UPLOAD_LIMITS_DEFAULT: UploadLimits = { bytes_max: 16 * 1024 ** 3, files_max: SNAPSHOT_FILES.length };

export interface ReceivedSnapshot {
  /** A fresh directory holding the snapshot's files. */
  dir: string;
  files: string[];
  bytes: number;
  /** Removes the directory; call it when the import is done, whatever its outcome. */
  discard(): Promise<void>;
}

const ALLOWED = new Set<string>(SNAPSHOT_FILES);

/** The snapshot file an archive entry is, or the reason it is refused. */
export function entryFileName(path: string, top: { dir: string | null }): string | { refused: string } {
  const parts = path.replace(/^\.\//, '').split('/').filter((p, i, all) => !(p === '' && i === all.length - 1));
  if (path.startsWith('/') || parts.some((p) => p === '..' || p === '' || p === '.')) return { refused: path };
  if (parts.length === 1) return ALLOWED.has(parts[0]!) ? parts[0]! : { refused: path };
  if (parts.length === 2) {
    if (top.dir === null) top.dir = parts[0]!;
    if (top.dir !== parts[0] || !ALLOWED.has(parts[1]!)) return { refused: path };
    return parts[1]!;
  }
  return { refused: path };
}

class Budget {
  bytes = 0;
  files = new Set<string>();
  constructor(readonly limits: UploadLimits) {}

  file(name: string): void {
    if (this.files.has(name)) throw new HttpError(422, 'server.upload.duplicate_file', { file: name });
    if (this.files.size >= this.limits.files_max) throw new HttpError(413, 'server.upload.too_many_files', { files_max: this.limits.files_max });
    this.files.add(name);
  }

  /** Counts bytes as they pass, and stops the stream the moment the limit is crossed. */
  counter(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        this.bytes += chunk.length;
        if (this.bytes > this.limits.bytes_max) done(new HttpError(413, 'server.upload.too_large', { bytes_max: this.limits.bytes_max }));
        else done(null, chunk);
      },
    });
  }
}

/** Uploads are unpacked under `parent` (the service's data directory: a system tmp may be too small). */
async function freshDir(parent: string = tmpdir()): Promise<string> {
  await mkdir(parent, { recursive: true });
  return mkdtemp(join(parent, 'upload-'));
}

/** Unpacks a tar (or tar.gz) stream into a fresh directory. */
export async function receiveTar(body: Readable, limits: UploadLimits = UPLOAD_LIMITS_DEFAULT, parent?: string): Promise<ReceivedSnapshot> {
  const dir = await freshDir(parent);
  const budget = new Budget(limits);
  try {
    await unpackTar(body, dir, budget);
    if (budget.files.size === 0) throw new HttpError(422, 'server.upload.empty', { allowed: SNAPSHOT_FILES.join(', ') });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return received(dir, budget);
}

/** Writes a tar stream's snapshot files into `dir`, within the budget; rejects with the first refusal. */
async function unpackTar(body: Readable, dir: string, budget: Budget): Promise<void> {
  const top = { dir: null as string | null };
  const writes: Array<Promise<void>> = [];
  let failure: unknown = null;
  const parser = new Parser({
    strict: true,
    onReadEntry: (entry: ReadEntry) => {
      if (failure !== null) return entry.resume();
      try {
        if (entry.type === 'Directory') return entry.resume();
        const name = entryFileName(entry.path, top);
        if (typeof name !== 'string') throw new HttpError(422, 'server.upload.unexpected_entry', { entry: name.refused.slice(0, 200), allowed: SNAPSHOT_FILES.join(', ') });
        if (entry.type !== 'File' && entry.type !== 'OldFile' && entry.type !== 'ContiguousFile') throw new HttpError(422, 'server.upload.not_a_file', { entry: entry.path.slice(0, 200) });
        budget.file(name);
        writes.push(pipeline(entry, budget.counter(), createWriteStream(join(dir, name), { flags: 'wx' })).catch((error: unknown) => stop(error)));
      } catch (error) {
        failure ??= error;
        entry.resume();
      }
    },
  });
  // A file that cannot be written (over the limit) ends the whole upload: nothing more is read.
  const stop = (error: unknown): void => {
    failure ??= error;
    parser.abort(error instanceof Error ? error : new Error(String(error)));
    body.destroy();
  };
  await pipeline(body, parser as unknown as Writable).catch((error: unknown) => {
    failure ??= error instanceof HttpError ? error : new HttpError(422, 'server.upload.bad_archive', { reason: error instanceof Error ? error.message.slice(0, 200) : String(error) });
  });
  await Promise.all(writes);
  if (failure !== null) throw failure;
}

/** A form's part that is the whole directory as one archive (a browser form cannot send a directory). */
const ARCHIVE_NAME = /\.(tar|tar\.gz|tgz)$/i;

/** Stores the file parts of a multipart/form-data body into a fresh directory. */
export async function receiveMultipart(body: Readable, content_type: string, limits: UploadLimits = UPLOAD_LIMITS_DEFAULT, parent?: string): Promise<ReceivedSnapshot> {
  const dir = await freshDir(parent);
  const budget = new Budget(limits);
  const writes: Array<Promise<void>> = [];
  let failure: unknown = null;
  try {
    const parser = new Busboy({ headers: { 'content-type': content_type }, preservePath: true, limits: { fields: 0, files: limits.files_max + 1, fileSize: limits.bytes_max + 1, parts: limits.files_max + 1 } });
    parser.on('file', (field: string, file: Readable, filename: string | undefined) => {
      if (failure !== null) return file.resume();
      try {
        const name = filename ?? field;
        if (ARCHIVE_NAME.test(name)) {
          writes.push(
            unpackTar(file, dir, budget).catch((error: unknown) => {
              failure ??= error;
              body.destroy();
            }),
          );
          return;
        }
        if (!ALLOWED.has(name)) throw new HttpError(422, 'server.upload.unexpected_entry', { entry: name.slice(0, 200), allowed: SNAPSHOT_FILES.join(', ') });
        budget.file(name);
        writes.push(
          pipeline(file, budget.counter(), createWriteStream(join(dir, name), { flags: 'wx' })).catch((error: unknown) => {
            failure ??= error;
            body.destroy();
          }),
        );
      } catch (error) {
        failure ??= error;
        file.resume();
      }
    });
    parser.on('field', () => void (failure ??= new HttpError(422, 'server.upload.unexpected_field', {})));
    parser.on('filesLimit', () => void (failure ??= new HttpError(413, 'server.upload.too_many_files', { files_max: limits.files_max })));
    parser.on('partsLimit', () => void (failure ??= new HttpError(413, 'server.upload.too_many_files', { files_max: limits.files_max })));
    await pipeline(body, parser).catch((error: unknown) => {
      failure ??= error instanceof HttpError ? error : new HttpError(422, 'server.upload.bad_multipart', { reason: error instanceof Error ? error.message.slice(0, 200) : String(error) });
    });
    await Promise.all(writes);
    if (failure !== null) throw failure;
    if (budget.files.size === 0) throw new HttpError(422, 'server.upload.empty', { allowed: SNAPSHOT_FILES.join(', ') });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return received(dir, budget);
}

function received(dir: string, budget: Budget): ReceivedSnapshot {
  return { dir, files: [...budget.files].sort(), bytes: budget.bytes, discard: () => rm(dir, { recursive: true, force: true }) };
}

/** A request's body as a Node stream: the Node server's own request when there is one (app.request() in tests has none). */
export function requestBody(c: Context): Readable {
  return bodyStream(c.req.raw, (c.env as { incoming?: Parameters<typeof bodyStream>[1] } | undefined)?.incoming);
}

/** The body as a Node stream, without copying it (the Node server hands over its request). */
export function bodyStream(raw: Request, incoming?: { readable: boolean } & Readable): Readable {
  if (incoming !== undefined) return incoming;
  if (raw.body === null) return Readable.from([]);
  return Readable.fromWeb(raw.body as import('node:stream/web').ReadableStream);
}
