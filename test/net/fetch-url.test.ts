import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FetchUrlOptions, fetchUrl, nonPublicReason } from '../../src/net/fetch-url.js';
import { eventually } from '../adapters/contract.js';

/** A web server on loopback that records the paths it was asked for. */
async function site(handler: http.RequestListener) {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, seen, port: (server.address() as AddressInfo).port };
}

describe('nonPublicReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['::7f00:1', 'reserved'],
    ['64:ff9b::a00:1', 'reserved'],
  ])('refuses %s (%s)', (address, kind) => {
    expect(nonPublicReason(address)).toContain(kind);
  });

  it.each(['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('accepts %s', (address) => {
    expect(nonPublicReason(address)).toBeUndefined();
  });
});

describe('fetchUrl', () => {
  let web: Awaited<ReturnType<typeof site>>;
  /** Requests the client closed before the server had answered them in full. */
  const hungUp: string[] = [];
  let other: Awaited<ReturnType<typeof site>>;
  /** Answers on a raw socket: no Content-Length, the body ends when the connection closes. */
  let raw: net.Server;
  let rawPort: number;

  beforeAll(async () => {
    other = await site((_req, res) => res.end('internal admin page'));
    web = await site((req, res) => {
      if (req.url === '/article') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<h1>Hello</h1>');
      } else if (req.url === '/report') {
        res
          .writeHead(200, { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="q3.pdf"' })
          .end('%PDF-1.4');
      } else if (req.url === '/docs/notes.md') res.writeHead(200, { 'content-type': 'text/markdown' }).end('# Notes');
      else if (req.url === '/moved') res.writeHead(301, { location: '/article' }).end();
      else if (req.url === '/metadata') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam/' }).end();
      } else if (req.url === '/sideways') {
        res.writeHead(302, { location: `http://127.0.0.1:${other.port}/admin` }).end();
      } else if (req.url === '/to-file') res.writeHead(302, { location: 'file:///etc/passwd' }).end();
      else if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
      else if (req.url === '/chunked') {
        // No Content-Length at all: chunked transfer encoding, 3 × 40 KiB.
        res.writeHead(200, { 'content-type': 'text/plain' });
        for (let i = 0; i < 3; i++) res.write(Buffer.alloc(40 * 1024, 'a'));
        res.end();
      } else if (req.url === '/slow') {
        // Far longer than the test may run: only a client that gives up ends this request.
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first bytes, then nothing for a long time');
        const timer = setTimeout(() => res.end('done'), 120_000);
        res.on('close', () => {
          clearTimeout(timer);
          if (!res.writableFinished) hungUp.push('/slow');
        });
      } else if (req.url === '/silent') {
        // Never answers.
        res.on('close', () => hungUp.push('/silent'));
      } else if (req.url === '/gone') res.writeHead(404).end();
      else res.writeHead(500).end();
    });
    raw = net.createServer((socket) => {
      socket.once('data', () => {
        // Claims 10 bytes in a header nobody should trust, then streams 200 KiB and closes.
        socket.write(
          'HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\nx-content-length: 10\r\nconnection: close\r\n\r\n',
        );
        socket.end(Buffer.alloc(200 * 1024, 'b'));
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    rawPort = (raw.address() as AddressInfo).port;
  });
  afterAll(() => {
    web.server.closeAllConnections();
    web.server.close();
    other.server.close();
    raw.close();
  });

  const allowed = (extra: FetchUrlOptions = {}): FetchUrlOptions => ({
    allowHosts: [`127.0.0.1:${web.port}`],
    ...extra,
  });
  const at = (path: string) => `http://127.0.0.1:${web.port}${path}`;

  it('refuses loopback, metadata, private and other non-public addresses without connecting', async () => {
    const refusals: [string, RegExp][] = [
      [at('/article'), /^127\.0\.0\.1 is a loopback address; only public addresses can be fetched$/],
      ['http://169.254.169.254/latest/meta-data', /^169\.254\.169\.254 is a link-local address/],
      [`http://[::1]:${web.port}/`, /^::1 is a loopback address/],
      ['http://10.0.0.1/', /^10\.0\.0\.1 is a private address/],
      [`http://[::ffff:127.0.0.1]:${web.port}/`, /^::ffff:7f00:1 is a loopback address/],
      [`http://0.0.0.0:${web.port}/`, /unspecified address/],
      ['http://100.64.0.1/', /carrier-grade NAT/],
      // The URL parser turns these spellings of 127.0.0.1 into the dotted form before anything connects.
      [`http://2130706433:${web.port}/`, /^127\.0\.0\.1 is a loopback/],
      [`http://0x7f.1:${web.port}/`, /^127\.0\.0\.1 is a loopback/],
    ];
    for (const [link, message] of refusals) {
      await expect(fetchUrl(link), link).rejects.toMatchObject({
        code: 'forbidden',
        message: expect.stringMatching(message),
      });
    }
    expect(web.seen).toEqual([]);
  });

  it('checks what a host name resolves to when connecting', async () => {
    await expect(fetchUrl(`http://localhost:${web.port}/article`)).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/^localhost resolves to a loopback address; only public/),
    });
    // An allow-listed origin is exact: another port on the same host is still refused.
    await expect(fetchUrl(`http://127.0.0.1:${other.port}/`, allowed())).rejects.toMatchObject({ code: 'forbidden' });
    expect(web.seen).toEqual([]);
    expect(other.seen).toEqual([]);
  });

  it('refuses other schemes and bad links', async () => {
    for (const link of ['file:///etc/passwd', 'gopher://127.0.0.1:70/_GET', 'ftp://example.com/a.txt', 'data:,hi']) {
      await expect(fetchUrl(link), link).rejects.toMatchObject({
        code: 'forbidden',
        message: expect.stringMatching(/links are not fetched/),
      });
    }
    await expect(fetchUrl('not a url')).rejects.toMatchObject({ code: 'bad_request' });
    await expect(fetchUrl(`http://user:pw@127.0.0.1:${web.port}/`, allowed())).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('fetches from an allow-listed origin, following a redirect that stays there', async () => {
    const page = await fetchUrl(at('/moved'), allowed());
    expect(page).toMatchObject({ url: at('/article'), contentType: 'text/html; charset=utf-8', filename: undefined });
    expect(Buffer.from(page.bytes).toString()).toBe('<h1>Hello</h1>');
    expect(await fetchUrl(at('/report'), allowed())).toMatchObject({
      contentType: 'application/pdf',
      filename: 'q3.pdf',
    });
    expect(await fetchUrl(at('/docs/notes.md'), allowed())).toMatchObject({ filename: 'notes.md' });
    // Entries may name a host rather than an address, with or without a port.
    const byName = await fetchUrl(`http://localhost:${web.port}/article`, { allowHosts: [`localhost:${web.port}`] });
    expect(byName.url).toBe(`http://localhost:${web.port}/article`);
    expect(await fetchUrl(at('/article'), { allowHosts: ['127.0.0.1'] })).toMatchObject({ url: at('/article') });
  });

  it('refuses at the redirect when the allowed origin sends the fetch to metadata or another loopback port', async () => {
    await expect(fetchUrl(at('/metadata'), allowed())).rejects.toMatchObject({
      code: 'forbidden',
      message:
        'the link redirected to http://169.254.169.254/latest/meta-data/iam/, which is refused: 169.254.169.254 is a ' +
        'link-local address (where cloud metadata services live); only public addresses can be fetched',
    });
    await expect(fetchUrl(at('/sideways'), allowed())).rejects.toMatchObject({
      code: 'forbidden',
      message: `the link redirected to http://127.0.0.1:${other.port}/admin, which is refused: 127.0.0.1 is a loopback address; only public addresses can be fetched`,
    });
    await expect(fetchUrl(at('/to-file'), allowed())).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/^the link redirected to file:\/\/\/etc\/passwd, which is refused: file: links/),
    });
    expect(other.seen).toEqual([]);
  });

  it('stops after 5 redirects', async () => {
    await expect(fetchUrl(at('/loop'), allowed())).rejects.toMatchObject({
      code: 'unavailable',
      message: 'the link redirected more than 5 times',
    });
  });

  it('caps the bytes read, whatever the headers say', async () => {
    await expect(fetchUrl(at('/chunked'), allowed({ maxBytes: 100 * 1024 }))).rejects.toMatchObject({
      code: 'payload_too_large',
      message: `the page at 127.0.0.1:${web.port} is larger than the 100 KiB limit`,
    });
    expect((await fetchUrl(at('/chunked'), allowed({ maxBytes: 120 * 1024 }))).bytes.byteLength).toBe(120 * 1024);
    await expect(
      fetchUrl(`http://127.0.0.1:${rawPort}/`, { allowHosts: [`127.0.0.1:${rawPort}`], maxBytes: 64 * 1024 }),
    ).rejects.toMatchObject({ code: 'payload_too_large' });
  });

  it('gives up after the time cap, on a slow body or a server that never answers', async () => {
    await expect(fetchUrl(at('/slow'), allowed({ timeoutMs: 300 }))).rejects.toMatchObject({
      code: 'unavailable',
      message: `127.0.0.1:${web.port} took longer than 0.3 s`,
    });
    await expect(fetchUrl(at('/silent'), allowed({ timeoutMs: 300 }))).rejects.toMatchObject({ code: 'unavailable' });
    // Our side hung up: neither server would have ended its answer before the test's own time limit.
    await eventually(() => expect(hungUp).toEqual(['/slow', '/silent']));
  });

  it('stops when the caller cancels', async () => {
    const controller = new AbortController();
    const pending = fetchUrl(at('/silent'), allowed({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: 'unavailable', message: 'the fetch was cancelled' });
  });

  it('says what the server answered when it is not a page', async () => {
    await expect(fetchUrl(at('/gone'), allowed())).rejects.toMatchObject({
      code: 'not_found',
      message: `127.0.0.1:${web.port} answered HTTP 404`,
    });
    await expect(fetchUrl(at('/broken'), allowed())).rejects.toMatchObject({ code: 'unavailable' });
  });
});
