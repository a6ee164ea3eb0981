import type { FetchUrlOptions } from '../../net/fetch-url.js';
import type { DocumentExtractor } from '../../retrieval/extract.js';
import { fileNameOfUrl } from '../../retrieval/file-name.js';
import { type DocumentSource, loadDocument, type Upload } from '../../retrieval/load-document.js';
import { retold } from '../refusal.js';

export type AddArgs = {
  title?: string | undefined;
  url?: string | undefined;
  file?: string | undefined;
  upload?: Upload;
};

/** What the person gave, as a reply names it: their title, the link, the file's name ('unnamed' for none). */
export function sourceName(args: AddArgs): string {
  if (args.title) return args.title;
  if (args.url) return args.url;
  return fileNameOfUrl(args.file) || args.upload?.filename || 'unnamed';
}

/**
 * Fetching and extracting say exactly what went wrong, in English (kept for English readers and the logs);
 * readers of another language get the gist of it by error code.
 */
export async function loadRetold(
  args: AddArgs & DocumentSource,
  fetching: FetchUrlOptions & { signal?: AbortSignal | undefined },
  extract: DocumentExtractor,
) {
  try {
    return await loadDocument(args, fetching, extract);
  } catch (error) {
    throw retold(
      'kb',
      error,
      {
        bad_request: 'documentUnreadable',
        payload_too_large: 'documentTooLarge',
        unsupported_media: 'documentUnsupported',
        forbidden: 'documentRefused',
        unauthorized: 'documentRefused',
        unavailable: 'documentUnavailable',
        not_found: 'documentNotFound',
      },
      { source: sourceName(args) },
    );
  }
}
