// Proof lookups answered by threads beside the caller's (lookup-worker.ts), each keeping its own
// open trees. A service's thread then pays a message each way instead of the lookup: at 10M
// customers the lookup is a dozen positioned reads of a 6.5 GB tree, a few µs each from the page
// cache and about 200 µs each from the disk, which on the service's thread would hold up every
// other request (docs/performance.md, "The proof endpoint"). A lookup goes to the thread with the
// fewest waiting; a thread that fails fails its waiting lookups with its error, and the next lookup
// starts a new one.

import type { Worker } from 'node:worker_threads';
import { UserError, type MessageParams } from '../errors.ts';
import { spawnWorker } from '../threads/spawn.ts';

/**
 * Two threads: one lookup's disk reads wait in one while the other answers, and each keeps its
 * trees open (ProofTreeCache: at most 8 trees of at most 80 MiB held each, per thread).
 */
export const LOOKUP_THREADS = 2;
/** Lookups waiting in one thread beyond which a new one is refused as busy (a limit on everything). */
export const LOOKUPS_WAITING_MAX = 1024;

export interface LookupRequest {
  id: number;
  /** The stored tree's directory (prove's output). */
  dir: string;
  /** The snapshot the caller means: a tree of another is an error. */
  snapshot_id: string;
  account_id: string;
  master_secret: Uint8Array;
}

export type LookupReply = { id: number; text: string } | { id: number; error: { code: string; params: MessageParams } };

interface Waiting {
  resolve(text: string): void;
  reject(error: Error): void;
}

interface LookupThread {
  worker: Worker;
  waiting: Map<number, Waiting>;
}

export class ProofLookupThreads {
  private readonly threads: LookupThread[] = [];
  private next_id = 0;

  constructor(
    private readonly threads_max = LOOKUP_THREADS,
    private readonly waiting_max = LOOKUPS_WAITING_MAX,
  ) {
    if (!(Number.isInteger(threads_max) && threads_max >= 1 && Number.isInteger(waiting_max) && waiting_max >= 1)) throw new RangeError('lookup threads: threads_max and waiting_max ≥ 1');
  }

  /** proofText of the tree in `dir` for this customer, as ProofTree.proofText answers it (its errors too). */
  text(request: Omit<LookupRequest, 'id'>): Promise<string> {
    while (this.threads.length < this.threads_max) this.threads.push(this.start());
    let thread = this.threads[0]!;
    for (const t of this.threads) if (t.waiting.size < thread.waiting.size) thread = t;
    if (thread.waiting.size >= this.waiting_max) return Promise.reject(new UserError('proof.lookups_busy', { waiting: thread.waiting.size }));
    const id = this.next_id++;
    return new Promise((resolve, reject) => {
      if (thread.waiting.size === 0) thread.worker.ref();
      thread.waiting.set(id, { resolve, reject });
      thread.worker.postMessage({ id, ...request } satisfies LookupRequest);
    });
  }

  private start(): LookupThread {
    const worker = spawnWorker(new URL('./lookup-worker.ts', import.meta.url));
    const thread: LookupThread = { worker, waiting: new Map() };
    worker.on('message', (reply: LookupReply) => {
      const waiting = thread.waiting.get(reply.id);
      if (waiting === undefined) return;
      thread.waiting.delete(reply.id);
      if (thread.waiting.size === 0) worker.unref();
      if ('text' in reply) waiting.resolve(reply.text);
      else waiting.reject(new UserError(reply.error.code, reply.error.params));
    });
    let failure: Error | null = null;
    worker.on('error', (error) => (failure ??= error));
    // A thread keeps the process alive while a lookup waits for it, and not once idle (unref after
    // the listeners: adding a 'message' listener refs the worker again).
    worker.unref();
    worker.once('exit', (code) => {
      const index = this.threads.indexOf(thread);
      if (index >= 0) this.threads.splice(index, 1);
      const error = failure ?? new Error(`proof lookup thread stopped (exit code ${code})`);
      for (const waiting of thread.waiting.values()) waiting.reject(error);
      thread.waiting.clear();
    });
    return thread;
  }

  /** Stops every thread; lookups still waiting fail. */
  async close(): Promise<void> {
    const threads = this.threads.splice(0);
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }
}
