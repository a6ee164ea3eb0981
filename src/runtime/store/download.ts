import { createHash } from 'node:crypto';
import { createReadStream, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type Disk, DiskFull, isDiskFull, realDisk } from '../../disk.js';
import { AppError } from '../../errors.js';
import { redirectHop } from '../../net/redirect.js';

export interface DownloadOptions {
  token?: string | undefined;
  /** No response headers, or no body bytes, for this long → the attempt fails (a hung server). */
  idleTimeoutMs: number;
  retries: number;
  /** The sha256 published for this file at the pinned commit: anything else is refused, and never retried. */
  sha256?: string | undefined;
  onBytes?: (done: number, total: number | undefined) => void;
  /** Where the file is written (default: the real filesystem). */
  disk?: Disk;
}

/** The file is not the one published for the pinned commit. Final: downloading it again would not change that. */
export class PublishedHashMismatch extends AppError {
  constructor(
    readonly actual: string,
    readonly published: string,
    /** Who said so: the Hub's own sha256 header (before any byte was kept), or the downloaded bytes. */
    readonly by: 'header' | 'content',
  ) {
    super('unavailable', `sha256 ${actual} is not the published ${published}`);
  }
}

export interface Downloaded {
  sha256: string;
  size: number;
  /** X-Repo-Commit of the response, when the Hub sent one. */
  commit: string | undefined;
}

const COMMIT = /^[0-9a-f]{40}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Downloads `url` to `target` safely: into `target.part` (resumed with a Range request after a cut), hashed
 * on the way, renamed into place only when complete and, where the Hub states the file's sha256 (the ETag of
 * large files) or the caller knows the published one, only when it matches. Redirects are followed by hand: the Hub's first answer carries
 * X-Repo-Commit, the token is never sent to another origin (the file CDN), and a redirect to http: elsewhere is refused.
 */
export async function downloadFile(url: string, target: string, options: DownloadOptions): Promise<Downloaded> {
  let lastError: unknown;
  for (let attempt = 0; attempt <= options.retries; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(8000, 250 * 2 ** attempt)));
    try {
      return await attemptDownload(url, target, options);
    } catch (error) {
      lastError = error;
      if (error instanceof PublishedHashMismatch || error instanceof DiskFull) throw error;
      if (error instanceof AppError && error.code !== 'unavailable') throw error; // 401/403/404: final
    }
  }
  throw lastError;
}

async function attemptDownload(url: string, target: string, options: DownloadOptions): Promise<Downloaded> {
  const part = `${target}.part`;
  const have = sizeOf(part);
  const { response, commit, expectedSha } = await request(url, options, have);
  const resumed = response.status === 206;
  const hash = createHash('sha256');
  if (resumed) for await (const chunk of createReadStream(part)) hash.update(chunk as Buffer);
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  const total = Number.isFinite(length) ? length + (resumed ? have : 0) : undefined;
  let done = resumed ? have : 0;
  const body = withIdleTimeout(response.body, options.idleTimeoutMs, url);
  try {
    // pipeline: a write that fails (a full disk) ends the download at once, instead of waiting for a 'drain'.
    await pipeline(
      async function* () {
        for await (const chunk of body) {
          hash.update(chunk);
          done += chunk.byteLength;
          options.onBytes?.(done, total);
          yield chunk;
        }
      },
      (options.disk ?? realDisk).openWrite(part, resumed),
    );
  } catch (error) {
    if (!isDiskFull(error)) throw error;
    // What was written is no use without room for the rest, and it holds space the operator needs back.
    rmSync(part, { force: true });
    const need = total === undefined ? 'more than is free' : `${total} bytes`;
    throw new DiskFull(path.dirname(target), `downloading ${url} needs ${need}`, error);
  }
  if (total !== undefined && done !== total) {
    throw new AppError('unavailable', `download of ${url} ended after ${done} of ${total} bytes`);
  }
  const sha256 = hash.digest('hex');
  if (options.sha256 && sha256 !== options.sha256) {
    rmSync(part, { force: true });
    throw new PublishedHashMismatch(sha256, options.sha256, 'content');
  }
  if (expectedSha && sha256 !== expectedSha) {
    renameSync(part, `${part}.corrupt`);
    throw new AppError(
      'unavailable',
      `${url} arrived corrupted (sha256 ${sha256.slice(0, 12)}…, the Hub says ${expectedSha.slice(0, 12)}…)`,
      {
        expose: true,
      },
    );
  }
  renameSync(part, target);
  return { sha256, size: done, commit };
}

