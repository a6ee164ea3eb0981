import type { Attachment } from '../core/event.js';
import { AppError, isAppError } from '../errors.js';
import type { TempFile } from '../skills/skill.js';
import { readCapped, tooLarge } from './read-capped.js';
import { redirectHop } from './redirect.js';
import { saveToTempFile } from './temp-file.js';

export interface DownloadOptions {
  /** Hosts the file may come from (and redirect to); credentials only go to the first URL's origin. */
  allowedHosts: readonly string[];
  /** Sent with every request (a bot token for private files). */
  headers?: Record<string, string>;
  /** A cap on the bytes actually read; Content-Length is not trusted. */
  maxBytes: number;
  timeoutMs?: number;
  /** Slack answers a download it refuses with its HTML sign-in page and status 200: treat HTML as refused. */
  htmlMeansRefused?: boolean;
  /** Where temp files go (downloadToTempFile); the system's temp directory by default. */
  tempDir?: string;
}

/** How a platform's files are fetched: everything but the cap, which whoever reads the file chooses. */
export type FileAccess = Omit<DownloadOptions, 'maxBytes'>;

const MAX_REDIRECTS = 3;
const WHAT = 'the file';

/**
 * Downloads a file a platform hosts for us (an upload, a document): only from the platform's own hosts, over
 * https (or the configured API host, for proxies and tests), following redirects only while they stay on those
 * hosts, and never reading more than `maxBytes`. Every refusal is an AppError whose message says why.
 */
export function downloadFile(url: string, options: DownloadOptions): Promise<Uint8Array> {
  return fromChecked(url, options, (body) => readCapped(body, options.maxBytes, WHAT));
}

/** The same download (same checks), streamed into a private temp file instead of memory (see saveToTempFile). */
export function downloadToTempFile(url: string, options: DownloadOptions, name?: string): Promise<TempFile> {
  const { maxBytes, tempDir: dir } = options;
  return fromChecked(url, options, (body, signal) => saveToTempFile(body, { maxBytes, what: WHAT, name, dir, signal }));
}

/**
 * A file the platform told us about, as the core sees it: its metadata, plus `download` and `saveTemp` that
 * fetch it with the platform's access rules and credentials (nothing is fetched until a skill asks).
 */
export function platformFile(meta: Omit<Attachment, 'download' | 'saveTemp'>, access: FileAccess): Attachment {
  return {
    ...meta,
    download: (maxBytes) => downloadFile(meta.url, { ...access, maxBytes }),
    saveTemp: (maxBytes) => downloadToTempFile(meta.url, { ...access, maxBytes }, meta.name),
  };
}

/** Opens the checked response and hands its body to `read`; a body cut off or timed out is `unavailable`. */
async function fromChecked<T>(
  url: string,
  options: DownloadOptions,
  read: (body: AsyncIterable<Uint8Array> | null, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const signal = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  const response = await openChecked(url, options, signal);
  try {
    return await read(response.body, signal);
  } catch (cause) {
    if (isAppError(cause)) throw cause;
    throw new AppError('unavailable', 'the file download was cut off or took too long', { cause });
  }
}

/**
 * The response for `url` once every check passed, its body not yet read. Redirects are followed by hand (see
 * redirectHop): the credentials only go to the origin they were meant for, never to http: elsewhere.
 */
async function openChecked(url: string, options: DownloadOptions, signal: AbortSignal): Promise<Response> {
  const origin = checkedUrl(url, options.allowedHosts);
  let target = origin;
  let headers = options.headers;
  for (let hop = 0; ; hop++) {
    const response = await fetch(target, { headers, redirect: 'manual', signal }).catch((cause: unknown) => {
      throw new AppError('unavailable', `could not download ${target.hostname}${target.pathname}`, { cause });
    });
    const refusal = refusalOf(response, options);
    if (refusal === undefined) return response;
    await response.body?.cancel();
    if (refusal !== 'redirect') throw refusal;
    if (hop >= MAX_REDIRECTS) throw new AppError('unavailable', 'the file download kept redirecting');
    const next = redirectHop(origin, target, response.headers.get('location'));
    target = checkedUrl(next.url.href, options.allowedHosts);
    headers = next.credentials ? options.headers : undefined;
  }
}

/** Why a response cannot be read as the file: a redirect to follow, an error to throw, or undefined when it can. */
function refusalOf(response: Response, options: DownloadOptions): 'redirect' | AppError | undefined {
  if (response.status >= 300 && response.status < 400) return 'redirect';
  if (response.status === 401 || response.status === 403) {
    return new AppError(
      'unauthorized',
      'the platform refused to hand over the file (check the bot’s file permissions)',
    );
  }
  if (!response.ok) return new AppError('unavailable', `the file download failed with HTTP ${response.status}`);
  if (options.htmlMeansRefused && (response.headers.get('content-type') ?? '').startsWith('text/html')) {
    return new AppError(
      'unauthorized',
      'Slack refused the file download (it sent its sign-in page): the bot token needs the files:read scope',
    );
  }
  // An announced size over the cap is refused before reading; a smaller one is not believed (the count is).
  if (Number(response.headers.get('content-length') ?? 0) > options.maxBytes) return tooLarge(WHAT, options.maxBytes);
  return undefined;
}

function checkedUrl(raw: string, allowedHosts: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('bad_request', 'the file link is not a valid URL');
  }
  if (!allowedHosts.includes(url.host) && !allowedHosts.includes(url.hostname)) {
    throw new AppError('forbidden', `files are only fetched from the platform's own hosts, not ${url.hostname}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('forbidden', `${url.protocol} links are not fetched`);
  }
  return url;
}
