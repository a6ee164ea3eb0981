/** A piece of a document sized for the embedding model, with its place in the original text. */
export interface Chunk {
  text: string;
  /** Character offsets into the document: text === document.slice(start, end). */
  start: number;
  end: number;
  /** The Markdown heading the chunk sits under, if any (prepended when embedding, for context). */
  heading?: string | undefined;
}

export interface ChunkOptions {
  maxTokens?: number;
  overlapTokens?: number;
  /** Defaults to a word-and-punctuation count, close to a WordPiece tokenizer's for prose. */
  countTokens?: (text: string) => number;
}

interface Unit {
  start: number;
  end: number;
  tokens: number;
  heading: string | undefined;
  /** Starts a paragraph or section: a good place to begin a chunk. */
  boundary: boolean;
}

export function approximateTokens(text: string): number {
  return text.match(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu)?.length ?? 0;
}

/**
 * Structure-aware chunking: a document is cut into sentences (code blocks stay whole when they fit) that keep
 * their heading and paragraph boundaries, then packed into chunks of at most `maxTokens`, preferring to start a
 * chunk at a heading or paragraph, with the last `overlapTokens` of sentences repeated at the start of the next
 * chunk so an answer cut in two is whole in one of them. Pure: same input, same chunks.
 */
export function chunkText(document: string, options: ChunkOptions = {}): Chunk[] {
  const steps = chunkSteps(document, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** How long chunkTextInSlices works before it lets the event loop run. */
const SLICE_MS = 4;

/**
 * chunkText (the same chunks) in slices of a few milliseconds with the event loop running in between: chunking a
 * 2-million-character document in one go took 1.8 s on a busy 2-core machine, during which no heartbeat, ack or
 * HTTP request on the server's main thread would have been answered.
 */
export async function chunkTextInSlices(document: string, options: ChunkOptions = {}): Promise<Chunk[]> {
  const steps = chunkSteps(document, options);
  let until = performance.now() + SLICE_MS;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() >= until) {
      await new Promise((resolve) => setImmediate(resolve));
      until = performance.now() + SLICE_MS;
    }
  }
}

/** The chunking itself, pausing (yielding) after each sentence and each packed unit so a caller can slice it. */
function* chunkSteps(document: string, options: ChunkOptions): Generator<void, Chunk[]> {
  const max = options.maxTokens ?? 256;
  const overlap = options.overlapTokens ?? 32;
  const count = options.countTokens ?? approximateTokens;
  const units = yield* splitUnits(document, count, max);
  const chunks: Chunk[] = [];
  const tokensOf = (list: Unit[]) => list.reduce((sum, u) => sum + u.tokens, 0);
  let current: Unit[] = [];
  /** How many of `current`'s units were carried over from the previous chunk (the overlap). */
  let carried = 0;
  const close = () => {
    const first = current[0];
    const last = current.at(-1);
    if (!first || !last) return;
    chunks.push({
      text: document.slice(first.start, last.end),
      start: first.start,
      end: last.end,
      heading: first.heading,
    });
    const tail: Unit[] = [];
    for (let i = current.length - 1; i > 0; i--) {
      const unit = current[i] as Unit;
      if (tokensOf(tail) + unit.tokens > overlap) break;
      tail.unshift(unit);
    }
    current = tail;
    carried = tail.length;
  };
  for (const unit of units) {
    const size = tokensOf(current);
    const hasNew = current.length > carried;
    const sectionChange = unit.heading !== current.at(-1)?.heading;
    if (hasNew && (size + unit.tokens > max || sectionChange || (unit.boundary && size >= max / 2))) close();
    // The overlap never crosses into another section and never pushes a chunk over the limit.
    if (current.length > 0 && (tokensOf(current) + unit.tokens > max || unit.heading !== current.at(-1)?.heading)) {
      current = [];
      carried = 0;
    }
    current.push(unit);
    yield;
  }
  if (current.length > carried) close();
  return chunks;
}

/** Sentences (or code blocks, or word runs of an over-long sentence) with offsets, headings and boundaries. */
function* splitUnits(document: string, count: (text: string) => number, max: number): Generator<void, Unit[]> {
  const units: Unit[] = [];
  let heading: string | undefined;
  const block = /```[\s\S]*?(?:```|$)|[^\n]+(?:\n(?!\n|#{1,6}\s|```)[^\n]+)*/g;
  for (const match of document.matchAll(block)) {
    const start = match.index;
    const text = match[0];
    const lineEnd = text.indexOf('\n');
    const title = /^#{1,6}\s+(.+)$/.exec(lineEnd < 0 ? text : text.slice(0, lineEnd));
    if (title) heading = title[1]?.trim();
    const isCode = text.startsWith('```');
    const pieces = isCode && count(text) <= max ? [{ offset: 0, text }] : sentences(text);
    let i = 0;
    for (const piece of pieces) {
      for (const part of fitToMax(piece.text, count, max)) {
        // part.text is document.slice(from, from + its length): blank parts are no unit.
        if (part.text.trim() === '') continue;
        const from = start + piece.offset + part.offset;
        units.push({
          start: from,
          end: from + part.text.length,
          tokens: count(part.text),
          heading,
          boundary: i === 0 && part.offset === 0,
        });
      }
      i++;
      yield;
    }
  }
  return units;
}

/** A block's sentences, one at a time (a block can be a whole document that has no blank lines). */
function* sentences(text: string): Generator<{ offset: number; text: string }> {
  const re = /[^.!?。！？\n]+(?:[.!?。！？]+|\n|$)\s*/g;
  for (const m of text.matchAll(re)) if (m[0].trim()) yield { offset: m.index, text: m[0].trimEnd() };
}

/** A sentence longer than a chunk is cut at word boundaries. */
function fitToMax(text: string, count: (t: string) => number, max: number): { offset: number; text: string }[] {
  if (count(text) <= max) return [{ offset: 0, text }];
  const parts: { offset: number; text: string }[] = [];
  let partStart = 0;
  let tokens = 0;
  for (const word of text.matchAll(/\S+\s*/g)) {
    const n = count(word[0]);
    if (tokens + n > max && word.index > partStart) {
      parts.push({ offset: partStart, text: text.slice(partStart, word.index).trimEnd() });
      partStart = word.index;
      tokens = 0;
    }
    tokens += n;
  }
  parts.push({ offset: partStart, text: text.slice(partStart).trimEnd() });
  return parts;
}
