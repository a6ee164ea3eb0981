import { readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadFile, downloadToTempFile } from '../../src/net/download.js';
import { type AddressPolicy, fetchUrl, nonPublicReason } from '../../src/net/fetch-url.js';
import { TEMP_PREFIX } from '../../src/net/temp-file.js';
import { eventually } from '../adapters/contract.js';
import { tempDir } from '../helpers/db.js';

/** A web server on `address` (and `port`, 0 for any) that records the paths asked of it. */
async function site(address: string, port: number, handler: http.RequestListener) {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(port, address, resolve));
  return { server, seen, port: (server.address() as AddressInfo).port };
}

/** Zeros forever: a compressed stream of them is tiny on the wire and endless once inflated. */
function zeros(): Readable {
  const block = Buffer.alloc(64 * 1024);
  return new Readable({
    read: function () {
      this.push(block);
    },
  });
}

/**
 * A resolver for a name under attack: what it answers is scripted per query, and every query is counted. The
 * address 127.0.0.2 plays a public host (a server the test runs there), so "public" traffic stays on loopback;
 * every other address is judged by the real rule.
 */
function scripted(answers: string[][]): AddressPolicy & { queries: string[] } {
  const queries: string[] = [];
  return {
    queries,
    lookup: async (hostname) => {
      queries.push(hostname);
      const answer = answers[Math.min(queries.length, answers.length) - 1] ?? [];
      return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    },
    nonPublicReason: (address) => (address === PLAYS_PUBLIC ? undefined : nonPublicReason(address)),
  };
}
const PLAYS_PUBLIC = '127.0.0.2';

describe('DNS rebinding: the address checked is the address connected to', () => {
  let internal: Awaited<ReturnType<typeof site>>;
  let outside: Awaited<ReturnType<typeof site>>;

  beforeAll(async () => {
    internal = await site('127.0.0.1', 0, (_req, res) => res.end('internal secrets'));
    // The same port on the address playing public, so a URL's port reaches either, as DNS decides.
    outside = await site(PLAYS_PUBLIC, internal.port, (_req, res) => res.end('public page'));
  });
  afterAll(() => {
    internal.server.close();
    outside.server.close();
  });

  const link = (path = '/page') => `http://rebind.example:${internal.port}${path}`;

  it('a resolver answering public first and private at every later query: one query, the public host reached', async () => {
    const dns = scripted([[PLAYS_PUBLIC], ['127.0.0.1']]);
    const page = await fetchUrl(link(), { network: dns });
    expect(Buffer.from(page.bytes).toString()).toBe('public page');
    // One resolution, made when connecting: there is no earlier "check" answer for a later one to replace.
    expect(dns.queries).toEqual(['rebind.example']);
    // The next connection gets the private answer, and is refused.
    await expect(fetchUrl(link('/again'), { network: dns })).rejects.toMatchObject({
      code: 'forbidden',
      // The refusal names the kind of address, never the address the resolver gave (no internal DNS answers).
      message: expect.stringMatching(/^rebind\.example resolves to a loopback address/),
    });
    expect(internal.seen).toEqual([]);
    expect(outside.seen).toEqual(['/page']);
  });

  it('a resolver answering a mix of public and private addresses is refused whatever the order, connecting nowhere', async () => {
    const mixes = [
      [PLAYS_PUBLIC, '127.0.0.1'],
      ['127.0.0.1', PLAYS_PUBLIC],
      [PLAYS_PUBLIC, '169.254.169.254'],
      [PLAYS_PUBLIC, '::ffff:10.0.0.1'],
      [PLAYS_PUBLIC, '::1'],
      // Real public addresses next to a private one: refused before any connection is tried.
      ['93.184.216.34', '10.1.2.3'],
      ['2606:2800:220:1:248:1893:25c8:1946', 'fd00::1'],
    ];
    for (const mix of mixes) {
      await expect(fetchUrl(link(), { network: scripted([mix]) }), mix.join(',')).rejects.toMatchObject({
        code: 'forbidden',
      });
    }
    expect(internal.seen).toEqual([]);
    expect(outside.seen).toEqual(['/page']);
  });
});

describe('compression bombs on downloads', () => {
  let bombs: Awaited<ReturnType<typeof site>>;
  /** Requests whose client hung up before the (endless) body was sent. */
  const hungUp: string[] = [];
  const temp = tempDir('omb-bombs-');
  const MAX = 1024 * 1024;

  beforeAll(async () => {
    bombs = await site('127.0.0.1', 0, (req, res) => {
      const encoding = req.url?.includes('deflate') ? 'deflate' : 'gzip';
      res.writeHead(200, { 'content-type': 'audio/ogg', 'content-encoding': encoding });
      const squeeze = encoding === 'gzip' ? zlib.createGzip({ level: 9 }) : zlib.createDeflate({ level: 9 });
      const source = zeros();
      source.pipe(squeeze).pipe(res);
      res.on('close', () => {
        source.destroy();
        squeeze.destroy();
        if (!res.writableFinished) hungUp.push(req.url ?? '');
      });
    });
  });
  afterAll(() => {
    bombs.server.closeAllConnections();
    bombs.server.close();
    rmSync(temp, { recursive: true, force: true });
  });

  const at = (path: string) => `http://127.0.0.1:${bombs.port}${path}`;
  const platform = () => ({ allowedHosts: [`127.0.0.1:${bombs.port}`], maxBytes: MAX, tempDir: temp });

  it('stops an endless gzip or deflate body at the cap on inflated bytes (fetchUrl), hanging up', async () => {
    for (const path of ['/page.gzip', '/page.deflate']) {
      await expect(
        fetchUrl(at(path), { allowHosts: [`127.0.0.1:${bombs.port}`], maxBytes: MAX }),
      ).rejects.toMatchObject({ code: 'payload_too_large' });
    }
    await eventually(() => expect(hungUp).toEqual(expect.arrayContaining(['/page.gzip', '/page.deflate'])));
  });

  it('stops an endless gzip or deflate platform file at the cap, in memory or to a temp file, leaving nothing', async () => {
    await expect(downloadFile(at('/voice.gzip'), platform())).rejects.toMatchObject({ code: 'payload_too_large' });
    await expect(downloadFile(at('/voice.deflate'), platform())).rejects.toMatchObject({ code: 'payload_too_large' });
    for (const path of ['/note.gzip', '/note.deflate']) {
      await expect(downloadToTempFile(at(path), platform(), 'note.ogg')).rejects.toMatchObject({
        code: 'payload_too_large',
      });
    }
    await eventually(() =>
      expect(hungUp).toEqual(expect.arrayContaining(['/voice.gzip', '/voice.deflate', '/note.gzip', '/note.deflate'])),
    );
    expect(readdirSync(temp).filter((name) => name.startsWith(TEMP_PREFIX))).toEqual([]);
  });
});
