// Alerts to a webhook: the daily run's JSON POSTed to the tenant's URL, signed so the receiver can
// tell it came from this service and was not replayed: `Hozen-Signature: t=<unix seconds>,
// v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` (the Stripe scheme). Plain http is refused except to
// a loopback address; a delivery has a time limit and never follows a redirect.
//
// A failed attempt is tried again after a wait that doubles (30 s, 1 min, 2 min, … at most an
// hour), up to WEBHOOK_ATTEMPTS_MAX attempts; every attempt carries the same `Idempotency-Key`
// header (and the same `delivery` in the signed body), so a receiver that got an attempt whose
// answer was lost can drop the repeat. A 2xx answer is delivered; 408, 429, 5xx, no answer or a
// time-out are tried again; any other answer (a 4xx: the receiver refuses it) fails at once.

import { createHmac } from 'node:crypto';

export const WEBHOOK_TIMEOUT_MS = 10_000;
export const WEBHOOK_ATTEMPTS_MAX = 8;
export const WEBHOOK_RETRY_FIRST_MS = 30_000;
export const WEBHOOK_RETRY_MAX_MS = 3_600_000;

export function signature(secret: string, body: string, unix_s: number): string {
  return `t=${unix_s},v1=${createHmac('sha256', secret).update(`${unix_s}.${body}`).digest('hex')}`;
}

/** Whether a URL may receive alerts: https anywhere, http only on this machine. */
export function webhookUrlAllowed(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(url.hostname));
}

/** The wait before the next attempt, after `attempts_made` failed ones (1, 2, …). */
export function retryDelayMs(attempts_made: number): number {
  return Math.min(WEBHOOK_RETRY_FIRST_MS * 2 ** Math.max(0, attempts_made - 1), WEBHOOK_RETRY_MAX_MS);
}

/** What an attempt's answer means: delivered, worth trying again, or refused for good. */
export function attemptOutcome(status: number | null): 'delivered' | 'retry' | 'refused' {
  if (status === null) return 'retry';
  if (status >= 200 && status < 300) return 'delivered';
  return status === 408 || status === 429 || status >= 500 ? 'retry' : 'refused';
}

export interface WebhookAnswer {
  status: number;
}

export async function deliverWebhook(url: string, secret: string | null, payload: unknown, idempotency_key: string, now_ms: number = Date.now(), timeout_ms = WEBHOOK_TIMEOUT_MS): Promise<WebhookAnswer> {
  if (!webhookUrlAllowed(url)) throw new Error(`webhook URL not allowed: ${url}`);
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'hozen-alerts/1', 'idempotency-key': idempotency_key };
  if (secret !== null) headers['hozen-signature'] = signature(secret, body, Math.floor(now_ms / 1000));
  const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeout_ms) });
  await response.arrayBuffer().catch(() => undefined);
  return { status: response.status };
}
