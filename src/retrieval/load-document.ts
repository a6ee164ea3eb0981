import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { type FetchUrlOptions, fetchUrl } from '../net/fetch-url.js';
import type { DocumentExtractor } from './extract.js';

/** An uploaded file (the API's multipart `file`): bytes, checked by content rather than by their claimed type. */
export interface Upload {
  bytes: Uint8Array;
  filename?: string | undefined;
  contentType?: string | undefined;
}

export interface DocumentSource {
  text?: string | undefined;
  /** A web page or file to fetch (public addresses only). */
  url?: string | undefined;
  /** A chat attachment, by the URL the platform serves it from. */
  file?: string | undefined;
  upload?: Upload | undefined;
  title?: string | undefined;
}

/** How documents are fetched by URL (KB_FETCH_*): which private hosts are allowed, how big, how long. */
export function fetchingFromConfig(
  config: Pick<Config, 'KB_FETCH_ALLOW_HOSTS' | 'KB_FETCH_MAX_BYTES' | 'KB_FETCH_TIMEOUT_MS'>,
): FetchUrlOptions {
  return {
    allowHosts: config.KB_FETCH_ALLOW_HOSTS,
    maxBytes: config.KB_FETCH_MAX_BYTES,
    timeoutMs: config.KB_FETCH_TIMEOUT_MS,
  };
}

export interface LoadedDocument {
  title: string;
  text: string;
  url?: string | undefined;
}

/**
 * The text of a document however it came: typed in, uploaded, attached in chat or linked. Fetching is SSRF-safe
 * (see fetch-url.ts) and extraction goes by the bytes (HTML main content, PDF text, Markdown, plain text), done by
 * `extract` (in a server, the parse pool's workers, under its limits).
 */
export async function loadDocument(
  source: DocumentSource,
  fetching: FetchUrlOptions & { signal?: AbortSignal | undefined },
  extract: DocumentExtractor,
): Promise<LoadedDocument> {
  if (source.text !== undefined) {
    const firstLine = source.text
      .split('\n')[0]
      ?.replace(/^#+\s*/, '')
      .slice(0, 80);
    return { title: source.title ?? (firstLine || 'Untitled'), text: source.text, url: source.url };
  }
  if (source.upload) {
    const doc = await extract(source.upload, fetching.signal);
    return { title: source.title ?? doc.title ?? source.upload.filename ?? 'Uploaded document', text: doc.text };
  }
  const link = source.url ?? source.file;
  if (!link) throw new AppError('bad_request', 'give the document as text, a file or a url');
  const fetched = await fetchUrl(link, fetching);
  const doc = await extract({ ...fetched }, fetching.signal);
  // A chat attachment's URL carries expiring signatures; its file name is the better label, and no link is kept.
  const url = source.url ? fetched.url : undefined;
  return { title: source.title ?? doc.title ?? fetched.filename ?? fetched.url, text: doc.text, url };
}
