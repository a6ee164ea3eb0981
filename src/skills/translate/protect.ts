import { textWindows } from '../text-windows.js';

/**
 * What a translation must keep byte for byte, in the order they are tried: code blocks and inline code, links,
 * platform references (Discord's <@id>, <@!id>, <@&role>, <#channel>, <:name:id>, <a:name:id>, <t:…>; Slack's
 * <@U…>, <#C…|name>, <!here>; and as people read them, @names and #channels: Slack's arrive as plain text), emoji
 * (flags, keycaps, pictographs with their modifiers and joiners), Markdown markers (bold, italics, strikethrough,
 * spoilers, quotes, headings, list bullets) and line breaks.
 */
const KEEP = new RegExp(
  [
    '```[\\s\\S]*?(?:```|(?![\\s\\S]))',
    '`[^`\\n]+`',
    '<https?:\\/\\/[^>\\s]+>',
    'https?:\\/\\/[^\\s<>]*[^\\s<>.,;:!?)\'"]',
    '<(?:[@#!]|a?:\\w+:|t:)[^<>\\n]*>',
    '(?<![\\p{L}\\p{N}_@#&])[@#][\\p{L}\\p{N}_](?:[\\p{L}\\p{N}_.\\-]*[\\p{L}\\p{N}_])?',
    '\\p{Regional_Indicator}{2}',
    '[0-9#*]\\uFE0F?\\u20E3',
    '\\p{Extended_Pictographic}(?:\\uFE0F|\\p{Emoji_Modifier}|\\u200D\\p{Extended_Pictographic}\\uFE0F?)*',
    '^(?:>>> |> |#{1,3} |-# |[-*] |\\d+\\. )',
    '\\*\\*|\\*|~~|\\|\\||__|(?<!\\w)_|_(?!\\w)',
    '\\s*\\n\\s*',
  ].join('|'),
  'gmu',
);

/** A stretch of the text: kept as it is, or given to the model. */
export interface Piece {
  keep: boolean;
  text: string;
}

/** The text cut into pieces that concatenate back to it exactly. A piece without letters is kept too. */
export function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  let at = 0;
  const push = (keep: boolean, part: string) => {
    if (!part) return;
    const keepIt = keep || !/\p{L}/u.test(part);
    const last = out.at(-1);
    if (last && last.keep === keepIt) last.text += part;
    else out.push({ keep: keepIt, text: part });
  };
  for (const match of text.matchAll(KEEP)) {
    push(false, text.slice(at, match.index));
    push(true, match[0]);
    at = match.index + match[0].length;
  }
  push(false, text.slice(at));
  return out;
}

/** Sentence windows of a piece to translate, each with the spaces around it kept aside. */
export function windows(piece: string, maxChars: number): { before: string; text: string; after: string }[] {
  return textWindows(piece, maxChars).map((w) => {
    const text = w.text.trim();
    const before = w.text.slice(0, w.text.indexOf(text));
    return { before, text, after: w.text.slice(before.length + text.length) };
  });
}

/** The words of a text, without what translation keeps (for telling its language). */
export function prose(text: string): string {
  return pieces(text)
    .filter((p) => !p.keep)
    .map((p) => p.text)
    .join(' ');
}
