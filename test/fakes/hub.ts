import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRepo {
  commit: string;
  files: Record<string, Buffer>;
}

export interface Faults {
  /** Serve this file with one byte flipped (the ETag still states the true sha256). */
  corrupt?: string;
  /** Cut the connection after this many bytes of the file, `times` times. */
  cut?: { file: string; afterBytes: number; times: number };
  /** Answer this status for the file, `times` times (Infinity = always). */
  status?: { file: string; code: number; times: number };
  /** Send headers for the file, then never the body. */
  hang?: string;
  /** Ignore Range requests (always send the whole file with 200). */
  ignoreRange?: boolean;
  /** Require `Authorization: Bearer <token>`. */
  token?: string;
}

export interface RecordedRequest {
  path: string;
  range: string | undefined;
  authorization: string | undefined;
}

/**
 * A local stand-in for the Hugging Face Hub's file API: /{repo}/resolve/{revision}/{file}, branches resolving to
 * a commit (X-Repo-Commit), large files (.onnx) redirected to a "CDN" path with their sha256 as ETag, Range
 * support, and switches for the failures a real download meets.
 */
export class FakeHub {
  readonly requests: RecordedRequest[] = [];
  faults: Faults = {};
  private server: http.Server | undefined;

  constructor(readonly repos: Record<string, FakeRepo>) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private get port(): number {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('the fake hub is not started');
    return (address as AddressInfo).port;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://hub');
    this.requests.push({ path: url.pathname, range: req.headers.range, authorization: req.headers.authorization });
    const cdn = /^\/cdn\/(.+?)\/([0-9a-f]{40})\/(.+)$/.exec(url.pathname);
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    const [, repoId = '', revision = '', file = ''] = cdn ?? resolve ?? [];
    const repo = this.repos[repoId];
    const content = repo?.files[file];
    if (!repo || !content || (revision !== 'main' && revision !== repo.commit)) {
      end(res, 404, 'Entry not found');
      return;
    }
    const { faults } = this;
    if (!cdn && faults.token && req.headers.authorization !== `Bearer ${faults.token}`) {
      end(res, 401, 'Unauthorized');
      return;
    }
    if (faults.status?.file === file && faults.status.times > 0) {
      faults.status.times -= 1;
      end(res, faults.status.code, 'fault');
      return;
    }
    const sha = createHash('sha256').update(content).digest('hex');
    if (!cdn && file.endsWith('.onnx')) {
      // Like the Hub's redirect to its file CDN: another host (still loopback here), so no token may follow.
      res.writeHead(302, {
        location: `http://localhost:${this.port}/cdn/${repoId}/${repo.commit}/${file}`,
        'x-repo-commit': repo.commit,
        'x-linked-etag': `"${sha}"`,
      });
      return void res.end();
    }
    let body = faults.corrupt === file ? flipByte(content) : content;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range && !faults.ignoreRange ? Number(range[1]) : 0;
    body = body.subarray(start);
    res.writeHead(start > 0 ? 206 : 200, {
      'content-length': body.length,
      etag: `"${sha}"`,
      ...(cdn ? {} : { 'x-repo-commit': repo.commit }),
    });
    if (faults.hang === file) return void res.flushHeaders();
    if (faults.cut?.file === file && faults.cut.times > 0) {
      faults.cut.times -= 1;
      res.write(body.subarray(0, faults.cut.afterBytes));
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    res.end(body);
  }
}

function end(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(text);
}

function flipByte(content: Buffer): Buffer {
  const copy = Buffer.from(content);
  copy[Math.floor(copy.length / 2)] = (copy[Math.floor(copy.length / 2)] ?? 0) ^ 0xff;
  return copy;
}
