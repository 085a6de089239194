// The worker's end of a channel (channel.ts). A worker module calls one of these at its top
// level. Errors are not caught here: thrown out of the worker they reach the other side whole.

import { parentPort, workerData, type TransferListItem } from 'node:worker_threads';
import type { MapReply, MapRequest, SinkReply, SinkRequest, StreamReply, StreamRequest } from './protocol.ts';

function port(): NonNullable<typeof parentPort> {
  if (parentPort === null) throw new Error('a worker module must run in a worker thread');
  return parentPort;
}

/** Sends one value, once the consumer has room for it. */
export type Send<T> = (value: T, transfer?: readonly TransferListItem[]) => Promise<void>;

/**
 * Runs `produce` on the worker's data; each value it sends waits for the consumer's credit, so at
 * most the consumer's `ahead_max` values are on their way. Its result ends the stream.
 */
export async function serveStream<D, T, R = void>(produce: (data: D, send: Send<T>) => Promise<R>): Promise<void> {
  const parent = port();
  let credit = 0;
  let wake: (() => void) | null = null;
  parent.on('message', (request: StreamRequest) => {
    credit += request.count;
    const w = wake;
    wake = null;
    w?.();
  });
  const send: Send<T> = async (value, transfer = []) => {
    while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
    credit -= 1;
    parent.postMessage({ type: 'value', value } satisfies StreamReply<T, R>, [...transfer]);
  };
  const result = await produce(workerData as D, send);
  parent.postMessage({ type: 'end', result } satisfies StreamReply<T, R>);
}

export interface SinkHandlers<T, R> {
  take(value: T): void | Promise<void>;
  end(): R | Promise<R>;
}

/** Opens the sink on the worker's data, then hands it each value in order, then the end. */
export function serveSink<D, T, R = void>(open: (data: D) => SinkHandlers<T, R>): void {
  const parent = port();
  const handlers = open(workerData as D);
  // One value at a time, in order, even when take() is asynchronous; a rejection is uncaught, and
  // so ends the worker with that error.
  let queue: Promise<void> = Promise.resolve();
  parent.on('message', (request: SinkRequest<T>) => {
    queue = queue.then(async () => {
      if (request.type === 'value') {
        await handlers.take(request.value);
        parent.postMessage({ type: 'taken' } satisfies SinkReply<R>);
      } else {
        parent.postMessage({ type: 'end', result: await handlers.end() } satisfies SinkReply<R>);
      }
    });
  });
}

/**
 * Answers each value in order with `answer` (synchronous: one value at a time), its buffers in
 * `transfer` moved; an error it throws ends the worker with that error.
 */
export function serveMap<D, T, U>(open: (data: D) => (value: T) => { value: U; transfer?: readonly TransferListItem[] }): void {
  const parent = port();
  const answer = open(workerData as D);
  parent.on('message', (request: MapRequest<T>) => {
    const { value, transfer = [] } = answer(request.value);
    parent.postMessage({ type: 'answer', value } satisfies MapReply<U>, [...transfer]);
  });
}
