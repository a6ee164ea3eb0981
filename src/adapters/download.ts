import { AppError } from '../errors.js';
import { readCapped } from '../retrieval/read-capped.js';

export interface DownloadOptions {
  /** Hosts the file may come from (and redirect to); credentials are only ever sent to them. */
  allowedHosts: readonly string[];
  /** Sent with every request (a bot token for private files). */
  headers?: Record<string, string>;
  /** A cap on the bytes actually read; Content-Length is not trusted. */
  maxBytes: number;
  timeoutMs?: number;
  /** Slack answers a download it refuses with its HTML sign-in page and status 200: treat HTML as refused. */
  htmlMeansRefused?: boolean;
}

const MAX_REDIRECTS = 3;

/**
 * Downloads a file a platform hosts for us (a voice note, an upload): only from the platform's own hosts, over
 * https (or the configured API host, for proxies and tests), following redirects only while they stay on those
 * hosts, and never reading more than `maxBytes`. Every refusal is an AppError whose message says why.
 */
export async function downloadFile(url: string, options: DownloadOptions): Promise<Uint8Array> {
  const signal = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  let target = checkedUrl(url, options.allowedHosts);
  for (let hop = 0; ; hop++) {
    const response = await fetch(target, { headers: options.headers, redirect: 'manual', signal }).catch(
      (cause: unknown) => {
        throw new AppError('unavailable', `could not download ${target.hostname}${target.pathname}`, { cause });
      },
    );
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      const location = response.headers.get('location');
      if (!location || hop >= MAX_REDIRECTS) throw new AppError('unavailable', 'the file download kept redirecting');
      target = checkedUrl(new URL(location, target).href, options.allowedHosts);
      continue;
    }
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw new AppError(
        'unauthorized',
        'the platform refused to hand over the file (check the bot’s file permissions)',
      );
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new AppError('unavailable', `the file download failed with HTTP ${response.status}`);
    }
    if (options.htmlMeansRefused && (response.headers.get('content-type') ?? '').startsWith('text/html')) {
      await response.body?.cancel();
      throw new AppError(
        'unauthorized',
        'Slack refused the file download (it sent its sign-in page): the bot token needs the files:read scope',
      );
    }
    return readCapped(response.body, options.maxBytes, 'the file');
  }
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
