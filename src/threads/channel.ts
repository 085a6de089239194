// A channel to a worker thread, for streams of batches: the worker produces and this thread
// consumes (workerStream), this thread produces and the worker consumes (workerSink), or the
// worker answers each value this thread sends, in order (workerMap). Either
// way at most a fixed number of batches are on their way, so memory stays bounded whichever side
// is slower; the worker's failure (an error it throws, or its exit) rejects this side with the
// original error; and this side stopping, early or not, terminates the worker.

import type { TransferListItem, Worker } from 'node:worker_threads';
import type { MapReply, MapRequest, SinkReply, SinkRequest, StreamReply, StreamRequest } from './protocol.ts';
import { spawnWorker } from './spawn.ts';

export interface ChannelOptions {
  /** Names the worker in the error of an unexpected exit, e.g. 'balances.csv reader thread'. */
  label: string;
  /** The worker's input, as `workerData` (serve.ts hands it to the worker's function). */
  data?: unknown;
}

/** The messages of one worker, in order, until it fails. */
class Inbox<M> {
  private readonly messages: M[] = [];
  private failure: Error | null = null;
  private finished = false;
  private wake: (() => void) | null = null;
  readonly exited: Promise<number>;

  constructor(
    readonly worker: Worker,
    label: string,
    isLast: (message: M) => boolean,
  ) {
    worker.on('message', (message: M) => {
      if (isLast(message)) this.finished = true;
      this.messages.push(message);
      this.signal();
    });
    // The error can overtake the messages the worker posted before it; by its exit, every one
    // of them has arrived. So the error is held until then, and the values come first.
    let error: Error | null = null;
    worker.on('error', (e) => (error ??= e));
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        if (error !== null) this.fail(error);
        else if (!this.finished) this.fail(new Error(`${label} stopped (exit code ${code})`));
        resolve(code);
      }),
    );
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.signal();
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** The next message; messages received before a failure come first. */
  async next(): Promise<M> {
    for (;;) {
      const message = this.messages.shift();
      if (message !== undefined) return message;
      if (this.failure !== null) throw this.failure;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** Throws the failure, if there is one. */
  check(): void {
    if (this.failure !== null) throw this.failure;
  }
}

export interface StreamOptions extends ChannelOptions {
  /** Values the worker may send before this side has taken the first of them. */
  ahead_max: number;
}

/** A worker's values, in order, then its result; `exited` settles with the worker's exit code. */
export type WorkerStream<T, R> = AsyncGenerator<T, R, undefined> & { readonly exited: Promise<number> };

/**
 * The values of the worker module `module` (which calls serveStream), as they come. The worker
 * starts with the iteration; leaving the loop early, or failing, terminates it.
 */
export function workerStream<T, R = void>(module: URL, options: StreamOptions): WorkerStream<T, R> {
  let exit!: (code: Promise<number>) => void;
  const exited = new Promise<number>((resolve) => (exit = resolve));
  async function* values(): AsyncGenerator<T, R, undefined> {
    const worker = spawnWorker(module, { workerData: options.data });
    const inbox = new Inbox<StreamReply<T, R>>(worker, options.label, (m) => m.type === 'end');
    exit(inbox.exited);
    const credit = (count: number): void => worker.postMessage({ type: 'credit', count } satisfies StreamRequest);
    try {
      credit(options.ahead_max);
      for (;;) {
        const reply = await inbox.next();
        if (reply.type === 'end') return reply.result;
        credit(1);
        yield reply.value;
      }
    } finally {
      await worker.terminate();
    }
  }
  return Object.assign(values(), { exited });
}

export interface SinkOptions extends ChannelOptions {
  /** Values on their way to the worker beyond which ready() waits. */
  in_flight_max: number;
}

export interface WorkerSink<T, R> {
  /** Hands a value on; its buffers in `transfer` are moved. */
  send(value: T, transfer?: readonly TransferListItem[]): void;
  /** Resolves once fewer than in_flight_max values are on their way; rejects if the worker failed. */
  ready(): Promise<void>;
  /** Waits for the worker to take every value and finish, then terminates it: its result. */
  close(): Promise<R>;
  /** Terminates the worker, whatever it was doing. */
  abort(): Promise<void>;
  readonly exited: Promise<number>;
}

/** A worker module `module` (which calls serveSink) that takes the values this thread sends. */
export function workerSink<T, R = void>(module: URL, options: SinkOptions): WorkerSink<T, R> {
  const worker = spawnWorker(module, { workerData: options.data });
  const inbox = new Inbox<SinkReply<R>>(worker, options.label, (m) => m.type === 'end');
  let in_flight = 0;
  let result: { value: R } | null = null;
  const receive = async (): Promise<void> => {
    const reply = await inbox.next();
    if (reply.type === 'taken') in_flight -= 1;
    else result = { value: reply.result };
  };
  return {
    send(value, transfer = []) {
      in_flight += 1;
      worker.postMessage({ type: 'value', value } satisfies SinkRequest<T>, [...transfer]);
    },
    async ready() {
      inbox.check();
      while (in_flight >= options.in_flight_max) await receive();
    },
    async close() {
      worker.postMessage({ type: 'end' } satisfies SinkRequest<T>);
      try {
        while (result === null) await receive();
        return (result as { value: R }).value;
      } finally {
        await worker.terminate();
      }
    },
    async abort() {
      await worker.terminate();
    },
    exited: inbox.exited,
  };
}

export interface WorkerMap<T, U> {
  /** Hands a value on; its buffers in `transfer` are moved. The caller bounds how many are unanswered. */
  send(value: T, transfer?: readonly TransferListItem[]): void;
  /** The answer to the oldest value not yet answered; rejects if the worker failed. */
  answer(): Promise<U>;
  /** Terminates the worker. */
  close(): Promise<void>;
  readonly exited: Promise<number>;
}

/** A worker module `module` (which calls serveMap) that answers each value this thread sends, in order. */
export function workerMap<T, U>(module: URL, options: ChannelOptions): WorkerMap<T, U> {
  const worker = spawnWorker(module, { workerData: options.data });
  // The worker never ends of itself: it is terminated once its answers are in.
  const inbox = new Inbox<MapReply<U>>(worker, options.label, () => false);
  let unanswered = 0;
  return {
    send(value, transfer = []) {
      unanswered += 1;
      worker.postMessage({ type: 'value', value } satisfies MapRequest<T>, [...transfer]);
    },
    async answer() {
      if (unanswered === 0) throw new Error(`${options.label}: an answer asked for, and no value unanswered`);
      const reply = await inbox.next();
      unanswered -= 1;
      return reply.value;
    },
    async close() {
      await worker.terminate();
    },
    exited: inbox.exited,
  };
}
