import { textWindows } from '../text-windows.js';

/** A chat transcript ("name: text" lines) or a document / speech transcript. */
export type Kind = 'conversation' | 'text';

export type ChatMessage = { role: 'system' | 'user'; content: string };
/** One generator call; `onToken` streams the answer as it is written. */
export type Generate = (
  messages: ChatMessage[],
  maxNewTokens: number,
  onToken?: (piece: string) => void,
) => Promise<string>;

/**
 * Input per generator call: about 1,500 tokens of English (4 characters a token), which a 0.5B model on a CPU
 * reads in seconds and summarizes well; denser scripts give more tokens per window, still far inside the
 * model's 32k context. Windows are cut at sentence ends (text-windows.ts), so no sentence is split.
 */
export const WINDOW_CHARS = 6000;
const PART_TOKENS = 200;
const FINAL_TOKENS = 320;
/** Summaries of summaries: each round shrinks the text about eightfold, so three cover any accepted input. */
const MAX_ROUNDS = 3;

const SYSTEM: Record<Kind, string> = {
  conversation:
    'You summarize chat conversations. Each line is one message as "name: text"; names marked (bot) are bots. ' +
    'Write a short summary: the main topics, what was decided or answered, and open questions, naming people ' +
    'where it matters. Use only what the conversation says. Write in the language of the conversation.',
  text:
    'You summarize documents and transcripts. Write a short summary of the main points in a few sentences or ' +
    'bullet points. Use only what the text says. Write in the language of the text.',
};
const NOUN: Record<Kind, string> = { conversation: 'conversation', text: 'text' };

export interface MapReduceResult {
  summary: string;
  /** How many windows the input was read in: 1 when it fit whole, more when it was map-reduced. */
  windows: number;
}

/**
 * Summarizes a text of any accepted length: whole when it fits one window; otherwise each window is summarized
 * (map), then the summaries together (reduce), again in windows if they are still too long. Only the final call
 * streams (`onToken`); `onStep` tells the person waiting which part is being read.
 */
export async function mapReduce(
  text: string,
  kind: Kind,
  generate: Generate,
  hooks: { onStep?: (step: string) => void; onToken?: (piece: string) => void; signal?: AbortSignal } = {},
): Promise<MapReduceResult> {
  let pieces = windowsOf(text);
  const windows = pieces.length;
  let round = 0;
  while (pieces.length > 1 && round < MAX_ROUNDS) {
    round += 1;
    const partials: string[] = [];
    for (const [i, piece] of pieces.entries()) {
      hooks.signal?.throwIfAborted();
      hooks.onStep?.(round === 1 ? `Reading part ${i + 1} of ${pieces.length}…` : 'Combining the parts…');
      const messages = round === 1 ? partMessages(kind, piece, i, pieces.length) : combineMessages(kind, piece);
      partials.push((await generate(messages, PART_TOKENS)).trim());
    }
    const joined = partials.map((p, i) => `Part ${i + 1}: ${p}`).join('\n\n');
    pieces = windowsOf(joined);
  }
  hooks.signal?.throwIfAborted();
  const whole = pieces.join('\n\n');
  const final = round === 0 ? wholeMessages(kind, whole) : combineMessages(kind, whole);
  const summary = (await generate(final, FINAL_TOKENS, hooks.onToken)).trim();
  return { summary, windows };
}

function windowsOf(text: string): string[] {
  return textWindows(text, WINDOW_CHARS)
    .map((w) => w.text.trim())
    .filter((w) => w !== '');
}

function wholeMessages(kind: Kind, text: string): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM[kind] },
    { role: 'user', content: `Summarize this ${NOUN[kind]}:\n\n${text}` },
  ];
}

function partMessages(kind: Kind, text: string, index: number, count: number): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM[kind] },
    {
      role: 'user',
      content: `This is part ${index + 1} of ${count} of a longer ${NOUN[kind]}. Summarize this part:\n\n${text}`,
    },
  ];
}

function combineMessages(kind: Kind, summaries: string): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM[kind] },
    {
      role: 'user',
      content:
        `These are summaries of consecutive parts of one longer ${NOUN[kind]}. ` +
        `Combine them into one short summary of the whole:\n\n${summaries}`,
    },
  ];
}
