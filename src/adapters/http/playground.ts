import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { BlankEnv } from 'hono/types';
import { errorResponse } from './errors.js';
import { body, errors, pathParams, serve, serveEach } from './openapi.js';

/** public/playground/ at the repository root, from src/adapters/http (tsx, vitest) and dist/adapters/http alike. */
const ROOT = fileURLToPath(new URL('../../../public/playground/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

/** Only this server's own scripts, styles and API; images and recordings may be blob: or data: URLs the page made. */
const CSP = [
  "default-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const HEADERS = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // Recording a voice note needs the microphone; nothing else is asked for.
  'permissions-policy': 'microphone=(self), camera=(), geolocation=()',
  'cache-control': 'no-cache',
};

const page = { tags: ['playground'], security: [] };

const pageRoute = createRoute({
  ...page,
  method: 'get',
  path: '/',
  operationId: 'playground',
  summary: 'The web playground: try the skills with an API key',
  responses: { 200: { description: 'The page', content: body('text/html', { type: 'string' }) }, ...errors(503) },
});

const fileRoute = createRoute({
  ...page,
  method: 'get',
  path: '/playground/{file}',
  operationId: 'playgroundFile',
  summary: "The playground's scripts, styles and images",
  request: { params: pathParams({ file: 'A path under public/playground/' }) },
  responses: { 200: { description: 'The file' }, ...errors(404, 503) },
});

/**
 * The web playground: GET / is the page, GET /playground/* its scripts and styles (plain files, no build step).
 * Everything it does goes through the /v1 API with the key the person enters in the page.
 */
export function mountPlayground(app: OpenAPIHono<BlankEnv>): void {
  serve(app, pageRoute, (c) => serveFile(c, 'index.html'));
  // A named pattern (not `*`) so request metrics label these as one route rather than as unmatched.
  serveEach(app, 'get', '/playground/:file{.+}', [fileRoute], (c) => {
    const raw = new URL(c.req.url).pathname.slice('/playground/'.length);
    let relative: string;
    try {
      relative = decodeURIComponent(raw);
    } catch {
      return notFound(c);
    }
    return serveFile(c, relative);
  });
}

async function serveFile(c: Context, relative: string): Promise<Response> {
  const file = await resolveInside(relative);
  const type = file ? TYPES[path.extname(file).toLowerCase()] : undefined;
  if (!file || !type) return notFound(c);
  try {
    return c.body(new Uint8Array(await readFile(file)), 200, { ...HEADERS, 'content-type': type });
  } catch {
    return notFound(c);
  }
}

/** The file under ROOT that `relative` names, or undefined when it escapes ROOT, is hidden or is not a file. */
async function resolveInside(relative: string): Promise<string | undefined> {
  if (relative.includes('\0') || relative.split(/[\\/]/).some((part) => part.startsWith('.'))) return undefined;
  const candidate = path.resolve(ROOT, relative);
  if (!candidate.startsWith(ROOT)) return undefined;
  try {
    // Symbolic links are followed only when they stay inside too.
    const [real, root] = await Promise.all([realpath(candidate), realpath(ROOT)]);
    if (!real.startsWith(root + path.sep)) return undefined;
    return (await stat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

function notFound(c: Context): Response {
  return errorResponse(c, { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` });
}
