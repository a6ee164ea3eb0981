import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseDiscordBody } from './body.js';
import { FakeCdn } from './cdn.js';

export interface RestCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

/**
 * The REST half of a fake Discord (API v10 under /api): interaction webhooks (edit the original response, post
 * follow-ups; JSON or multipart with files). Paths are URL-decoded as Discord does (…/messages/%40original). `rateLimitOnce` answers the next
 * matching request with a 429 and retry_after, like Discord's per-route limits.
 */
export class FakeDiscordRest {
  readonly calls: RestCall[] = [];
  rateLimitOnce: { method: string; retryAfterSec: number } | undefined;
  /** Attachments, served from this fake's port (the configured API host) as the CDN would. */
  readonly cdn = new FakeCdn(() => this.url.replace(/\/api$/, ''));
  private server: http.Server | undefined;
  private nextId = 1000;

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('fake Discord REST is not started');
    return `http://127.0.0.1:${address.port}/api`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      if (this.cdn.handle(req, res)) return;
      const chunks: Buffer[] = [];
      req.on('data', (d: Buffer) => chunks.push(d));
      req.on('end', () => {
        void parseDiscordBody(req, Buffer.concat(chunks)).then((body) => this.handle(req, res, body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, body: Record<string, unknown>): void {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const method = req.method ?? 'GET';
    const json = (status: number, body: object, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (this.rateLimitOnce?.method === method && path.includes('/webhooks/')) {
      const { retryAfterSec } = this.rateLimitOnce;
      this.rateLimitOnce = undefined;
      json(
        429,
        { message: 'You are being rate limited.', retry_after: retryAfterSec, global: false },
        {
          'retry-after': String(Math.ceil(retryAfterSec)),
          'x-ratelimit-scope': 'user',
        },
      );
      return;
    }
    this.calls.push({ method, path, body });
    const webhook = /^\/api\/v10\/webhooks\/[^/]+\/[^/]+(\/messages\/(.+))?$/.exec(path);
    if (!webhook) json(404, { message: 'Unknown route', code: 0 });
    else json(200, { id: webhook[2] ?? String(this.nextId++), ...body });
  }
}
