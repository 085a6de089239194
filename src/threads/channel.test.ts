import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { workerMap, workerSink, workerStream } from './channel.ts';
import type { Counted, CountingData } from './fixtures/counting-worker.ts';
import type { TallyData } from './fixtures/tally-worker.ts';

const COUNTING = new URL('./fixtures/counting-worker.ts', import.meta.url);
const TALLY = new URL('./fixtures/tally-worker.ts', import.meta.url);
const REVERSING = new URL('./fixtures/reversing-worker.ts', import.meta.url);

function counting(data: Omit<CountingData, 'sent'>, ahead_max = 4) {
  const sent = new SharedArrayBuffer(4);
  const stream = workerStream<Counted, { sent: number }>(COUNTING, { label: 'counting worker', data: { ...data, sent } satisfies CountingData, ahead_max });
  return { stream, sent: new Int32Array(sent) };
}

/** Settles with `promise`, or rejects after `ms`: a worker left running must fail the test, not hang it. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, sleep(ms).then(() => Promise.reject(new Error(`not settled within ${ms} ms`)))]);
}

describe('a worker stream', () => {
  it('hands over every value in order, with its buffer, then the result', async () => {
    const { stream } = counting({ count: 50 });
    const indices: number[] = [];
    for (;;) {
      const next = await stream.next();
      if (next.done) {
        expect(next.value).toEqual({ sent: 50 });
        break;
      }
      expect(next.value.bytes.length).toBe(1024);
      expect(next.value.bytes[0]).toBe(next.value.index & 0xff);
      indices.push(next.value.index);
    }
    expect(indices).toEqual([...Array(50).keys()]);
    expect(await within(stream.exited, 5_000)).toBeTypeOf('number');
  });

  it('lets the worker run at most ahead_max values ahead of a slow consumer', async () => {
    const ahead_max = 3;
    const { stream, sent } = counting({ count: 40 }, ahead_max);
    let consumed = 0;
    let ahead_seen = 0;
    for await (const _ of stream) {
      consumed += 1;
      // Time for the worker to run as far ahead as it is let (on a loaded machine, a while).
      for (let waited = 0; waited < 50 && Atomics.load(sent, 0) - consumed < ahead_max; waited++) await sleep(4);
      await sleep(4);
      const ahead = Atomics.load(sent, 0) - consumed;
      expect(ahead).toBeLessThanOrEqual(ahead_max);
      ahead_seen = Math.max(ahead_seen, ahead);
    }
    expect(consumed).toBe(40);
    // The bound was reached: the worker did run ahead, as far as allowed.
    expect(ahead_seen).toBe(ahead_max);
  });

  it('rejects the consumer with the error the worker threw', async () => {
    const { stream } = counting({ count: 100, fail_at: 5 });
    const seen: number[] = [];
    const error = await (async () => {
      for await (const value of stream) seen.push(value.index);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect(error).toMatchObject({ message: 'value 5 refused', code: 'FIXTURE_REFUSED' });
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('rejects the consumer when the worker exits before the end', async () => {
    const { stream } = counting({ count: 100, exit_at: 2 });
    await expect(within((async () => { for await (const _ of stream); })(), 10_000)).rejects.toThrow('counting worker stopped (exit code 7)');
  });

  it('terminates the worker when the consumer stops early', async () => {
    const { stream } = counting({ count: null });
    for await (const value of stream) if (value.index === 2) break;
    // An endless worker ends only if terminated.
    expect(await within(stream.exited, 5_000)).toBeTypeOf('number');
  });
});

describe('a worker sink', () => {
  function tally(in_flight_max: number, take_ms = 0) {
    const taken = new SharedArrayBuffer(4);
    const sink = workerSink<Uint8Array, number>(TALLY, { label: 'tally worker', data: { taken, take_ms } satisfies TallyData, in_flight_max });
    return { sink, taken: new Int32Array(taken) };
  }

  it('keeps at most in_flight_max values on their way to a slow worker, and returns its result', async () => {
    const in_flight_max = 2;
    const { sink, taken } = tally(in_flight_max, 3);
    let sent = 0;
    let ahead_seen = 0;
    for (let i = 0; i < 30; i++) {
      await sink.ready();
      const bytes = new Uint8Array(10);
      sink.send(bytes, [bytes.buffer]);
      sent += 1;
      expect(bytes.length).toBe(0); // moved, not copied
      const ahead = sent - Atomics.load(taken, 0);
      expect(ahead).toBeLessThanOrEqual(in_flight_max);
      ahead_seen = Math.max(ahead_seen, ahead);
    }
    expect(ahead_seen).toBe(in_flight_max);
    expect(await sink.close()).toBe(300);
  });

  it('rejects the producer with the error the worker threw', async () => {
    const { sink } = tally(4);
    sink.send(new Uint8Array(1));
    sink.send(new Uint8Array(0));
    const error = await within(sink.close(), 10_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message: 'an empty batch', code: 'FIXTURE_EMPTY' });
  });

  it('terminates the worker when aborted', async () => {
    const { sink } = tally(4, 1_000_000);
    sink.send(new Uint8Array(1));
    await sink.abort();
    // A worker in the middle of a take that lasts 1,000 s ends only if terminated.
    expect(await within(sink.exited, 5_000)).toBeTypeOf('number');
  });
});

describe('a worker map', () => {
  it('answers every value in the order sent, buffers moved both ways', async () => {
    const map = workerMap<Uint8Array, Uint8Array>(REVERSING, { label: 'reversing worker' });
    try {
      const answers: number[][] = [];
      for (let i = 0; i < 20; i++) {
        const bytes = Uint8Array.of(i, i + 1, i + 2);
        map.send(bytes, [bytes.buffer]);
        expect(bytes.length).toBe(0); // moved, not copied
        if (i >= 3) answers.push([...(await map.answer())]);
      }
      while (answers.length < 20) answers.push([...(await map.answer())]);
      expect(answers).toEqual(Array.from({ length: 20 }, (_, i) => [i + 2, i + 1, i]));
      await expect(map.answer()).rejects.toThrow('no value unanswered');
    } finally {
      await map.close();
    }
    expect(await within(map.exited, 5_000)).toBeTypeOf('number');
  });

  it('rejects the caller with the error the worker threw, after the answers before it', async () => {
    const map = workerMap<Uint8Array, Uint8Array>(REVERSING, { label: 'reversing worker' });
    try {
      map.send(Uint8Array.of(1, 2));
      map.send(new Uint8Array(0));
      expect([...(await map.answer())]).toEqual([2, 1]);
      const error = await within(map.answer(), 10_000).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect(error).toMatchObject({ message: 'an empty batch', code: 'FIXTURE_EMPTY' });
    } finally {
      await map.close();
    }
  });
});
