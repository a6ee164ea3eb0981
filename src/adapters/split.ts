/**
 * Platforms cap a message (Discord: 2,000 characters) or a block (Slack: a section's 3,000). Long replies are cut
 * into several parts: at a paragraph, line or word boundary (never inside a word unless one word alone is longer
 * than a part), and a code block cut in two is closed at the end of one part and reopened, with its language, at
 * the start of the next.
 */
export const DISCORD_MESSAGE_LIMIT = 2000;
export const SLACK_SECTION_LIMIT = 3000;

const FENCE = /^```(\S*)/;

export function splitMessage(text: string, limit = DISCORD_MESSAGE_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text;
  let reopen = ''; // the fence line to start the next part with, when a code block continues
  while (reopen.length + rest.length > limit) {
    const room = limit - reopen.length - 4; // keep space to close an open block ("\n```")
    const cut = cutPoint(rest, room);
    let part = reopen + rest.slice(0, cut).replace(/\s+$/, '');
    const open = openFence(part);
    if (open !== undefined) part += '\n```';
    parts.push(part);
    rest = rest.slice(cut).replace(/^[ \t]*\n?/, '');
    reopen = open !== undefined ? `\`\`\`${open}\n` : '';
  }
  const last = (reopen + rest).trimEnd();
  if (last.length > 0 || parts.length === 0) parts.push(last);
  return parts;
}

/** Where to cut within `room` characters: the last paragraph break, else line break, else space, else hard. */
function cutPoint(text: string, room: number): number {
  const window = text.slice(0, room + 1);
  for (const boundary of ['\n\n', '\n', ' ']) {
    const at = window.lastIndexOf(boundary);
    if (at > room / 4) return at + boundary.length;
  }
  // No boundary: cut hard, but never between the two halves of a surrogate pair.
  const code = text.charCodeAt(room - 1);
  return code >= 0xd800 && code <= 0xdbff ? room - 1 : room;
}

/** The language of the code block still open at the end of `text`, or undefined when none is open. */
function openFence(text: string): string | undefined {
  let open: string | undefined;
  for (const line of text.split('\n')) {
    const fence = FENCE.exec(line.trim());
    if (!fence) continue;
    open = open === undefined ? (fence[1] ?? '') : undefined;
  }
  return open;
}
