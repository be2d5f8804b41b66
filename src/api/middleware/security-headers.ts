// Headers every answer carries: no MIME sniffing, no framing, no referrer, and no caching of API answers (tokens and
// personal data). /docs keeps a page a browser may render; the rest is JSON or files a browser should not reuse.
import type Koa from 'koa';

export function securityHeaders(): Koa.Middleware {
  return async (ctx, next) => {
    ctx.set({
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      // Answers are data, never a page to run: the docs page replaces this with its own policy (src/api/docs.ts).
      'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
    });
    if (ctx.path.startsWith('/api/')) ctx.set('Cache-Control', 'no-store');
    await next();
  };
}
