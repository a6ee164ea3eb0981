import { AppError } from '../errors.js';
import { fileNameOfUrl } from './file-name.js';
import { checkNesting } from './html-depth.js';
import { htmlToText } from './html-text.js';
import { type PdfLimits, pdfText } from './pdf-text.js';

export type DocumentFormat = 'text' | 'markdown' | 'html' | 'pdf';

export interface DocumentBytes {
  bytes: Uint8Array;
  /** As the server or uploader declared it; a hint, checked against the bytes. */
  contentType?: string | undefined;
  filename?: string | undefined;
  /** Where the bytes came from; its path's extension is a hint when there is no file name. */
  url?: string | undefined;
}

export interface ExtractedDocument {
  title?: string | undefined;
  /** Markdown-like text: `#` headings, paragraphs separated by blank lines (what the chunker reads). */
  text: string;
  format: DocumentFormat;
}

/** Output caps for one document; a document past one is refused (413 too large, 422 too deeply nested). */
export interface ExtractLimits extends PdfLimits {
  /** Elements an HTML page may nest. */
  maxHtmlDepth: number;
}

/** The defaults of the PARSE_* settings (README: Configuration). */
export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = {
  maxChars: 2_000_000,
  maxPages: 2_000,
  maxInflatedBytes: 256 * 1024 * 1024,
  maxHtmlDepth: 256,
};

/** Where extraction runs: the parse pool's workers in a server (src/parse), extractDocument itself in tests. */
export type DocumentExtractor = (input: DocumentBytes, signal?: AbortSignal) => Promise<ExtractedDocument>;

const SUPPORTED = 'send a PDF, an HTML page, Markdown or plain text';
/**
 * Formats people send by mistake, recognised by their first bytes (as hex; `.` is any digit) so the refusal can say
 * what the file is. Other binaries are caught by looksBinary.
 */
const MAGIC: [string, RegExp][] = [
  ['a PNG image', /^89504e470d0a1a0a/],
  ['a JPEG image', /^ffd8ff/],
  ['a GIF image', /^474946383[79]61/],
  ['a WebP image', /^52494646.{8}57454250/],
  // WAV, AVI, Ogg, MP3 with ID3 tags, FLAC, Matroska/WebM, MP4/M4A/MOV.
  [
    'an audio or video file',
    /^(?:52494646.{8}(?:57415645|41564920)|4f67675300|4944330[234]00|664c6143|1a45dfa3|.{8}66747970)/,
  ],
  ['a ZIP archive (or a Word, Excel or PowerPoint file)', /^504b0304/],
  // gzip, 7-Zip, RAR, xz, bzip2.
  ['a compressed archive', /^(?:1f8b|377abcaf271c|526172211a07|fd377a585a00|425a683[1-9])/],
  ['an old Word or Excel document', /^d0cf11e0a1b11ae1/],
  ['a program', /^(?:7f454c46|0061736d|cffaedfe)/],
];
const HTML_START = /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html)[\s>]/i;
const MARKDOWN_EXT = /\.(?:md|markdown|mdown|mkd|mdx)$/i;
const HTML_EXT = /\.(?:html?|xhtml)$/i;
const TEXT_TYPES = /^(?:text\/|application\/(?:json|xml|(?:x-)?yaml|x-ndjson)$|application\/[\w.+-]+\+(?:json|xml)$)/;
/** Types that say nothing about the content. */
const NEUTRAL_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/unknown']);

/**
 * Turns fetched or uploaded bytes into document text. The format comes from the bytes first (a PDF or an HTML page
 * is recognised whatever it was called), then from the declared type, then from the file name. Images, archives
 * and other binaries are refused with `unsupported_media`; a document with no text in it with `bad_request`.
 */
