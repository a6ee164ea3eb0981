import type http from 'node:http';

export interface CdnFile {
  id: string;
  filename: string;
  content_type: string;
  size: number;
  url: string;
  proxy_url: string;
}

/**
 * Discord's attachment CDN, played on a fake's own port (/attachments/:channel/:id/:name, as on
 * cdn.discordapp.com): `add` hosts bytes and gives the attachment object messages and resolved data carry;
 * `downloads` records each GET. `announcedSize` plays an attachment whose stated size is smaller than its bytes.
 */
export class FakeCdn {
  readonly downloads: { path: string; served: boolean }[] = [];
  private readonly files = new Map<string, Buffer>();
  private nextId = 1;

  constructor(private readonly base: () => string) {}

  add(filename: string, data: Buffer, contentType: string, extra: { announcedSize?: number } = {}): CdnFile {
    const id = `att${this.nextId++}`;
    const path = `/attachments/c1/${id}/${encodeURIComponent(filename)}`;
    this.files.set(path, data);
    const url = `${this.base()}${path}`;
    const size = extra.announcedSize ?? data.length;
    return { id, filename, content_type: contentType, size, url, proxy_url: url };
  }

  /** Serves a GET under /attachments/ (chunked, no Content-Length: the stated size is all the bot is told). */
  handle(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method !== 'GET' || !path.startsWith('/attachments/')) return false;
    const data = this.files.get(path);
    this.downloads.push({ path, served: data !== undefined });
    if (!data) res.writeHead(404).end();
    else {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' });
      for (let at = 0; at < data.length; at += 64 * 1024) res.write(data.subarray(at, at + 64 * 1024));
      res.end();
    }
    return true;
  }
}
