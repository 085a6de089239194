// Runs the service: one store connection for its lifetime (with PGlite, the service then owns
// the data directory, and a command run beside it is told where the service is), the HTTP app on
// @hono/node-server, and a clean stop that finishes requests in flight before closing the store.

import { mkdir } from 'node:fs/promises';
import { serve, type ServerType } from '@hono/node-server';
import type { StoreHandle } from '../store/types.ts';
import { defaultWorkerId, workJobs } from '../app/jobs.ts';
import { createServiceApp } from './app.ts';
import { startDailyScheduler, type DailyConfig } from './daily.ts';

export interface ServiceOptions {
  host: string;
  port: number;
  /** Where uploads are unpacked and compensation outputs kept. */
  data_dir: string;
  /** Jobs worked on at once inside the service (0: leave them to `hozen worker` processes). */
  workers?: number;
  log_error?: (error: unknown) => void;
  /** The daily run per tenant (`--daily <file>`, src/service/daily.ts). */
  daily?: DailyConfig;
}

export interface RunningService {
  url: string;
  /** Stops taking requests, waits for those in flight, closes the store. */
  close(): Promise<void>;
}

export function serviceUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export async function startService(handle: StoreHandle, options: ServiceOptions): Promise<RunningService> {
  await mkdir(options.data_dir, { recursive: true });
  const app = createServiceApp({ handle, data_dir: options.data_dir, now_ms: () => Date.now() }, options.log_error === undefined ? {} : { log_error: options.log_error });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, () => resolve(started));
    started.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const stop_workers = new AbortController();
  const workers = Array.from({ length: options.workers ?? 1 }, (_, n) =>
    workJobs(handle, stop_workers.signal, { worker_id: defaultWorkerId(n), ...(options.log_error === undefined ? {} : { log_error: options.log_error }) }),
  );
  const daily = options.daily === undefined ? null : startDailyScheduler(handle, options.daily, options.log_error === undefined ? {} : { log_error: options.log_error });
  return {
    url: serviceUrl(options.host, port),
    close: async () => {
      await daily?.stop();
      stop_workers.abort();
      await new Promise<void>((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error))));
      await Promise.all(workers);
    },
  };
}
