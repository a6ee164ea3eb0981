import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadFile, downloadToTempFile } from '../../src/net/download.js';
import { saveToTempFile, TEMP_PREFIX } from '../../src/net/temp-file.js';
import { tempDir } from '../helpers/db.js';

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

const VOICE = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) % 251));

describe('downloadFile and downloadToTempFile', () => {
  let files: Awaited<ReturnType<typeof host>>;
  let elsewhere: Awaited<ReturnType<typeof host>>;
  /** Where downloadToTempFile puts its directories here, so "nothing left behind" can be checked exactly. */
  const temp = tempDir('omb-downloads-');
  const leftovers = () => readdirSync(temp).filter((name) => name.startsWith(TEMP_PREFIX));

  beforeAll(async () => {
    elsewhere = await host((_req, res) => res.end('secret-stealing host'));
    files = await host((req, res) => {
      if (req.url === '/ok') res.end('voice bytes');
      else if (req.url === '/hop') res.writeHead(302, { location: '/ok' }).end();
      else if (req.url === '/sideways') res.writeHead(307, { location: `http://127.0.0.1:${elsewhere.port}/x` }).end();
      else if (req.url === '/away') res.writeHead(302, { location: `http://localhost:${elsewhere.port}/x` }).end();
      else if (req.url === '/login') res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Sign in</html>');
      else if (req.url === '/voice.ogg') res.writeHead(200, { 'content-type': 'audio/ogg' }).end(VOICE);
      else if (req.url === '/huge') {
        // No Content-Length: the cap must count the bytes as they arrive.
        res.writeHead(200, { 'content-type': 'audio/ogg' });
        res.write(Buffer.alloc(600_000));
        res.end(Buffer.alloc(600_000));
      } else if (req.url === '/announced') {
        res.writeHead(200, { 'content-length': '5000000' }).end(Buffer.alloc(5_000_000));
      } else if (req.url === '/cut') {
        // Half the announced bytes, then the connection drops: a download cut off mid-way.
        res.writeHead(200, { 'content-length': String(VOICE.length) });
        res.write(VOICE.subarray(0, 150_000), () => setTimeout(() => res.destroy(), 50));
      } else res.writeHead(404).end();
    });
  });
  afterAll(() => {
    files.server.close();
    elsewhere.server.close();
    rmSync(temp, { recursive: true, force: true });
  });

  const options = () => ({
    allowedHosts: [`127.0.0.1:${files.port}`],
    headers: { authorization: 'Bearer xoxb-secret' },
    maxBytes: 1_000_000,
    htmlMeansRefused: true,
    tempDir: temp,
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

  it('follows a redirect to another origin of an allowed host without the token', async () => {
    elsewhere.seen.length = 0;
    const sameHostname = { ...options(), allowedHosts: ['127.0.0.1'] };
    expect(Buffer.from(await downloadFile(url('/sideways'), sameHostname)).toString()).toBe('secret-stealing host');
    expect(elsewhere.seen).toEqual([{ path: '/x', auth: undefined }]);
    expect(files.seen.at(-1)).toEqual({ path: '/sideways', auth: 'Bearer xoxb-secret' });
    elsewhere.seen.length = 0;
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

  it('streams a file into a private temp file with its sha256, and remove() deletes it (twice is fine)', async () => {
    const saved = await downloadToTempFile(url('/voice.ogg'), options(), 'voice-message.ogg');
    expect(readFileSync(saved.path).equals(VOICE)).toBe(true);
    expect(saved.size).toBe(VOICE.length);
    expect(saved.sha256).toBe(createHash('sha256').update(VOICE).digest('hex'));
    expect(saved.path.endsWith('.ogg')).toBe(true);
    expect(statSync(saved.path).mode & 0o777).toBe(0o600);
    expect(leftovers()).toHaveLength(1);
    await saved.remove();
    await saved.remove();
    expect(existsSync(saved.path)).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it('refuses more bytes than the cap, announced or not, leaving no temp file', async () => {
    // Chunked with no size: refused on the chunk that crosses the cap.
    await expect(downloadToTempFile(url('/huge'), options())).rejects.toMatchObject({ code: 'payload_too_large' });
    // An honest Content-Length over the cap: refused before a byte of the body is read.
    await expect(downloadToTempFile(url('/announced'), options())).rejects.toMatchObject({
      code: 'payload_too_large',
      message: 'the file is larger than the 976.6 KiB limit',
    });
    expect(leftovers()).toEqual([]);
  });

  it('refuses hosts outside the allow-list, and redirects that leave it, creating nothing', async () => {
    const away = downloadToTempFile(url('/away'), options());
    await expect(away).rejects.toMatchObject({ code: 'forbidden' });
    const other = downloadToTempFile(`http://localhost:${elsewhere.port}/x`, options());
    await expect(other).rejects.toMatchObject({ code: 'forbidden' });
    await expect(downloadToTempFile(url('/login'), options())).rejects.toMatchObject({ code: 'unauthorized' });
    expect(elsewhere.seen).toEqual([]);
    expect(leftovers()).toEqual([]);
  });

  it('removes the partial file when the download is cut off', async () => {
    await expect(downloadToTempFile(url('/cut'), options())).rejects.toMatchObject({ code: 'unavailable' });
    expect(leftovers()).toEqual([]);
  });

  it('removes the partial file when the save is aborted mid-stream', async () => {
    const controller = new AbortController();
    async function* slowly() {
      yield Buffer.alloc(1000, 1);
      controller.abort();
      await new Promise((r) => setTimeout(r, 50));
      yield Buffer.alloc(1000, 2);
    }
    const saving = saveToTempFile(Readable.from(slowly()), {
      maxBytes: 1_000_000,
      what: 'the upload',
      dir: temp,
      signal: controller.signal,
    });
    await expect(saving).rejects.toMatchObject({ name: 'AbortError' });
    expect(leftovers()).toEqual([]);
  });
});
