// The interactive API docs at /docs: Swagger UI served from the installed `swagger-ui-dist` package (no CDN, so the
// page works offline), with its start script as a file so that the page's CSP needs no inline script.
import fs from 'node:fs';
import path from 'node:path';
import type Koa from 'koa';

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>CAIS API</title>
    <link rel="stylesheet" href="/docs/swagger-ui.css" />
    <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/swagger-ui-standalone-preset.js"></script>
    <script src="/docs/start.js"></script>
  </body>
</html>
`;

const START = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
  validatorUrl: null,
});
`;

// Swagger UI sets inline styles and shows data: images; everything else comes from this origin.
export const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function apiDocs(): Koa.Middleware {
  const dist = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  return async (ctx, next) => {
    const name = /^\/docs\/?$/.test(ctx.path) ? '' : ctx.path.startsWith('/docs/') ? ctx.path.slice(6) : undefined;
    if (name === undefined || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    if (name === '') {
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = PAGE;
    } else if (name === 'start.js') {
      ctx.type = 'text/javascript; charset=utf-8';
      ctx.body = START;
    } else if (ASSETS[name]) {
      ctx.type = ASSETS[name];
      ctx.set('Cache-Control', 'public, max-age=86400');
      ctx.body = fs.createReadStream(path.join(dist, name));
    } else return next();
    ctx.set('Content-Security-Policy', DOCS_CSP);
  };
}
