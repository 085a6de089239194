// The service's HTTP application: every request passes, in this order, the security headers, the
// reader's language, the request guard (same-site, the body its route takes), and the principal
// (a session cookie or an API token). Routes then name the action they perform (auth/guard.ts) and
// call the same use-case functions as the CLI; errors answer the CLI's --json error shape, in the
// reader's language, with the status statusOf() gives. Nothing here knows a figure.

import { OpenAPIHono } from '@hono/zod-openapi';
import { UserError } from '../errors.ts';
import { translator } from '../i18n/catalogs.ts';
import { userErrorJson } from '../text/errors.ts';
import { toJson } from '../text/json.ts';
import type { ServerEnv, ServerServices } from './context.ts';
import { HttpError, statusOf } from './http-error.ts';
import { requestLang } from './lang.ts';
import { principalOf } from './auth/sessions.ts';
import { securityHeaders, requestGuard } from './security.ts';
import { validationHook } from './validation.ts';
import { registerSessionRoutes } from './routes/session.ts';
import { registerSnapshotRoutes } from './routes/snapshots.ts';
import { registerRunRoutes } from './routes/runs.ts';
import { registerAuditRoutes } from './routes/audit.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerDocsRoutes } from './routes/docs.ts';
import { registerJobRoutes } from './routes/jobs.ts';

export const API_PREFIX = '/api/v1';

export interface ServerAppOptions {
  /** Called with errors that are not the user's (answered 500 without detail). */
  log_error?: (error: unknown) => void;
}

export function createServerApp(services: ServerServices, options: ServerAppOptions = {}): OpenAPIHono<ServerEnv> {
  const app = new OpenAPIHono<ServerEnv>({ defaultHook: validationHook });
  const log_error = options.log_error ?? ((error: unknown) => console.error(error));

  app.use('*', securityHeaders());
  app.use('*', async (c, next) => {
    const lang = requestLang(c);
    c.set('lang', lang);
    c.set('tr', translator(lang));
    c.set('principal', null);
    c.header('Content-Language', lang);
    c.header('Cache-Control', 'no-store');
    await next();
  });
  app.use('*', requestGuard({ multipart_paths: [`${API_PREFIX}/snapshots`], form_paths: [] }));
  app.use(`${API_PREFIX}/*`, async (c, next) => {
    c.set('principal', await principalOf(c, services.handle.accounts, services.now_ms()));
    await next();
  });

  app.onError((error, c) => {
    const tr = c.get('tr') ?? translator('en');
    if (error instanceof UserError) {
      return c.body(toJson(userErrorJson(tr, error)), statusOf(error) as 400, { 'content-type': 'application/json; charset=utf-8' });
    }
    log_error(error);
    return c.body(toJson(userErrorJson(tr, new HttpError(400, 'server.internal'))), 500, { 'content-type': 'application/json; charset=utf-8' });
  });
  app.notFound((c) => {
    const tr = c.get('tr') ?? translator('en');
    return c.body(toJson(userErrorJson(tr, new HttpError(404, 'server.not_found', { path: c.req.path }))), 404, { 'content-type': 'application/json; charset=utf-8' });
  });

  registerSessionRoutes(app, services);
  registerSnapshotRoutes(app, services);
  registerRunRoutes(app, services);
  registerAuditRoutes(app, services);
  registerJobRoutes(app, services);
  registerAdminRoutes(app, services);
  registerDocsRoutes(app);
  return app;
}
