import { inflateSync, constants as zlib } from 'node:zlib';
import { getDocumentProxy, getMeta } from 'unpdf';
import { AppError } from '../errors.js';

export interface PdfLimits {
  /** Pages a PDF may have. */
  maxPages: number;
  /** Characters of text extracted, all pages together. */
  maxChars: number;
  /** Bytes the PDF's compressed (Flate) streams may inflate to, all together, images aside. */
  maxInflatedBytes: number;
}

/**
 * The text of a PDF, one entry per page with text (as unpdf's extractText gives it), and its title. Before pdf.js
 * sees the file, its Flate streams are inflated here under a cap: pdf.js inflates into typed arrays, which a
 * worker's heap limit does not count, so a stream that inflates to gigabytes must be refused by its size.
 */
export async function pdfText(bytes: Uint8Array, limits: PdfLimits): Promise<{ title?: string; pages: string[] }> {
  checkInflatedSize(bytes, limits.maxInflatedBytes);
  // pdf.js takes the buffer over (transfers it): give it a copy, never the caller's bytes.
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 }).catch((cause: unknown) => {
    throw new AppError('bad_request', 'the PDF could not be read (it is damaged or encrypted)', { cause });
  });
  try {
    if (pdf.numPages > limits.maxPages) {
      throw new AppError('payload_too_large', `the PDF has ${pdf.numPages} pages; the limit is ${limits.maxPages}`);
    }
    const pages: string[] = [];
    let chars = 0;
    for (let n = 1; n <= pdf.numPages; n++) {
      const text = await pageText(pdf, n).catch((cause: unknown) => {
        throw new AppError('bad_request', 'the text of the PDF could not be read (it is damaged)', { cause });
      });
      chars += text.length;
      if (chars > limits.maxChars) {
        throw new AppError('payload_too_large', `the PDF holds more than ${limits.maxChars} characters of text`);
      }
      pages.push(text);
    }
    const { info } = await getMeta(pdf).catch(() => ({ info: {} as Record<string, unknown> }));
    const title = typeof info.Title === 'string' ? info.Title.trim() || undefined : undefined;
    return { ...(title ? { title } : {}), pages };
  } finally {
    await pdf.destroy();
  }
}

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

/** One page's text the way unpdf's extractText writes it: the items' strings, a newline where an item ends a line. */
async function pageText(pdf: PdfDocument, n: number): Promise<string> {
  const page = await pdf.getPage(n);
  const content = await page.getTextContent();
  return content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
}

/** How far back from `stream` the dictionary that describes it is looked for. */
const DICTIONARY_WINDOW = 64 * 1024;

/**
 * Inflates every Flate stream that text extraction may read (content streams, fonts, object streams; images are
 * never decoded for text) and refuses the PDF with `payload_too_large` once they add up to more than `maxBytes`.
 * Streams are found by their keywords, not their /Length (which may lie); one zlib cannot read is left to pdf.js,
 * whose own limits (the worker's time and heap) still hold.
 */
export function checkInflatedSize(bytes: Uint8Array, maxBytes: number): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  for (let at = buf.indexOf('stream', 0, 'latin1'); at >= 0; at = buf.indexOf('stream', at, 'latin1')) {
    const keyword = at;
    at += 6;
    if (keyword >= 3 && buf.toString('latin1', keyword - 3, keyword) === 'end') continue;
    const dictionary = buf.toString('latin1', Math.max(0, keyword - DICTIONARY_WINDOW), keyword);
    const objectStart = dictionary.lastIndexOf(' obj');
    const dict = objectStart >= 0 ? dictionary.slice(objectStart) : dictionary;
    if (!/>>\s*$/.test(dict) || !/\/(?:FlateDecode|Fl)\b/.test(dict) || /\/Subtype\s*\/Image\b/.test(dict)) continue;
    let start = at;
    if (buf[start] === 0x0d) start++;
    if (buf[start] === 0x0a) start++;
    const end = buf.indexOf('endstream', start, 'latin1');
    const data = buf.subarray(start, end < 0 ? buf.length : end);
    try {
      total += inflateSync(data, { maxOutputLength: maxBytes - total + 1, finishFlush: zlib.Z_SYNC_FLUSH }).length;
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_BUFFER_TOO_LARGE') continue;
      total = maxBytes + 1;
    }
    if (total > maxBytes) {
      throw new AppError(
        'payload_too_large',
        `the PDF's compressed streams inflate to more than ${Math.round(maxBytes / 2 ** 20)} MiB`,
      );
    }
    if (end >= 0) at = end + 9;
  }
}
