import type { TextNormalization } from './encoder.js';

/**
 * What ends a word for BERT's pre-tokenizer: whitespace, and punctuation as BERT counts it (Unicode punctuation
 * and every ASCII symbol: "<", "=", "`", "|", "$"…).
 */
const ENDS_WORD = /[\s\p{P}\u0021-\u002F\u003A-\u0040\u005B-\u0060\u007B-\u007E]/u;
/** CJK ideographs, which BERT's normaliser (handle_chinese_chars) makes words of their own (not kana or hangul). */
const CJK =
  /[\u{4E00}-\u{9FFF}\u{3400}-\u{4DBF}\u{20000}-\u{2A6DF}\u{2A700}-\u{2B73F}\u{2B740}-\u{2B81F}\u{2B820}-\u{2CEAF}\u{F900}-\u{FAFF}\u{2F800}-\u{2FA1F}]/u;

export interface Span {
  start: number;
  end: number;
}

/**
 * The tokenizer library gives ids, not character offsets. This maps each WordPiece token back onto the
 * ORIGINAL text: normalise the text character by character the way the tokenizer does (lowercase, strip
 * accents, whitespace), remembering which original characters each normalised unit came from, then walk the
 * tokens through it. "Mêlée" in a cased model stays "Mêlée"; in an uncased one it is matched as "melee" and
 * still reported as the original "Mêlée" span. Special tokens get null.
 */
export function alignTokens(
  text: string,
  tokens: readonly string[],
  isSpecial: readonly boolean[],
  normalization: TextNormalization,
): (Span | null)[] {
  const { normalized, origin } = normalize(text, normalization);
  const spans: (Span | null)[] = [];
  let cursor = 0;
  tokens.forEach((token, i) => {
    if (isSpecial[i]) {
      spans.push(null);
      return;
    }
    const continuation = token.startsWith(normalization.continuationPrefix);
    const piece = continuation ? token.slice(normalization.continuationPrefix.length) : token;
    if (!continuation) while (normalized[cursor] === ' ') cursor++;
    if (token === normalization.unknownToken) {
      // An unknown word: it covers the text up to the next space or punctuation mark.
      const from = cursor;
      while (cursor < normalized.length && !ENDS_WORD.test(normalized[cursor] ?? ' ')) cursor++;
      if (cursor === from) cursor++;
      spans.push(toSpan(origin, from, cursor));
      return;
    }
    let at = normalized.startsWith(piece, cursor) ? cursor : normalized.indexOf(piece, cursor);
    if (at < 0 || piece.length === 0) {
      spans.push(null);
      return;
    }
    if (at !== cursor && normalized.slice(cursor, at).trim() !== '') at = cursor; // never skip real text
    cursor = at + piece.length;
    spans.push(toSpan(origin, at, cursor));
  });
  return spans;
}

function toSpan(origin: readonly Span[], from: number, to: number): Span | null {
  const first = origin[from];
  const last = origin[to - 1];
  return first && last ? { start: first.start, end: last.end } : null;
}

/** Normalises like the BERT normaliser and records, per normalised UTF-16 unit, the original character span. */
function normalize(text: string, normalization: TextNormalization): { normalized: string; origin: Span[] } {
  let normalized = '';
  const origin: Span[] = [];
  let index = 0;
  for (const char of text) {
    const span = { start: index, end: index + char.length };
    index += char.length;
    let out = char;
    if (/\s/u.test(char)) out = ' ';
    else if (/\p{Cc}|\p{Cf}/u.test(char) || char === '\uFFFD') out = '';
    else if (CJK.test(char)) out = ` ${char} `;
    else {
      if (normalization.lowercase) out = out.toLowerCase();
      if (normalization.stripAccents) out = out.normalize('NFD').replace(/\p{Mn}/gu, '');
    }
    const previous = origin.at(-1);
    // A stripped combining mark (e + U+0301) still belongs to the letter before it: widen that letter's span.
    if (out === '' && previous && /\p{M}/u.test(char)) previous.end = span.end;
    for (let k = 0; k < out.length; k++) origin.push(span);
    normalized += out;
  }
  return { normalized, origin };
}
