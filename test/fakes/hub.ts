import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeCommit {
  files: Record<string, Buffer>;
  /** The licence in the model card's metadata (cardData.license). */
  license?: string;
}

export interface FakeRepo extends FakeCommit {
  /** The newest commit: what `main` points at. */
  commit: string;
  /** Older commits, still served by their id. */
  history?: Record<string, FakeCommit>;
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
  /** Send every file's body in pieces of `chunkBytes`, `delayMs` apart (a slow link), while set. */
  slow?: { chunkBytes: number; delayMs: number };
  /** Answer every file request with a redirect to this URL (a host that should never see the token). */
  redirectTo?: string;
}

export interface RecordedRequest {
  path: string;
  range: string | undefined;
  authorization: string | undefined;
}

/**
 * A local stand-in for the Hugging Face Hub: the file API /{repo}/resolve/{revision}/{file}, `main` resolving to
 * the newest commit (X-Repo-Commit), large files (.onnx) redirected to a "CDN" path with their sha256 as ETag, Range
 * support, switches for the failures a real download meets, and the model API
 * /api/models/{repo}/revision/{revision} (sha, siblings with sizes and LFS sha256, cardData.license).
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
    const { faults } = this;
    const api = /^\/api\/models\/([^/]+\/[^/]+)\/revision\/([^/]+)$/.exec(url.pathname);
    const cdn = /^\/cdn\/(.+?)\/([0-9a-f]{40})\/(.+)$/.exec(url.pathname);
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    const [, repoId = '', revision = '', file = ''] = api ?? cdn ?? resolve ?? [];
    const found = this.commitOf(repoId, decodeURIComponent(revision));
    const content = found?.files[file];
    if (!found || (!api && !content)) {
      end(res, 404, api ? 'Revision not found' : 'Entry not found');
      return;
    }
    if (!cdn && !api && faults.redirectTo) {
      res.writeHead(302, { location: faults.redirectTo });
      return void res.end();
    }
    if (!cdn && faults.token && req.headers.authorization !== `Bearer ${faults.token}`) {
      end(res, 401, 'Unauthorized');
      return;
    }
    if (api) return void this.modelInfo(res, found);
    if (!content) return; // (narrowing: answered 404 above)
    const { commit } = found;
    if (faults.status?.file === file && faults.status.times > 0) {
      faults.status.times -= 1;
      end(res, faults.status.code, 'fault');
      return;
    }
    const sha = createHash('sha256').update(content).digest('hex');
    if (!cdn && file.endsWith('.onnx')) {
      // Like the Hub's redirect to its file CDN: another host (still loopback here), so no token may follow.
      res.writeHead(302, {
        location: `http://localhost:${this.port}/cdn/${repoId}/${commit}/${file}`,
        'x-repo-commit': commit,
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
      // Like the Hub: a large (LFS) file's ETag is its sha256, a small file's its git blob id.
      etag: `"${cdn ? sha : gitBlobId(content)}"`,
      ...(cdn ? {} : { 'x-repo-commit': commit }),
    });
    if (faults.hang === file) return void res.flushHeaders();
    if (faults.cut?.file === file && faults.cut.times > 0) {
      faults.cut.times -= 1;
      res.write(body.subarray(0, faults.cut.afterBytes));
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    if (faults.slow) return void trickle(res, body, faults.slow);
    res.end(body);
  }

  private commitOf(repoId: string, revision: string): (FakeCommit & { commit: string }) | undefined {
    const repo = this.repos[repoId];
    if (!repo) return undefined;
    if (revision === 'main' || revision === repo.commit) return repo;
    const old = repo.history?.[revision];
    return old && { ...old, commit: revision };
  }

  /** GET /api/models/{repo}/revision/{revision}?blobs=true, as much of it as the store reads. */
  private modelInfo(res: http.ServerResponse, found: FakeCommit & { commit: string }): void {
    const siblings = Object.entries(found.files).map(([rfilename, content]) => ({
      rfilename,
      size: content.length,
      blobId: gitBlobId(content),
      ...(rfilename.endsWith('.onnx')
        ? { lfs: { sha256: createHash('sha256').update(content).digest('hex'), size: content.length } }
        : {}),
    }));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ sha: found.commit, cardData: { license: found.license }, siblings }));
  }
}

function end(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(text);
}

function gitBlobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

function flipByte(content: Buffer): Buffer {
  const copy = Buffer.from(content);
  copy[Math.floor(copy.length / 2)] = (copy[Math.floor(copy.length / 2)] ?? 0) ^ 0xff;
  return copy;
}

function trickle(res: http.ServerResponse, body: Buffer, slow: { chunkBytes: number; delayMs: number }): void {
  let at = 0;
  const next = () => {
    if (res.destroyed) return;
    if (at >= body.length) return void res.end();
    res.write(body.subarray(at, at + slow.chunkBytes));
    at += slow.chunkBytes;
    setTimeout(next, slow.delayMs);
  };
  next();
}
