import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Date.now() when the request arrived. */
  at: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
}

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  close(): Promise<void>;
}

/** A webhook receiver on 127.0.0.1: records every request and answers what `answer` says (it may never answer). */
export async function startReceiver(
  answer: (request: Received, n: number) => Answer | Promise<Answer>,
): Promise<Receiver> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const request = { path: req.url ?? '', headers, body: Buffer.concat(chunks).toString(), at: Date.now() };
      received.push(request);
      const { status, headers: out } = await answer(request, received.length);
      res.writeHead(status, out).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Verifies a delivery the way a receiver would (throws when the signature or timestamp is wrong). */
export function verified(secret: string, request: Received): { type: string; timestamp: string; data: unknown } {
  return new Webhook(secret).verify(request.body, request.headers) as {
    type: string;
    timestamp: string;
    data: unknown;
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
