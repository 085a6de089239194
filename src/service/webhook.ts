// Alerts to a webhook: the daily run's JSON POSTed to the tenant's URL, signed so the receiver can
// tell it came from this service and was not replayed: `Hozen-Signature: t=<unix seconds>,
// v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` (the Stripe scheme). Plain http is refused except to
// a loopback address; a delivery has a time limit and never follows a redirect.

import { createHmac } from 'node:crypto';

export const WEBHOOK_TIMEOUT_MS = 10_000;

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

export interface WebhookDelivery {
  status: number;
}

export async function deliverWebhook(url: string, secret: string | null, payload: unknown, now_ms: number = Date.now(), timeout_ms = WEBHOOK_TIMEOUT_MS): Promise<WebhookDelivery> {
  if (!webhookUrlAllowed(url)) throw new Error(`webhook URL not allowed: ${url}`);
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'hozen-alerts/1' };
  if (secret !== null) headers['hozen-signature'] = signature(secret, body, Math.floor(now_ms / 1000));
  const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeout_ms) });
  await response.arrayBuffer().catch(() => undefined);
  return { status: response.status };
}