export async function extractDocument(
  input: DocumentBytes,
  limits: ExtractLimits = DEFAULT_EXTRACT_LIMITS,
): Promise<ExtractedDocument> {
  const { bytes } = input;
  if (bytes.byteLength === 0) throw new AppError('bad_request', 'the document is empty');
  const name = input.filename ?? fileNameOfUrl(input.url);
  const mime = (input.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  // The header may follow some junk (PDF readers look in the first KiB), but then the name or type must agree.
  const pdfAt = Buffer.from(bytes.subarray(0, 1024)).indexOf('%PDF-');
  if (pdfAt === 0 || (pdfAt > 0 && (mime === 'application/pdf' || /\.pdf$/i.test(name ?? ''))))
    return extractPdf(bytes, limits);
  const head = Buffer.from(bytes.subarray(0, 16)).toString('hex');
  const magic = MAGIC.find(([, signature]) => signature.test(head));
  if (magic) throw unsupported(`${describeSource(name)} is ${magic[0]}`);
  const text = decode(bytes, input.contentType, describeSource(name));
  const format = HTML_START.test(text.slice(0, 4096)) ? 'html' : textFormat(mime, name);
  if (format === 'html') {
    checkNesting(text, limits.maxHtmlDepth);
    return capped(nonEmpty({ ...htmlToText(text), format }), limits.maxChars);
  }
  const body = text.replace(/\r\n?/g, '\n').trim();
  const heading = format === 'markdown' ? /^#\s+(.+?)\s*#*\s*$/m.exec(body)?.[1] : undefined;
  return capped(nonEmpty({ title: heading, text: body, format }), limits.maxChars);
}

function textFormat(mime: string, name: string | undefined): DocumentFormat {
  if (mime === 'text/html' || mime === 'application/xhtml+xml') return 'html';
  if (mime === 'text/markdown' || mime === 'text/x-markdown' || (name && MARKDOWN_EXT.test(name))) return 'markdown';
  if (name && HTML_EXT.test(name) && (NEUTRAL_TYPES.has(mime) || mime === 'text/plain')) return 'html';
  if (mime === 'application/pdf' || (NEUTRAL_TYPES.has(mime) && name?.toLowerCase().endsWith('.pdf'))) {
    throw unsupported(`${describeSource(name)} is called a PDF but is not one`);
  }
  // Anything else that decodes as text is text, unless its declared type says it is something else (an SVG image).
  if (TEXT_TYPES.test(mime) || NEUTRAL_TYPES.has(mime)) return 'text';
  throw unsupported(`${mime} documents are not supported`);
}

async function extractPdf(bytes: Uint8Array, limits: ExtractLimits): Promise<ExtractedDocument> {
  const { title, pages } = await pdfText(bytes, limits);
  const text = pages.map((page) => page.replace(/[ \t]+\n/g, '\n').trim()).filter(Boolean);
  return nonEmpty(
    { title, text: text.join('\n\n'), format: 'pdf' },
    'the PDF has no text in it (scanned pages would need OCR, which is not supported)',
  );
}

function capped(doc: ExtractedDocument, maxChars: number): ExtractedDocument {
  if (doc.text.length > maxChars) {
    throw new AppError('payload_too_large', `the document holds more than ${maxChars} characters of text`);
  }
  return doc;
}

/**
 * Bytes as text: a byte-order mark wins, then the declared charset (or an HTML page's <meta charset>), then UTF-8.
 * Bytes that are neither valid UTF-8 nor text-like (NULs, control characters) are a binary file.
 */
function decode(bytes: Uint8Array, contentType: string | undefined, source: string): string {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const bom = head.startsWith('\xef\xbb\xbf')
    ? 'utf-8'
    : head.startsWith('\xff\xfe')
      ? 'utf-16le'
      : head.startsWith('\xfe\xff')
        ? 'utf-16be'
        : undefined;
  const declared =
    /charset="?([\w.:-]+)/i.exec(contentType ?? '')?.[1] ?? /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  if (!bom && !/^utf-16/i.test(declared ?? '') && looksBinary(bytes))
    throw unsupported(`${source} is a binary file, not a text document`);
  const label = bom ?? declared ?? 'utf-8';
  const decodeAs = (encoding: string, fatal: boolean) => {
    const decoder = new TextDecoder(encoding, { fatal });
    return fixWindows1252(decoder.encoding, decoder.decode(bytes)).replace(/^\ufeff/, '');
  };
  let encoding: string;
  try {
    encoding = new TextDecoder(label).encoding;
  } catch {
    encoding = 'utf-8'; // a label TextDecoder does not know
  }
  try {
    return decodeAs(encoding, true);
  } catch {
    // Not valid UTF-8 after all: legacy files are most often Windows-1252, which decodes any byte.
    return decodeAs(encoding === 'utf-8' ? 'windows-1252' : encoding, false);
  }
}

/** Windows-1252's 0x80–0x9F, which Node 20's TextDecoder decodes as Latin-1 control characters instead. */
const CP1252_HIGH = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';

function fixWindows1252(encoding: string, text: string): string {
  if (encoding !== 'windows-1252') return text;
  return text.replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
}

/** NUL bytes, or many control characters, in the first 8 KiB: no text format has those. */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b) control++;
  }
  return control > sample.length / 10;
}

function nonEmpty(doc: ExtractedDocument, reason = 'no text could be found in the document'): ExtractedDocument {
  if (!doc.text.trim()) throw new AppError('bad_request', reason);
  return doc;
}

function describeSource(name: string | undefined): string {
  return name ? `"${name}"` : 'the document';
}

function unsupported(what: string): AppError {
  return new AppError('unsupported_media', `${what}; ${SUPPORTED}`);
}
