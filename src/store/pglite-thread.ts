// The embedded store with PGlite in a worker thread of its own (pglite-worker.ts), for `hozen
// serve`: the same Adapter as pglite.ts, each call a message to the worker. PGlite runs its
// statements synchronously, so on the service's thread an import (COPY of a million rows, then
// the commit writing its pages) took the thread from every request; here it takes only the
// worker's. A transaction is a session pinned in the worker (pglite-protocol.ts); COPY rows cross
// as a moved buffer. The data directory's lock stays with this process (open.ts), as does the
// change feed: this one process makes every change, so it needs no notifications.

import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../threads/spawn.ts';
import type { Adapter, SqlRow, SqlRunner } from './adapter.ts';
import { rebuiltError, type Session, type ThreadReady, type ThreadReply, type ThreadRequest, type WorkerData } from './pglite-protocol.ts';

/** What a request is without its id (the connection numbers them). */
type Request = ThreadRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

class WorkerConnection {
  private next_id = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private stopped: Error | null = null;

  constructor(
    private readonly worker: Worker,
    private readonly location: string,
  ) {
    worker.on('message', (reply: ThreadReply) => {
      const waiting = this.pending.get(reply.id);
      if (waiting === undefined) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.value);
      else waiting.reject(rebuiltError(reply.error));
    });
    worker.on('error', (error) => this.stop(error));
    worker.on('exit', (code) => this.stop(workerStopped(this.location, code)));
  }

  private stop(error: Error): void {
    this.stopped ??= error;
    for (const waiting of this.pending.values()) waiting.reject(this.stopped);
    this.pending.clear();
  }

  call<T>(request: Request, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.stopped !== null) return Promise.reject(this.stopped);
    const id = this.next_id++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ ...request, id }, transfer);
    });
  }
}

/** A defect, not the user's doing: the worker does not end while the store is open. */
function workerStopped(location: string, exit_code: number): Error {
  return new Error(`the PGlite worker thread of ${location} stopped (exit code ${exit_code})`);
}

function runner(connection: WorkerConnection, session: Session): SqlRunner {
  return {
    query: <Row extends SqlRow>(text: string, params: readonly unknown[] = []) => connection.call<Row[]>({ op: 'query', session, text, params }),
    copyFrom(table, columns, rows) {
      // A copy of the caller's bytes is moved, not cloned twice; the caller may reuse its buffer.
      const moved = rows.slice();
      return connection.call<number>({ op: 'copy_from', session, table, columns, rows: moved }, [moved.buffer as ArrayBuffer]);
    },
    copyOut: (select) => connection.call<string>({ op: 'copy_out', session, select }),
  };
}

/** Starts the worker, which opens (creating it if new) the database in `data_dir` and brings its schema up to date. */
export async function openThreadedPgliteAdapter(data_dir: string, location: string): Promise<Adapter> {
  const worker = spawnWorker(new URL('./pglite-worker.ts', import.meta.url), { workerData: { data_dir, location } satisfies WorkerData });
  let failed: (error: Error) => void = () => {};
  const stopped = (code: number): void => failed(workerStopped(location, code));
  const ready = await new Promise<ThreadReady>((resolve, reject) => {
    failed = reject;
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', stopped);
  }).finally(() => {
    worker.off('error', failed);
    worker.off('exit', stopped);
  });
  if (!ready.ready) {
    await worker.terminate();
    throw rebuiltError(ready.error);
  }
  const connection = new WorkerConnection(worker, location);
  let closed: Promise<void> | null = null;
  return {
    kind: 'pglite',
    location,
    ...runner(connection, null),
    async transaction(work) {
      const session = await connection.call<number>({ op: 'begin' });
      let result: Awaited<ReturnType<typeof work>>;
      try {
        result = await work(runner(connection, session));
      } catch (error) {
        await connection.call({ op: 'end', session, commit: false });
        throw error;
      }
      await connection.call({ op: 'end', session, commit: true });
      return result;
    },
    close: () =>
      (closed ??= (async () => {
        try {
          await connection.call({ op: 'close' });
        } finally {
          await worker.terminate();
        }
      })()),
  };
}
