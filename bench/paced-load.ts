// A paced (open-loop) load generator for latency figures: `clients` keep-alive connections, each
// sending one GET every clients / rate seconds, their phases spread evenly over the period, so
// that the server sees `rate` requests per second arriving one by one. (autocannon's rate options
// let each connection send its whole second's quota at the start of every second: bursts of
// `rate` requests whose queueing, not the server, then sets the latency.)
//
// A request's latency counts from when it was due, not from when it left: a client still waiting
// for its previous answer sends the next one late, and that lateness is the server's too
// (coordinated omission). Runs in a thread of its own, so that it does not share the server's
// event loop. No timeout is shorter than 10 s; a request still unanswered then is an error.

import { Worker } from 'node:worker_threads';

export interface PacedFigures {
  requests_per_s: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  errors: number;
  non_2xx: number;
}

export interface PacedLoad {
  url: string;
  headers: Record<string, string>;
  clients: number;
  rate_per_s: number;
  seconds: number;
}

const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const http = require('node:http');
const { url, headers, clients, rate_per_s, seconds } = workerData;
const period_ms = (clients / rate_per_s) * 1000;
const started = performance.now();
const end = started + seconds * 1000;
const latencies = [];
let errors = 0, non_2xx = 0;
let running = clients;
function client(i) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let due = started + (i * period_ms) / clients;
  const next = () => {
    if (due >= end) { agent.destroy(); if (--running === 0) finish(); return; }
    const wait = due - performance.now();
    if (wait > 0) { setTimeout(send, wait); } else send();
  };
  const send = () => {
    const this_due = due;
    due += period_ms;
    const req = http.get(url, { agent, headers, timeout: 10000 }, (res) => {
      res.on('data', () => {});
      res.on('end', () => {
        latencies.push(performance.now() - this_due);
        if (res.statusCode < 200 || res.statusCode > 299) non_2xx++;
        next();
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => { errors++; next(); });
  };
  next();
}
function finish() {
  const sorted = Float64Array.from(latencies).sort();
  const at = (q) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
  const elapsed_s = (performance.now() - started) / 1000;
  parentPort.postMessage({ requests_per_s: latencies.length / elapsed_s, p50_ms: Math.round(at(0.5)), p99_ms: Math.round(at(0.99)), max_ms: Math.round(at(1)), errors, non_2xx });
}
for (let i = 0; i < clients; i++) client(i);
`;

export function pacedLoad(load: PacedLoad): Promise<PacedFigures> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: load });
    worker.once('message', (figures: PacedFigures) => {
      resolve(figures);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
