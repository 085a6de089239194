// The service's defences, each a test that fails when the defence is removed: tenants cannot see
// each other (404, no existence leak), roles limit actions, the association and the admin read no
// exchange's data, cross-site and form-like writes are refused, user-supplied strings come back
// as data, revoked tokens fail at once, log-in locks after repeated failures and is rate-limited,
// sessions use __Host- cookies, and every response carries the security headers (the set hono's
// secureHeaders() gives, whether the middleware or presetResponse put them there).

import { readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMasterSecret } from '../app/prove.ts';
import { downloadToken } from '../proof/download-token.ts';
import type { ProofJson } from '../proof/format.ts';
import { addToken } from '../app/accounts.ts';
import { createServiceApp } from '../service/app.ts';
import { openTwoExchanges, type TwoExchanges } from './testing.ts';
import { generateDemo } from '../demo/generate.ts';
import type { Actor, StoreHandle } from '../store/types.ts';
import type { UserRecord } from '../store/accounts.ts';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { HSTS_MAX_AGE_S, securityHeaderSet } from './security.ts';
import { SESSION_COOKIE } from './auth/sessions.ts';
import { LOCKOUT, LOGIN_ATTEMPTS_PER_ADDRESS } from './routes/session.ts';

const XSS = '<script>alert("hozen")</script>';
const PASSWORD = 'correct horse battery staple';
const ADMIN: Actor = { type: 'cli', id: 'security-test', role: null, tenant: null };

let exchanges: TwoExchanges;
let work: string;
let handle: StoreHandle;
let app: TwoExchanges['app'];
let now_ms = Date.parse('2026-12-03T00:00:00Z');
let snapshot_b: string;
let customer_account: string;
const tokens: Record<string, string> = {};
const users: Record<string, UserRecord> = {};

const call = (path: string, init: RequestInit & { token?: string } = {}) => exchanges.call(path, init);

const postJson = (path: string, body: unknown, token?: string, headers: Record<string, string> = {}) =>
  call(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers }, ...(token === undefined ? {} : { token }) });

/** exchange-b's name is a script: every page and document must show it as text. */
async function nameExchangeB(dir: string): Promise<void> {
  const exchange = JSON.parse(await readFile(join(dir, 'exchange.json'), 'utf8')) as { exchange: { name: string } };
  exchange.exchange.name = XSS;
  await writeFile(join(dir, 'exchange.json'), JSON.stringify(exchange, null, 2));
}

beforeAll(async () => {
  exchanges = await openTwoExchanges({ name: 'security', actor: ADMIN, createApp: createServiceApp, demo: { accounts: 200, seed: 5 }, password: PASSWORD, now_ms: () => now_ms, edit_b: nameExchangeB });
  ({ work, handle, app, snapshot_b } = exchanges);
  customer_account = exchanges.accounts_b[0]!;
  Object.assign(users, exchanges.users);
  Object.assign(tokens, exchanges.tokens);
}, 120_000);

afterAll(async () => {
  await exchanges?.close();
});

describe('tenants', () => {
  it("answers another tenant's snapshot exactly as one that does not exist (404, same body shape)", async () => {
    const theirs = await call(`/api/v1/snapshots/${snapshot_b}`, { token: tokens['officer-a']! });
    const none = await call(`/api/v1/snapshots/${'0'.repeat(64)}`, { token: tokens['officer-a']! });
    expect(theirs.status).toBe(404);
    expect(none.status).toBe(404);
    const [a, b] = [(await theirs.json()) as { error: string }, (await none.json()) as { error: string }];
    expect(a.error).toBe(b.error);
    expect((await call(`/api/v1/snapshots/${snapshot_b}`, { token: tokens['officer-b']! })).status).toBe(200);
  });

  it("cannot run on or list another tenant's snapshots", async () => {
    expect((await postJson(`/api/v1/snapshots/${snapshot_b}/check`, {}, tokens['officer-a'])).status).toBe(404);
    const listed = (await (await call('/api/v1/snapshots', { token: tokens['officer-a']! })).json()) as unknown[];
    expect(JSON.stringify(listed)).not.toContain(snapshot_b);
  });
});

