// The service as people use it: the HTTP API (src/server) with the dashboard's pages (src/web)
// beside it, behind the same guards, sessions and error handling.

import type { OpenAPIHono } from '@hono/zod-openapi';
import { createServerApp, type ServerAppOptions } from '../server/app.ts';
import type { ServerEnv, ServerServices } from '../server/context.ts';
import { PAGES } from '../web/routes.ts';

export function createServiceApp(services: ServerServices, options: Omit<ServerAppOptions, 'pages'> = {}): OpenAPIHono<ServerEnv> {
  return createServerApp(services, { ...options, pages: PAGES });
}
