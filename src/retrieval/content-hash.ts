import { createHash } from 'node:crypto';

/** Characters hashed between two turns of the event loop (a few milliseconds of work). */
const SLICE_CHARS = 256 * 1024;

/**
 * The sha256 (hex) of a document's text with every run of whitespace as one space and none at either end: the
 * same text however it was wrapped or indented is the same document. Equal to
 * `sha256(text.replace(/\s+/g, ' ').trim())`, computed slice by slice with the event loop running in between, so
 * a 20 MB text never holds the main thread for long.
 */
export async function contentHash(text: string, sliceChars = SLICE_CHARS): Promise<string> {
  const hash = createHash('sha256');
  let at = skipSpace(text, 0);
  /** The previous slice ended in whitespace: one space, written only if more text follows. */
  let space = false;
  while (at < text.length) {
    let end = Math.min(text.length, at + Math.max(1, sliceChars));
    // A slice never ends inside a run of whitespace (it would become two spaces) or between a surrogate pair.
    while (end < text.length && isSpace(text.charCodeAt(end))) end++;
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end++;
    const piece = text.slice(at, end).replace(/\s+/g, ' ');
    if (space) hash.update(' ');
    space = piece.endsWith(' ');
    hash.update(space ? piece.slice(0, -1) : piece);
    at = end;
    if (at < text.length) await new Promise((resolve) => setImmediate(resolve));
  }
  return hash.digest('hex');
}

function skipSpace(text: string, from: number): number {
  let at = from;
  while (at < text.length && isSpace(text.charCodeAt(at))) at++;
  return at;
}

const SPACE = /\s/;

function isSpace(code: number): boolean {
  return SPACE.test(String.fromCharCode(code));
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