describe('roles', () => {
  it('asks for a log-in without credentials, and refuses an unknown token', async () => {
    expect((await call('/api/v1/snapshots')).status).toBe(401);
    expect((await call('/api/v1/snapshots', { token: 'hzn_AAAAAAAAAAAA_' + 'x'.repeat(43) })).status).toBe(401);
  });

  it('lets a viewer read and not write', async () => {
    expect((await call(`/api/v1/snapshots/${snapshot_b}`, { token: tokens['viewer-b']! })).status).toBe(200);
    expect((await postJson(`/api/v1/snapshots/${snapshot_b}/check`, {}, tokens['viewer-b'])).status).toBe(403);
    expect((await call('/api/v1/audit', { token: tokens['viewer-b']! })).status).toBe(403);
  });

  it('lets an auditor read the audit log and verify it', async () => {
    expect((await call('/api/v1/audit/verify', { token: tokens['auditor-b']! })).status).toBe(200);
    expect((await postJson(`/api/v1/snapshots/${snapshot_b}/check`, {}, tokens['auditor-b'])).status).toBe(403);
  });

  it('gives the association and the admin no route to a snapshot, a balance or an account', async () => {
    for (const who of ['association', 'admin']) {
      for (const path of ['/api/v1/snapshots', `/api/v1/snapshots/${snapshot_b}`, `/api/v1/snapshots/${snapshot_b}/check`, '/api/v1/history', '/api/v1/audit']) {
        const response = await call(path, { token: tokens[who]! });
        expect(response.status, `${who} ${path}`).toBe(403);
        expect(await response.text()).not.toContain(snapshot_b);
      }
    }
  });

  it('lets only the admin manage users and tenants', async () => {
    expect((await call('/api/v1/users', { token: tokens['officer-b']! })).status).toBe(403);
    expect((await postJson('/api/v1/tenants', { id: 'exchange-c', name: 'C' }, tokens['officer-b'])).status).toBe(403);
    expect((await postJson('/api/v1/tenants', { id: 'exchange-c', name: 'C' }, tokens['admin'])).status).toBe(201);
  });
});

