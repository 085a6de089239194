// Log-in and log-out for browsers (a __Host- session cookie), and "who am I" for every client.
// Failed log-ins cost the same time whether the name exists or not (a dummy hash is verified),
// count towards the user's lockout in the store, and towards the client address's rate limit
// (which a log-in that succeeds gives back).

import type { Context } from 'hono';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { verifyPassword, dummyPasswordHash } from '../../accounts/secrets.ts';
import { actionsOf } from '../../accounts/roles.ts';
import { userJson } from '../../app/accounts.ts';
import type { UserRecord } from '../../store/accounts.ts';
import type { ServerEnv, ServerServices } from '../context.ts';
import { HttpError } from '../http-error.ts';
import { principalOrThrow } from '../auth/guard.ts';
import { SlidingWindowLimiter } from '../auth/rate-limit.ts';
import { endSession, startSession } from '../auth/sessions.ts';
import { ERROR_RESPONSES, jsonResponse, route, valid } from './answer.ts';

/** ASVS 6.3.1: a user locks after 5 failures in a row, for 15 minutes. */
export const LOCKOUT = { failures_max: 5, lock_ms: 15 * 60 * 1000 } as const;
/** Guessing across many names from one address: 20 failed attempts a minute. */
export const LOGIN_ATTEMPTS_PER_ADDRESS = { attempts_max: 20, window_ms: 60 * 1000 } as const;

const LoginBody = z.object({ name: z.string().min(1).max(64), password: z.string().min(1).max(512) }).strict();

export type LogIn = (c: Context<ServerEnv>, name: string, password: string) => Promise<UserRecord>;

/** One log-in for the API and the pages, with one rate limit per client address. */
export function makeLogIn(services: ServerServices): LogIn {
  const limiter = new SlidingWindowLimiter(LOGIN_ATTEMPTS_PER_ADDRESS.attempts_max, LOGIN_ATTEMPTS_PER_ADDRESS.window_ms);
  const accounts = services.handle.accounts;
  return async (c, name, password) => {
    const now_ms = services.now_ms();
    const address = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress ?? 'in-process';
    if (!limiter.allow(address, now_ms)) throw new HttpError(429, 'server.auth.too_many');
    const user = await accounts.userByName(name);
    const usable = user !== null && !user.disabled && (user.locked_until_ms === null || user.locked_until_ms <= now_ms);
    const verified = await verifyPassword(usable ? user.password_phc : await dummyPasswordHash(), password);
    if (!usable || !verified) {
      if (user !== null && usable) await accounts.recordLoginFailure(user.id, now_ms, LOCKOUT);
      throw new HttpError(401, 'server.auth.failed');
    }
    limiter.release(address, now_ms);
    await accounts.recordLoginSuccess(user.id);
    await startSession(c, accounts, user, now_ms);
    const { password_phc: _phc, ...record } = user;
    return record;
  };
}

export function registerSessionRoutes(app: OpenAPIHono<ServerEnv>, services: ServerServices, logIn: LogIn): void {
  const accounts = services.handle.accounts;

  route(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/session',
      tags: ['session'],
      summary: 'Log in (a browser session)',
      request: { body: { content: { 'application/json': { schema: LoginBody } }, required: true } },
      responses: { 200: { description: 'Logged in; the session cookie is set' }, 401: { description: '`server.auth.failed`' }, 429: { description: '`server.auth.too_many`' } },
    }),
    async (c) => {
      const { name, password } = valid<z.infer<typeof LoginBody>>(c, 'json');
      return jsonResponse(c, { user: userJson(await logIn(c, name, password)) });
    },
  );

  route(app, createRoute({ method: 'delete', path: '/api/v1/session', tags: ['session'], summary: 'Log out', responses: { 200: { description: 'The session has ended' } } }), async (c) => {
    await endSession(c, accounts, c.get('principal'));
    return jsonResponse(c, { message: c.get('tr').t('server.logged_out') });
  });

  route(app, createRoute({ method: 'get', path: '/api/v1/session', tags: ['session'], summary: 'Who is asking, and what they may do', responses: { 200: { description: 'The principal' }, ...ERROR_RESPONSES } }), async (c) => {
    const principal = principalOrThrow(c);
    return jsonResponse(c, { user: userJson(principal.user), role: principal.role, tenant: principal.tenant_id, via: principal.via, actions: actionsOf(principal.role) });
  });
}
