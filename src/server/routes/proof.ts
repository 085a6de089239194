// Proof of liabilities over HTTP: an officer builds a snapshot's tree (kept in the service's data
// directory, one per tenant and snapshot); a customer fetches their own inclusion proof — the
// account is the one their user names, never a parameter, so no customer can ask for another's —
// and anyone may load the standalone verifier page, which runs offline in the browser.

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { masterSecretBytesFromEnv, masterSecretFromEnv, proofForDownload, proofTextFor, VERIFIER_FILES } from '../../app/prove.ts';
import { ANSWER_CACHE_TTL_MS, TenantCache } from '../answer-cache.ts';
import { DOWNLOAD_TOKEN_CHARS_MAX } from '../../proof/download-token.ts';
import type { ServerEnv, ServerServices } from '../context.ts';
import { HttpError } from '../http-error.ts';
import { principalOrThrow, requires, tenantDeps } from '../auth/guard.ts';
import { inlineHashes, presetResponse, securityHeaders, securityHeaderSet } from '../security.ts';
import { actorOf } from '../context.ts';
import { answer, ERROR_RESPONSES, JSON_TYPE, resultSchema, route, SnapshotId, SnapshotParam, valid, VERDICT_HEADER } from './answer.ts';

export const VERIFIER_PATH = '/verifier';
const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

const ProofQuery = z.object({ snapshot: SnapshotId.openapi({ description: 'The snapshot whose tree holds the proof' }), lang: z.string().optional() }).strict();

/** Where a tenant's trees are kept: one directory per snapshot id. */
export function proofsDir(services: ServerServices, tenant_id: string, snapshot_id: string): string {
  return join(services.data_dir, 'tenants', tenant_id, 'proofs', snapshot_id);
}

/** Snapshot ids as customers name them, per tenant: at most this many, for at most ANSWER_CACHE_TTL_MS. */
const SNAPSHOT_IDS_MAX = 10_000;

export function registerProofRoutes(app: OpenAPIHono<ServerEnv>, services: ServerServices): void {
  const snapshot_ids = new TenantCache<string>(services.handle, services.now_ms, { ttl_ms: ANSWER_CACHE_TTL_MS, entries_max: SNAPSHOT_IDS_MAX, bytes_max: 256 * SNAPSHOT_IDS_MAX }, (id) => id.length);
  route(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/snapshots/{id}/prove',
      tags: ['proof'],
      summary: "Build the snapshot's Merkle sum tree and liabilities.json",
      description: 'The master secret is the one the service was started with (HOZEN_PROOF_SECRET_FILE); it is never sent over the API.',
      middleware: [requires('tenant.write')],
      request: { params: SnapshotParam },
      responses: { 200: { description: 'As `hozen prove --json`', content: { 'application/json': { schema: resultSchema('prove') } } }, ...ERROR_RESPONSES },
    }),
    async (c) => {
      const deps = await tenantDeps(c, services);
      const { id } = valid<{ id: string }>(c, 'param');
      const full = await deps.store.resolveSnapshotId(id);
      if (full === null) throw new HttpError(404, 'server.not_found', { path: c.req.path });
      return answer(c, deps, 'prove', { snapshot: { id: full }, master_secret: await masterSecretFromEnv(), out_dir: proofsDir(services, principalOrThrow(c).tenant_id!, full) });
    },
  );

  route(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/proof',
      tags: ['proof'],
      summary: 'Your own inclusion proof (customer role)',
      middleware: [requires('proof.own')],
      request: { query: ProofQuery },
      responses: { 200: { description: 'The proof (docs/formats/proof.md)', content: { 'application/json': { schema: resultSchema('proof') } } }, ...ERROR_RESPONSES, 503: { description: 'Too many proofs being looked up at once (`proof.lookups_busy`): try again in a moment.' } },
    }),
    async (c) => {
      const principal = principalOrThrow(c);
      const account = principal.user.account_id;
      const tenant_id = principal.tenant_id;
      if (account === null || tenant_id === null) throw new HttpError(403, 'server.forbidden', { role: principal.role });
      const snapshot = valid<{ snapshot: string }>(c, 'query').snapshot;
      // The snapshot a request names is looked up once until the tenant's snapshots change: the proof itself needs no store.
      const full = await snapshot_ids.answer(tenant_id, snapshot, async () => {
        const { close: _close, ...store } = await services.handle.forTenant(tenant_id, actorOf(principal));
        const id = await store.resolveSnapshotId(snapshot);
        if (id === null) throw new HttpError(404, 'server.not_found', { path: c.req.path });
        return id;
      });
      const text = await proofTextFor({ snapshot_id: full, account, master_secret: await masterSecretBytesFromEnv(), tree_dir: proofsDir(services, tenant_id, full) });
      return presetResponse(c.get('preset_headers'), text, { 'content-type': JSON_TYPE, 'content-disposition': `attachment; filename="proof-${full.slice(0, 12)}.json"`, [VERDICT_HEADER]: 'ok' });
    },
  );

  route(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/proof/download/{token}',
      tags: ['proof'],
      summary: 'A customer\'s proof by its download token (no log-in: the token is the capability)',
      description:
        'The token, handed to the customer with their statement, names the tenant, snapshot and account and carries a MAC under the master secret (docs/formats/proof.md, "Download tokens"). A token that is not one the service made answers 404, as an unknown path does.',
      request: { params: z.object({ token: z.string().min(1).max(DOWNLOAD_TOKEN_CHARS_MAX).openapi({ param: { name: 'token', in: 'path' } }) }) },
      responses: { 200: { description: 'The proof (docs/formats/proof.md)', content: { 'application/json': { schema: resultSchema('proof') } } }, 404: ERROR_RESPONSES[404], 503: { description: 'Too many proofs being looked up at once (`proof.lookups_busy`): try again in a moment.' } },
    }),
    async (c) => {
      const { token } = valid<{ token: string }>(c, 'param');
      const proof = await proofForDownload({
        token,
        master_secret: await masterSecretBytesFromEnv(),
        // The MAC makes a forged name impossible; a name that could leave the data directory is refused all the same.
        treeDir: (tenant_id, snapshot_id) => (SAFE_NAME.test(tenant_id) && SAFE_NAME.test(snapshot_id) ? proofsDir(services, tenant_id, snapshot_id) : null),
      });
      if (proof === null) throw new HttpError(404, 'server.not_found', { path: '/api/v1/proof/download/…' });
      return presetResponse(c.get('preset_headers'), proof.text, { 'content-type': JSON_TYPE, 'content-disposition': `attachment; filename="proof-${proof.snapshot_id.slice(0, 12)}.json"` });
    },
  );

  // The verifier page carries its own inline script and style: its CSP names exactly their hashes.
  const index = VERIFIER_FILES.find((f) => f.name === 'index.html')!;
  const module = VERIFIER_FILES.find((f) => f.name === 'verify.mjs')!;
  const page_html = readFileSync(index.path, 'utf8');
  const hashes = inlineHashes(page_html);
  const page_headers = securityHeaders(securityHeaderSet(hashes.scripts, hashes.styles));
  const module_headers = securityHeaders();
  app.get(VERIFIER_PATH, (c) => c.redirect(`${VERIFIER_PATH}/`, 301));
  for (const path of [`${VERIFIER_PATH}/`, `${VERIFIER_PATH}/index.html`]) app.get(path, page_headers, (c) => c.body(page_html, 200, { 'content-type': index.content_type }));
  app.get(`${VERIFIER_PATH}/verify.mjs`, module_headers, async (c) => c.body(await readFile(module.path, 'utf8'), 200, { 'content-type': module.content_type }));
}
