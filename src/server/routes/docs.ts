// The API's own description: the OpenAPI 3.1 document generated from the routes' zod schemas, and
// a reference page (Swagger UI) served from the installed package's files, so that reading the
// docs sends no request off this machine.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ServerEnv } from '../context.ts';
import { HttpError } from '../http-error.ts';

export const OPENAPI_PATH = '/api/v1/openapi.json';
export const DOCS_PATH = '/api/v1/docs';

const SWAGGER_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
};

/** Our own start script: an inline one would need a CSP exception. */
const INIT_SCRIPT = `window.addEventListener('load', () => {
  window.ui = SwaggerUIBundle({ url: '${OPENAPI_PATH}', dom_id: '#api', deepLinking: true, presets: [SwaggerUIBundle.presets.apis], layout: 'BaseLayout' });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Hozen API</title>
<link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css">
</head>
<body>
<div id="api"></div>
<script src="${DOCS_PATH}/swagger-ui-bundle.js"></script>
<script src="${DOCS_PATH}/init.js"></script>
</body>
</html>
`;

export function registerDocsRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'token', { type: 'http', scheme: 'bearer', description: 'An API token, `hzn_<id>_<secret>` (`hozen token add`)' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: '__Host-hozen_session', description: 'A browser session (`POST /api/v1/session`)' });
  app.doc31(OPENAPI_PATH, {
    openapi: '3.1.0',
    info: {
      title: 'Hozen API',
      version: '1',
      description:
        'Every endpoint calls the same use case as the `hozen` command and answers the JSON its `--json` prints (docs/formats.md). Errors: `{error, message, issues?}` in the language of `?lang=` or Accept-Language. `Hozen-Verdict: failed` where the command would exit 3.',
    },
    security: [{ token: [] }, { session: [] }],
  });
  const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  app.get(DOCS_PATH, (c) => c.html(PAGE));
  app.get(`${DOCS_PATH}/init.js`, (c) => c.body(INIT_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get(`${DOCS_PATH}/:file`, async (c) => {
    const file = c.req.param('file');
    const type = SWAGGER_FILES[file];
    if (type === undefined) throw new HttpError(404, 'server.not_found', { path: c.req.path });
    return c.body(await readFile(join(dist, file)), 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
  });
}
