// The service's HTTP application: every request passes, in this order, the reader's language (and,
// on the way out, the security headers), the request guard (same-site, the body its route takes),
// and the principal (a session cookie or an API token). Routes then name the action they perform (auth/guard.ts) and
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
import { PrincipalCache } from './auth/principal-cache.ts';
import { AnswerCache } from './answer-cache.ts';
import { requestGuard, securityHeaderSet, withHeaders, type HeaderSet } from './security.ts';
import type { Lang } from '../i18n/i18n.ts';
import { validationHook } from './validation.ts';
import { makeLogIn, registerSessionRoutes, type LogIn } from './routes/session.ts';
import type { Principal } from './context.ts';
import { setCookie } from 'hono/cookie';
import { LANG_COOKIE } from './lang.ts';
import type { Context } from 'hono';
import { registerSnapshotRoutes } from './routes/snapshots.ts';
import { registerRunRoutes } from './routes/runs.ts';
import { registerAuditRoutes } from './routes/audit.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerDocsRoutes } from './routes/docs.ts';
import { registerJobRoutes } from './routes/jobs.ts';
import { registerProofRoutes, VERIFIER_PATH } from './routes/proof.ts';
import { registerProofCheckRoutes } from './routes/proof-checks.ts';
import { registerReportRoutes } from './routes/reports.ts';
import { registerAssociationRoutes } from './routes/association.ts';
import { registerInsurerRoutes } from './routes/insurer.ts';

export const API_PREFIX = '/api/v1';
const STATIC_PREFIXES = ['/assets/', '/verifier/', `${API_PREFIX}/docs`, `${API_PREFIX}/openapi.json`] as const;

export interface ServerAppOptions {
  /** Called with errors that are not the user's (answered 500 without detail). */
  log_error?: (error: unknown) => void;
  /** Pages beside the API (src/web, composed by src/service): their routes, form paths and error page. */
  pages?: PagesExtension;
}

export interface PagesExtension {
  form_paths: readonly string[];
  multipart_paths: readonly string[];
  register(app: OpenAPIHono<ServerEnv>, services: ServerServices, logIn: LogIn): void;
  /** The error as a page, for a browser that asked for one. */
  errorPage(c: Context<ServerEnv>, principal: Principal | null, error: UserError, status: number): Response | Promise<Response>;
}

const languageDefaults = (lang: Lang): HeaderSet => Object.freeze({ 'content-language': lang, 'cache-control': 'no-store' });

export function createServerApp(services: ServerServices, options: ServerAppOptions = {}): OpenAPIHono<ServerEnv> {
  const app = new OpenAPIHono<ServerEnv>({ defaultHook: validationHook });
  const log_error = options.log_error ?? ((error: unknown) => console.error(error));

  const principals = new PrincipalCache(services.handle);
  const answers = new AnswerCache(services.handle, services.now_ms);
  const security = securityHeaderSet();
  // Every response carries the security headers (the verifier page sets its own, stricter, hashed
  // policy) and, unless its route says otherwise, its language and no-store.
  const defaults: Record<Lang, HeaderSet> = { ja: languageDefaults('ja'), en: languageDefaults('en') };
  const presets: Record<Lang, HeaderSet> = { ja: Object.freeze({ ...security, ...defaults.ja }), en: Object.freeze({ ...security, ...defaults.en }) };
  app.use('*', (c, next) => {
    const { lang, from_query } = requestLang(c);
    c.set('lang', lang);
    c.set('tr', translator(lang));
    c.set('principal', null);
    c.set('answers', answers);
    c.set('preset_headers', presets[lang]);
    // A page's language switch is remembered for the next visit.
    if (from_query && !c.req.path.startsWith(`${API_PREFIX}/`)) setCookie(c, LANG_COOKIE, lang, { path: '/', sameSite: 'Lax', secure: true, maxAge: 365 * 86_400 });
    return withHeaders(c, next, c.req.path.startsWith(`${VERIFIER_PATH}/`) ? {} : security, defaults[lang]);
  });
  app.use('*', requestGuard({ multipart_paths: [`${API_PREFIX}/snapshots`, ...(options.pages?.multipart_paths ?? [])], form_paths: [...(options.pages?.form_paths ?? [])] }));
  app.use('*', async (c, next) => {
    // Static files need no principal: a session lookup per stylesheet would be a query for nothing.
    if (!STATIC_PREFIXES.some((p) => c.req.path.startsWith(p))) c.set('principal', await principals.principalOf(c, services.now_ms()));
    await next();
  });

  const answerError = (c: Context<ServerEnv>, error: UserError, status: number) => {
    const tr = c.get('tr') ?? translator('en');
    if (options.pages === undefined || c.req.path.startsWith(`${API_PREFIX}/`)) return c.body(toJson(userErrorJson(tr, error)), status as 400, { 'content-type': 'application/json; charset=utf-8' });
    return options.pages.errorPage(c, c.get('principal') ?? null, error, status);
  };
  app.onError((error, c) => {
    if (error instanceof UserError) return answerError(c, error, statusOf(error));
    log_error(error);
    return answerError(c, new HttpError(400, 'server.internal'), 500);
  });
  app.notFound((c) => answerError(c, new HttpError(404, 'server.not_found', { path: c.req.path.slice(0, 200) }), 404));

  const logIn = makeLogIn(services);
  registerSessionRoutes(app, services, logIn);
  options.pages?.register(app, services, logIn);
  registerSnapshotRoutes(app, services);
  registerRunRoutes(app, services);
  registerAuditRoutes(app, services);
  registerJobRoutes(app, services);
  registerProofRoutes(app, services);
  registerProofCheckRoutes(app, services);
  registerReportRoutes(app, services);
  registerInsurerRoutes(app, services);
  registerAdminRoutes(app, services);
  registerAssociationRoutes(app, services);
  registerDocsRoutes(app);
  return app;
}
