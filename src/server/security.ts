// The defences every response and request goes through, in one place (OWASP ASVS 5.0 L2 items
// noted): security headers with a real CSP and one-year HSTS (3.4.1–3.4.6), and a request guard
// that refuses state-changing requests whose body is not what the route takes (3.5.2: hono's
// csrf() lets JSON through and relies on CORS preflight, so the API must refuse the form-like
// bodies a cross-site page can send without one) or whose origin is another site (3.5.1).

import type { Context, MiddlewareHandler } from 'hono';
import { createHash } from 'node:crypto';
import { HttpError } from './http-error.ts';

/** One year, as ASVS 3.4.1 asks at L2; subdomains included. */
export const HSTS_MAX_AGE_S = 31_536_000;

/** Response headers by lower-case name, computed once: every response carries one such set. */
export type HeaderSet = Readonly<Record<string, string>>;

/**
 * Pages load scripts, styles and images from this server only; inline scripts are refused unless
 * a page's own hash is listed (`script_hashes`, base64 SHA-256 as CSP writes them). The same
 * headers, byte for byte, as hono's secureHeaders() with these options (security.test.ts holds
 * them to it): built once here instead of on every response.
 */
export function securityHeaderSet(script_hashes: readonly string[] = [], style_hashes: readonly string[] = []): HeaderSet {
  const policy: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'", ...script_hashes.map((h) => `'sha256-${h}'`)]],
    ['style-src', ["'self'", ...style_hashes.map((h) => `'sha256-${h}'`)]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'self'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return Object.freeze({
    'content-security-policy': policy.map(([directive, sources]) => `${directive} ${sources.join(' ')}`).join('; '),
    'strict-transport-security': `max-age=${HSTS_MAX_AGE_S}; includeSubDomains`,
    // same-origin: other sites get no referrer, and this site's own form posts keep a real Origin.
    'referrer-policy': 'same-origin',
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
  });
}

/** Responses made with their whole header set already (presetResponse): nothing is left to add to them. */
const COMPLETE = new WeakSet<Response>();

/**
 * A response whose headers are all given here, in one plain object (`preset`: the security set and
 * the other headers every response carries; `own`: the route's), marked complete: @hono/node-server
 * then writes that object as it is, where a header set on the response afterwards would cost a
 * Headers object and one call per header. Only for a route that sets no header through the context
 * (c.header, cookies): those would not be on this response.
 */
export function presetResponse(preset: HeaderSet, body: Uint8Array | string, own: Readonly<Record<string, string>>, status = 200): Response {
  const response = new Response(body as ConstructorParameters<typeof Response>[0], { status, headers: { ...preset, ...own } });
  COMPLETE.add(response);
  return response;
}

/**
 * Sets `set` on the response the rest of the chain made (overriding what a route set, as the
 * security headers must win), and `defaults` where the route did not set its own; nothing for a
 * response made complete by presetResponse.
 */
export async function withHeaders(c: Context, next: () => Promise<void>, set: HeaderSet, defaults: HeaderSet = {}): Promise<void> {
  await next();
  const response = c.res;
  if (COMPLETE.has(response)) return;
  const headers = response.headers;
  for (const name in set) headers.set(name, set[name]!);
  for (const name in defaults) if (!headers.has(name)) headers.set(name, defaults[name]!);
}

/** The middleware setting one header set on every response of the routes it is given to (the verifier page's). */
export function securityHeaders(set: HeaderSet = securityHeaderSet()): MiddlewareHandler {
  return (c, next) => withHeaders(c, next, set);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The bodies a page of another site can send without a CORS preflight. */
const FORM_LIKE = /^(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\b/i;

export interface RequestGuardOptions {
  /** Paths (prefixes) that take multipart uploads from this server's own pages or from scripts. */
  multipart_paths: readonly string[];
  /** Paths (prefixes) of the HTML forms this server serves (log-in, log-out). */
  form_paths: readonly string[];
}

/**
 * A state-changing request must come from this site (Sec-Fetch-Site or Origin, when the client
 * sends them) and carry the body its route takes: JSON for the API, multipart only where an
 * upload is taken, a form only where a page posts one.
 */
export function requestGuard(options: RequestGuardOptions): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const own_origin = new URL(c.req.url).origin;
    // Sec-Fetch-Site, where the browser sends it, is the stronger signal: an opaque Origin ("null",
    // sent by privacy settings and sandboxed frames) is then judged by it.
    const cross_site = site !== undefined ? site !== 'same-origin' && site !== 'none' : origin !== undefined && origin !== own_origin;
    if (cross_site || (origin !== undefined && origin !== 'null' && origin !== own_origin)) {
      throw new HttpError(403, 'server.cross_origin');
    }
    const type = c.req.header('content-type') ?? '';
    const path = c.req.path;
    const has_body = (c.req.header('content-length') ?? '0') !== '0' || c.req.header('transfer-encoding') !== undefined;
    if (/^multipart\/form-data\b/i.test(type)) {
      if (!options.multipart_paths.some((p) => path.startsWith(p))) throw new HttpError(415, 'server.unsupported_body', { type: 'multipart/form-data' });
    } else if (/^application\/x-www-form-urlencoded\b/i.test(type)) {
      if (!options.form_paths.some((p) => path.startsWith(p))) throw new HttpError(415, 'server.unsupported_body', { type: 'application/x-www-form-urlencoded' });
    } else if (FORM_LIKE.test(type) || (has_body && !/^application\/(json|x-tar|gzip|x-gzip)\b/i.test(type))) {
      throw new HttpError(415, 'server.unsupported_body', { type: type === '' ? '—' : type.split(';')[0]! });
    }
    return next();
  };
}

/** The base64 SHA-256 of each inline <script> and <style> of a page, as a CSP lists them. */
export function inlineHashes(page: string): { scripts: string[]; styles: string[] } {
  const hashes = (tag: string) => [...page.matchAll(new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => createHash('sha256').update(m[1]!, 'utf8').digest('base64'));
  return { scripts: hashes('script'), styles: hashes('style') };
}
