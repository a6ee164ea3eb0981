import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadFile } from '../../src/adapters/download.js';

/** A file host on loopback; `seen` records each request's path and authorization header. */
async function host(handler: http.RequestListener) {
  const seen: { path: string; auth: string | undefined }[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? '', auth: req.headers.authorization });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, seen, port: (server.address() as AddressInfo).port };
}

describe('downloadFile', () => {
  let files: Awaited<ReturnType<typeof host>>;
  let elsewhere: Awaited<ReturnType<typeof host>>;

  beforeAll(async () => {
    elsewhere = await host((_req, res) => res.end('secret-stealing host'));
    files = await host((req, res) => {
      if (req.url === '/ok') res.end('voice bytes');
      else if (req.url === '/hop') res.writeHead(302, { location: '/ok' }).end();
      else if (req.url === '/away') res.writeHead(302, { location: `http://localhost:${elsewhere.port}/x` }).end();
      else if (req.url === '/login') res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Sign in</html>');
      else if (req.url === '/huge') {
        // No Content-Length: the cap must count the bytes as they arrive.
        res.writeHead(200, { 'content-type': 'audio/ogg' });
        res.write(Buffer.alloc(600_000));
        res.end(Buffer.alloc(600_000));
      } else res.writeHead(404).end();
    });
  });
  afterAll(() => {
    files.server.close();
    elsewhere.server.close();
  });

  const options = () => ({
    allowedHosts: [`127.0.0.1:${files.port}`],
    headers: { authorization: 'Bearer xoxb-secret' },
    maxBytes: 1_000_000,
    htmlMeansRefused: true,
  });
  const url = (path: string) => `http://127.0.0.1:${files.port}${path}`;

  it('fetches from an allowed host, following a redirect that stays there', async () => {
    expect(Buffer.from(await downloadFile(url('/hop'), options())).toString()).toBe('voice bytes');
  });

  it('refuses other hosts before connecting, and redirects that leave, without sending the token', async () => {
    await expect(downloadFile(`http://localhost:${elsewhere.port}/x`, options())).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(downloadFile(url('/away'), options())).rejects.toMatchObject({ code: 'forbidden' });
    expect(elsewhere.seen).toEqual([]);
  });

  it('caps the bytes actually read', async () => {
    await expect(downloadFile(url('/huge'), options())).rejects.toMatchObject({ code: 'payload_too_large' });
  });

  it("treats Slack's HTML sign-in page (200) as refused", async () => {
    await expect(downloadFile(url('/login'), options())).rejects.toMatchObject({
      code: 'unauthorized',
      message: expect.stringContaining('files:read'),
    });
  });

  it('refuses file: and other schemes', async () => {
    await expect(downloadFile('file:///etc/passwd', { ...options(), allowedHosts: [''] })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});
