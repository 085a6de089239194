// The customer's pages: a customer logs in to their own proof of liabilities and sees nothing
// else (every other page names an action the customer role is not granted: auth/guard.ts). The
// account is the one the customer's user names, never a parameter, so no customer can ask for
// another's proof.

import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { customerProof } from '../app/customer-proof.ts';
import { masterSecretFromEnv } from '../app/prove.ts';
import { LIABILITIES_FILE } from '../proof/derive.ts';
import { principalOrThrow, requires, tenantDeps } from '../server/auth/guard.ts';
import type { ServerEnv, ServerServices } from '../server/context.ts';
import { HttpError } from '../server/http-error.ts';
import { proofsDir } from '../server/routes/proof.ts';
import { PROOF_JS, PROOF_JS_PATH } from './assets/scripts.ts';
import { shownInstant } from './dates.ts';
import { page } from './layout.ts';
import { proofBody } from './pages/proof.ts';

export function registerCustomerPages(app: OpenAPIHono<ServerEnv>, services: ServerServices): void {
  app.get(PROOF_JS_PATH, (c) => c.body(PROOF_JS, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' }));

  // The customer's home is their proof.
  app.get('/', async (c, next) => (c.get('principal')?.role === 'customer' ? c.redirect('/proof', 303) : next()));

  const accountOf = (c: Context<ServerEnv>): { tenant_id: string; account: string } => {
    const principal = principalOrThrow(c);
    if (principal.user.account_id === null || principal.tenant_id === null) throw new HttpError(403, 'server.forbidden', { role: principal.role });
    return { tenant_id: principal.tenant_id, account: principal.user.account_id };
  };

  app.get('/proof', requires('proof.own'), async (c) => {
    const tr = c.get('tr');
    const { tenant_id, account } = accountOf(c);
    const deps = await tenantDeps(c, services);
    const result = await customerProof(deps, { account, master_secret: await masterSecretFromEnv(), treeDir: (id) => proofsDir(services, tenant_id, id) });
    const time_zone = (await services.handle.listTenants()).find((t) => t.id === tenant_id)?.time_zone ?? 'UTC';
    return c.html(page({ tr, title: tr.t('web.proof.title'), path: '/proof', principal: c.get('principal'), body: proofBody(tr, result, (iso) => shownInstant(iso, tr.lang, time_zone)) }));
  });

  // The published liabilities.json of a snapshot whose tree is built: what the browser verifies against.
  app.get('/proof/liabilities.json', requires('proof.own'), async (c) => {
    const { tenant_id } = accountOf(c);
    const deps = await tenantDeps(c, services);
    const id = await deps.store.resolveSnapshotId(c.req.query('snapshot') ?? '');
    const text = id === null ? null : await readFile(join(proofsDir(services, tenant_id, id), LIABILITIES_FILE), 'utf8').catch(() => null);
    if (text === null) throw new HttpError(404, 'server.not_found', { path: c.req.path });
    return c.body(text, 200, { 'content-type': 'application/json; charset=utf-8', 'content-disposition': 'attachment; filename="liabilities.json"' });
  });
}