async function request(url: string, options: DownloadOptions, have: number) {
  const origin = new URL(url);
  let current = origin;
  let credentials = true;
  let commit: string | undefined;
  let expectedSha: string | undefined;
  for (let hop = 0; hop < 5; hop++) {
    const headers: Record<string, string> = {};
    if (options.token && credentials) headers.authorization = `Bearer ${options.token}`;
    if (have > 0) headers.range = `bytes=${have}-`;
    const response = await fetchWithTimeout(current, headers, options.idleTimeoutMs);
    commit ??= response.headers.get('x-repo-commit') ?? undefined;
    const etag = (response.headers.get('x-linked-etag') ?? response.headers.get('etag') ?? '')
      .replace(/^W\//, '')
      .replaceAll('"', '');
    if (SHA256.test(etag)) expectedSha ??= etag;
    // The Hub states another file than the published one: refused before a byte of it is fetched.
    if (options.sha256 && expectedSha && expectedSha !== options.sha256) {
      await response.body?.cancel();
      throw new PublishedHashMismatch(expectedSha, options.sha256, 'header');
    }
    if (commit !== undefined && !COMMIT.test(commit)) {
      throw new AppError('unavailable', `the Hub answered with an invalid commit "${commit}" for ${url}`, {
        expose: true,
      });
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      // The token goes to the Hub's own origin only; never to http: elsewhere (see redirectHop).
      const next = redirectHop(origin, current, response.headers.get('location'));
      current = next.url;
      credentials = next.credentials;
      continue;
    }
    if (response.ok && response.body) return { response, commit, expectedSha };
    await response.body?.cancel();
    throw statusError(response.status, url);
  }
  throw new AppError('unavailable', `too many redirects for ${url}`);
}

/** The timeout covers the wait for headers only; the body has its own idle timeout (withIdleTimeout). */
async function fetchWithTimeout(url: URL, headers: Record<string, string>, timeoutMs: number): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await fetch(url, { headers, redirect: 'manual', signal: controller.signal });
  } catch (cause) {
    const reason = controller.signal.aborted
      ? `no answer from ${url.host} within ${timeoutMs} ms`
      : `cannot reach ${url.host}`;
    throw new AppError('unavailable', reason, { cause });
  } finally {
    clearTimeout(timer);
  }
}

async function* withIdleTimeout(body: ReadableStream<Uint8Array> | null, idleMs: number, url: string) {
  if (!body) return;
  const reader = body.getReader();
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const idle = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new AppError('unavailable', `download of ${url} stalled for ${idleMs} ms`)),
          idleMs,
        );
      });
      try {
        const { done, value } = await Promise.race([reader.read(), idle]);
        if (done) return;
        yield value;
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw new AppError('unavailable', `download of ${url} was cut off`, { cause: error });
      } finally {
        clearTimeout(timer);
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

function statusError(status: number, url: string): AppError {
  if (status === 401 || status === 403) {
    return new AppError(
      'forbidden',
      `the Hub refused ${url} (${status}): set HF_TOKEN to a token that may read it, and accept the model's licence on its page`,
    );
  }
  if (status === 404)
    return new AppError('not_found', `the Hub has no ${url} (404): check the repository, revision and file name`);
  return new AppError('unavailable', `the Hub answered ${status} for ${url}`);
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