describe('requests from other sites', () => {
  it('refuses form-like bodies on JSON routes (a cross-site form needs no preflight)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const response = await call(`/api/v1/snapshots/${snapshot_b}/check`, { method: 'POST', token: tokens['officer-b']!, body: '{}', headers: { 'content-type': type } });
      expect(response.status, type).toBe(415);
    }
  });

  it('refuses a write whose Origin or Sec-Fetch-Site is another site', async () => {
    expect((await postJson(`/api/v1/snapshots/${snapshot_b}/check`, {}, tokens['officer-b'], { origin: 'https://evil.example' })).status).toBe(403);
    expect((await postJson(`/api/v1/snapshots/${snapshot_b}/check`, {}, tokens['officer-b'], { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await postJson(`/api/v1/snapshots/${snapshot_b}/check`, {}, tokens['officer-b'], { 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });
});

describe('user-supplied strings', () => {
  it('come back as JSON data, never as a page, and escaped in the HTML documents', async () => {
    const shown = await call(`/api/v1/snapshots/${snapshot_b}`, { token: tokens['officer-b']! });
    expect(shown.headers.get('content-type')).toMatch(/^application\/json/);
    expect(shown.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await shown.text()).toContain(JSON.stringify(XSS).slice(1, -1));
    const policy = (await (await call(`/api/v1/snapshots/${snapshot_b}/policy`, { token: tokens['officer-b']! })).json()) as { documents: Record<string, { html: string }> };
    for (const document of Object.values(policy.documents)) {
      expect(document.html).not.toContain('<script>alert');
      expect(document.html).toContain('&lt;script&gt;');
    }
  });
});

describe('pages', () => {
  const session = async (name: string): Promise<string> => {
    const response = await app.request('/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' }, body: `name=${name}&password=${encodeURIComponent(PASSWORD)}` });
    expect(response.status).toBe(303);
    return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  };

  it('escape what users supplied (an exchange name) in the HTML they render', async () => {
    const page = await (await app.request('/snapshots', { headers: { cookie: await session('officer-b') } })).text();
    expect(page).not.toContain(XSS);
    expect(page).toContain('&lt;script&gt;');
  });

  it('refuse a log-in form posted from another site', async () => {
    const response = await app.request('/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, body: `name=officer-b&password=${encodeURIComponent(PASSWORD)}` });
    expect(response.status).toBe(403);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it("show the association and a viewer only what their role allows", async () => {
    const home = await app.request('/', { headers: { cookie: await session('association') } });
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/association');
    expect((await app.request('/wallets', { headers: { cookie: await session('association') } })).status).toBe(403);
    const viewer = await session('viewer-b');
    expect((await app.request('/snapshots', { headers: { cookie: viewer } })).status).toBe(200);
    expect((await app.request('/audit', { headers: { cookie: viewer } })).status).toBe(403);
    const upload = await app.request(`/snapshots/${snapshot_b}/check`, { method: 'POST', headers: { cookie: viewer, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' }, body: '' });
    expect(upload.status).toBe(403);
  });

  it('send a visitor without a session to the log-in page', async () => {
    const response = await app.request('/');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/login');
  });
});

describe('proof of liabilities', () => {
  it("gives a customer their own proof, and nobody else any customer's", async () => {
    process.env.HOZEN_PROOF_SECRET_FILE = new URL('../../examples/proof/demo-master-secret.hex', import.meta.url).pathname;
    const built = await call(`/api/v1/snapshots/${snapshot_b}/prove`, { method: 'POST', token: tokens['officer-b']! });
    expect(built.status, await built.clone().text()).toBe(200);
    const own = await call(`/api/v1/proof?snapshot=${snapshot_b}`, { token: tokens['customer-b']! });
    expect(own.status).toBe(200);
    expect(await own.text()).toContain(customer_account);
    // The account is the user's own: there is no parameter to ask for another's.
    expect((await call(`/api/v1/proof?snapshot=${snapshot_b}&account=someone-else`, { token: tokens['customer-b']! })).status).toBe(422);
    for (const who of ['officer-b', 'viewer-b', 'association', 'admin']) expect((await call(`/api/v1/proof?snapshot=${snapshot_b}`, { token: tokens[who]! })).status, who).toBe(403);
    expect((await call('/api/v1/snapshots', { token: tokens['customer-b']! })).status).toBe(403);
    expect((await call(`/api/v1/snapshots/${snapshot_b}/prove`, { method: 'POST', token: tokens['viewer-b']! })).status).toBe(403);
    // A customer holds no API tokens: their proof is read with their session or its download token.
    expect((await call('/api/v1/tokens', { token: tokens['customer-b']! })).status).toBe(403);
    expect((await call('/api/v1/tokens', { token: tokens['viewer-b']! })).status).toBe(200);
  });

  it("serves a proof by its download token alone, and nothing for a token altered or made with another secret", async () => {
    const secret_file = new URL('../../examples/proof/demo-master-secret.hex', import.meta.url).pathname;
    process.env.HOZEN_PROOF_SECRET_FILE = secret_file;
    expect((await call(`/api/v1/snapshots/${snapshot_b}/prove`, { method: 'POST', token: tokens['officer-b']! })).status).toBe(200);
    const master = parseMasterSecret({ name: secret_file, text: readFileSync(secret_file, 'utf8') });
    const grant = { tenant_id: 'exchange-b', snapshot_id: snapshot_b, account_id: customer_account };
    const good = await call(`/api/v1/proof/download/${downloadToken(master, grant)}`);
    expect(good.status).toBe(200);
    expect((JSON.parse(await good.text()) as ProofJson).leaf.account_id).toBe(customer_account);
    // Another account, or another tenant, under the same MAC: refused.
    const token = Buffer.from(downloadToken(master, grant), 'base64url');
    const forged = Buffer.from(token);
    forged[forged.length - 17 - 1] = forged[forged.length - 17 - 1]! ^ 1; // the last byte of the account id
    expect((await call(`/api/v1/proof/download/${forged.toString('base64url')}`)).status).toBe(404);
    expect((await call(`/api/v1/proof/download/${downloadToken(new Uint8Array(32).fill(1), grant)}`)).status).toBe(404);
    expect((await call(`/api/v1/proof/download/${downloadToken(master, { ...grant, tenant_id: '..' })}`)).status).toBe(404);
    expect((await call('/api/v1/proof/download/AAAA')).status).toBe(404);
  });

  it('serves the verifier page with a policy naming exactly its inline script and style', async () => {
    const response = await call('/verifier/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(response.headers.get('content-security-policy')).not.toMatch(/unsafe-inline/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('tokens and log-in', () => {
  it('fails a revoked token at once', async () => {
    const { record, token } = await addToken({ handle, actor: ADMIN }, { user: users['viewer-b']!, label: 'to revoke', now_ms });
    expect((await call('/api/v1/snapshots', { token })).status).toBe(200);
    await handle.accounts.revokeToken(record.id, ADMIN);
    expect((await call('/api/v1/snapshots', { token })).status).toBe(401);
  });

  it('fails an expired token', async () => {
    const { token } = await addToken({ handle, actor: ADMIN }, { user: users['viewer-b']!, label: 'short', expires_days: 1, now_ms });
    now_ms += 2 * 86_400_000;
    try {
      expect((await call('/api/v1/snapshots', { token })).status).toBe(401);
    } finally {
      now_ms -= 2 * 86_400_000;
    }
  });

  it('sets a __Host- session cookie: HttpOnly, Secure, SameSite=Strict, Path=/', async () => {
    const response = await postJson('/api/v1/session', { name: 'viewer-b', password: PASSWORD }, undefined, { 'x-forwarded-for': 'cookie-test' });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    const session = cookie.split(';')[0]!;
    const me = await call('/api/v1/session', { headers: { cookie: session } });
    expect(((await me.json()) as { role: string }).role).toBe('viewer');
  });

  it('locks a user after repeated failures, even with the right password next', async () => {
    for (let i = 0; i < LOCKOUT.failures_max; i++) expect((await postJson('/api/v1/session', { name: 'auditor-b', password: 'wrong password here' })).status).toBe(401);
    expect((await postJson('/api/v1/session', { name: 'auditor-b', password: PASSWORD })).status).toBe(401);
    now_ms += LOCKOUT.lock_ms + 1;
    try {
      expect((await postJson('/api/v1/session', { name: 'auditor-b', password: PASSWORD })).status).toBe(200);
    } finally {
      now_ms -= LOCKOUT.lock_ms + 1;
    }
  });

  it('rate-limits log-in attempts from one address across names', async () => {
    now_ms += 3_600_000;
    const statuses: number[] = [];
    for (let i = 0; i <= LOGIN_ATTEMPTS_PER_ADDRESS.attempts_max; i++) statuses.push((await postJson('/api/v1/session', { name: `nobody-${i}`, password: 'whatever it is' })).status);
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('does not count log-ins that succeed against an address (an office behind one address)', async () => {
    now_ms += 3_600_000;
    for (let i = 0; i <= LOGIN_ATTEMPTS_PER_ADDRESS.attempts_max; i++) expect((await postJson('/api/v1/session', { name: 'viewer-b', password: PASSWORD })).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i <= LOGIN_ATTEMPTS_PER_ADDRESS.attempts_max; i++) statuses.push((await postJson('/api/v1/session', { name: `nobody-${i}`, password: 'whatever it is' })).status);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('headers', () => {
  /** What hono's secureHeaders() sets with the service's options: the reference the precomputed set is held to. */
  async function honoHeaders(script_hashes: string[], style_hashes: string[]): Promise<Record<string, string>> {
    const reference = new Hono();
    reference.use(
      '*',
      secureHeaders({
        contentSecurityPolicy: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", ...script_hashes.map((h) => `'sha256-${h}'`)],
          styleSrc: ["'self'", ...style_hashes.map((h) => `'sha256-${h}'`)],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
        strictTransportSecurity: `max-age=${HSTS_MAX_AGE_S}; includeSubDomains`,
        referrerPolicy: 'same-origin',
        xFrameOptions: 'DENY',
        crossOriginOpenerPolicy: 'same-origin',
        crossOriginResourcePolicy: 'same-origin',
        permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [] },
      }),
    );
    reference.get('/', (c) => c.body(null, 204));
    return Object.fromEntries((await reference.request('/')).headers);
  }

  it("are hono's secureHeaders(), every one of them, computed once", async () => {
    expect(securityHeaderSet()).toEqual(await honoHeaders([], []));
    expect(securityHeaderSet(['c2NyaXB0'], ['c3R5bGU='])).toEqual(await honoHeaders(['c2NyaXB0'], ['c3R5bGU=']));
  });

  it('are on every response: ok, refused, not found, bad input, the answers made in one step, pages and files', async () => {
    process.env.HOZEN_PROOF_SECRET_FILE = new URL('../../examples/proof/demo-master-secret.hex', import.meta.url).pathname;
    const master = parseMasterSecret({ name: 'demo', text: readFileSync(process.env.HOZEN_PROOF_SECRET_FILE, 'utf8') });
    expect((await call(`/api/v1/snapshots/${snapshot_b}/prove`, { method: 'POST', token: tokens['officer-b']! })).status).toBe(200);
    expect((await postJson(`/api/v1/snapshots/${snapshot_b}/check`, {}, tokens['officer-b'])).status).toBe(200);
    const responses = [
      await call('/api/v1/snapshots', { token: tokens['officer-b']! }),
      await call('/api/v1/snapshots'),
      await call('/api/v1/nothing-here', { token: tokens['officer-b']! }),
      await postJson(`/api/v1/snapshots/${snapshot_b}/check`, { regimes: 'not a list' }, tokens['officer-b']),
      await call('/api/v1/docs'),
      // Made whole by presetResponse, not by the middleware:
      await call(`/api/v1/snapshots/${snapshot_b}/check`, { token: tokens['officer-b']! }),
      await call(`/api/v1/snapshots/${snapshot_b}/check?lang=ja`, { token: tokens['officer-b']! }),
      await call(`/api/v1/proof?snapshot=${snapshot_b}`, { token: tokens['customer-b']! }),
      await call(`/api/v1/proof/download/${downloadToken(master, { tenant_id: 'exchange-b', snapshot_id: snapshot_b, account_id: customer_account })}`),
      await call('/api/v1/proof/download/AAAA'),
      await call('/login'),
      await call('/assets/style.css'),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 401, 404, 422, 200, 200, 200, 200, 200, 404, 200, 200]);
    const expected = securityHeaderSet();
    for (const [i, response] of responses.entries()) {
      for (const [name, value] of Object.entries(expected)) expect(response.headers.get(name), `${name} on response ${i}`).toBe(value);
      expect(response.headers.get('content-language'), `content-language on response ${i}`).toMatch(/^(en|ja)$/);
      expect(response.headers.get('cache-control'), `cache-control on response ${i}`).toBe(i === 11 ? 'public, max-age=3600' : 'no-store');
    }
    expect(responses[6]!.headers.get('content-language')).toBe('ja');
    // The verifier page's own policy names its inline script's hash; the rest of the set is the same.
    const verifier = await call('/verifier/');
    for (const [name, value] of Object.entries(expected)) if (name !== 'content-security-policy') expect(verifier.headers.get(name), name).toBe(value);
    expect(verifier.headers.get('cache-control')).toBe('no-store');
  });
});

describe('the API description', () => {
  it('is OpenAPI 3.1, lists every route, and its reference page loads nothing from elsewhere', async () => {
    const doc = (await (await call('/api/v1/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    for (const path of ['/api/v1/snapshots', '/api/v1/snapshots/{id}/check', '/api/v1/snapshots/{id}/compensate', '/api/v1/runs/{id}/files/{file}', '/api/v1/audit/verify', '/api/v1/session', '/api/v1/tokens']) expect(doc.paths).toHaveProperty([path]);
    const page = await (await call('/api/v1/docs')).text();
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect((await call('/api/v1/docs/swagger-ui-bundle.js')).status).toBe(200);
  });
});

describe('uploads', () => {
  it("takes a multipart upload streamed to disk (not parsed first), into the uploader's tenant, naming the uploader in the list", async () => {
    const dir = join(work, 'multipart');
    await generateDemo({ out_dir: dir, accounts: 20, seed: 6 });
    const form = new FormData();
    for (const file of await readdir(dir)) form.append('files', new Blob([await readFile(join(dir, file))]), file);
    const answer = await call('/api/v1/snapshots', { method: 'POST', body: form, token: tokens['officer-a']! });
    expect(answer.status, await answer.clone().text()).toBe(200);
    const { snapshot } = (await answer.json()) as { snapshot: string };
    const listed = (await (await call('/api/v1/snapshots', { token: tokens['officer-a']! })).json()) as { snapshots: Array<{ id: string; imported_by: unknown }> };
    expect(listed.snapshots.find((s) => s.id === snapshot)?.imported_by).toEqual({ type: 'token', id: expect.any(String), role: 'officer', user_name: 'officer-a', token_label: 'test' });
    const theirs = (await (await call('/api/v1/snapshots', { token: tokens['officer-b']! })).json()) as { snapshots: Array<{ id: string }> };
    expect(theirs.snapshots.map((s) => s.id)).not.toContain(snapshot);
  });
});
