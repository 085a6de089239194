// The worker thread that owns PGlite for `hozen serve` (pglite-thread.ts is the service's side).
// PGlite is synchronous WebAssembly: on the service's thread, an import's COPY and commit held
// every request for as long as they ran. Here they hold only this thread.

import { parentPort, workerData } from 'node:worker_threads';
import type { Adapter, SqlRunner } from './adapter.ts';
import { openPgliteAdapter } from './pglite.ts';
import { errorData, type Session, type ThreadReady, type ThreadReply, type ThreadRequest, type WorkerData } from './pglite-protocol.ts';

if (parentPort === null) throw new Error('pglite-worker.ts must run in a worker thread');
const parent = parentPort;
const { data_dir, location } = workerData as WorkerData;

/** An open transaction: its runner, and how to end it (commit on resolve, roll back on reject). */
interface OpenSession {
  tx: SqlRunner;
  finish(commit: boolean): void;
  /** Settles when PGlite has committed or rolled back. */
  ended: Promise<void>;
}

const sessions = new Map<number, OpenSession>();
let next_session = 1;

function begin(adapter: Adapter): Promise<number> {
  return new Promise<number>((started, failed) => {
    const session = next_session++;
    let finish!: (commit: boolean) => void;
    const outcome = new Promise<void>((commit, roll_back) => {
      finish = (should_commit) => (should_commit ? commit() : roll_back(new RolledBack()));
    });
    const ended = adapter.transaction(async (tx) => {
      sessions.set(session, { tx, finish, ended });
      started(session);
      await outcome;
    });
    // A transaction that could not start rejects `begin` (once started, `begin` has resolved and
    // this does nothing); how one that started ends is for `end` to report.
    ended.catch(failed);
  });
}

/** Thrown into PGlite's transaction to roll it back; `end` with commit false does not report it. */
class RolledBack extends Error {}

async function end(session: number, commit: boolean): Promise<void> {
  const open = sessions.get(session);
  if (open === undefined) throw new Error(`no open transaction ${session}`);
  open.finish(commit);
  try {
    await open.ended;
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  } finally {
    sessions.delete(session);
  }
}

function runnerOf(adapter: Adapter, session: Session): SqlRunner {
  if (session === null) return adapter;
  const open = sessions.get(session);
  if (open === undefined) throw new Error(`no open transaction ${session}`);
  return open.tx;
}

async function handle(adapter: Adapter, request: ThreadRequest): Promise<unknown> {
  switch (request.op) {
    case 'query':
      return runnerOf(adapter, request.session).query(request.text, request.params);
    case 'copy_from':
      return runnerOf(adapter, request.session).copyFrom(request.table, request.columns, request.rows);
    case 'copy_out':
      return runnerOf(adapter, request.session).copyOut(request.select);
    case 'begin':
      return begin(adapter);
    case 'end':
      return end(request.session, request.commit);
    case 'close':
      return adapter.close();
  }
}

function serve(adapter: Adapter): void {
  parent.on('message', (request: ThreadRequest) => {
    handle(adapter, request).then(
      (value) => parent.postMessage({ id: request.id, ok: true, value } satisfies ThreadReply),
      (error: unknown) => parent.postMessage({ id: request.id, ok: false, error: errorData(error) } satisfies ThreadReply),
    ).finally(() => {
      // Closed: nothing more will come, and the thread ends once the port is closed.
      if (request.op === 'close') parent.close();
    });
  });
  parent.postMessage({ ready: true } satisfies ThreadReady);
}

try {
  serve(await openPgliteAdapter(data_dir, location));
} catch (error) {
  parent.postMessage({ ready: false, error: errorData(error) } satisfies ThreadReady);
  parent.close();
}
