import type { ModelHandle } from '../protocol.js';
import type { Answer, TaskInput } from '../tasks.js';
import { type Encoder, encoderGraph, loadEncoder, runRows, softmax } from './encoder.js';
import { alignTokens, type Span } from './offsets.js';
import type { Pipeline } from './pipeline.js';

/** Window sizes in tokens; STRIDE is what neighbouring windows share, so an answer cut by one is whole in the next. */
export const QA_WINDOWS = { MAX_QUESTION_TOKENS: 64, STRIDE: 128, WINDOW: 384 } as const;
const { MAX_QUESTION_TOKENS, STRIDE, WINDOW } = QA_WINDOWS;

interface Window {
  item: number;
  /** Row of input ids: [CLS] question [SEP] context piece [SEP]. */
  ids: number[];
  types: number[];
  /** For each position, the context span it covers, or null outside the context. */
  spans: (Span | null)[];
}

/**
 * Extractive question answering over contexts of any length: the context is cut into overlapping windows,
 * every window of every question runs in one batch, and the best span across windows wins. Answers carry
 * character offsets into the original context.
 */
export async function questionAnswering(model: ModelHandle, threads: number): Promise<Pipeline> {
  const encoder = await loadEncoder(model.dir, threads, encoderGraph(model));
  return {
    async run(inputs) {
      const items = inputs as TaskInput<'question-answering'>[];
      const windows = items.flatMap((item, index) => windowsFor(encoder, item, index));
      const outputs = await runRows(
        encoder,
        windows.map((w) => w.ids),
        ['start_logits', 'end_logits'],
        windows.map((w) => w.types),
      );
      const candidates: Answer[][] = items.map(() => []);
      windows.forEach((w, row) => {
        const item = items[w.item] as TaskInput<'question-answering'>;
        const output = outputs[row];
        if (!output) return;
        const masked = (name: string) =>
          Array.from(output.get(name).subarray(0, w.ids.length), (v, i) => (w.spans[i] ? v : -1e4));
        const startProbs = softmax(masked('start_logits'));
        const endProbs = softmax(masked('end_logits'));
        const best = bestSpans(startProbs, endProbs, w.spans, item.maxAnswerTokens ?? 15, item.topK ?? 1);
        for (const { from, to, score } of best) {
          candidates[w.item]?.push({ answer: item.context.slice(from, to), score, start: from, end: to });
        }
      });
      return candidates.map((list, i) => dedupe(list).slice(0, items[i]?.topK ?? 1));
    },
    dispose: () => encoder.session.release(),
  };
}

function windowsFor(encoder: Encoder, item: TaskInput<'question-answering'>, index: number): Window[] {
  const { tokenizer } = encoder;
  const question = tokenizer.encode(item.question, { add_special_tokens: false }).slice(0, MAX_QUESTION_TOKENS);
  const context = tokenizer.encode(item.context, { add_special_tokens: false });
  const contextSpans = alignTokens(
    item.context,
    context.map((id) => encoder.idToToken[id] ?? ''),
    context.map(() => false),
    encoder.normalization,
  );
  // The special tokens an empty text gets are the model's own opener and separator ([CLS] … [SEP]).
  const [cls = encoder.padId, sep = encoder.padId] = tokenizer.encode('');
  const room = Math.max(16, Math.min(WINDOW, encoder.maxLength) - question.length - 3);
  const step = Math.max(1, room - STRIDE);
  const windows: Window[] = [];
  for (let from = 0; ; from += step) {
    const piece = context.slice(from, from + room);
    const head = [cls, ...question, sep];
    windows.push({
      item: index,
      ids: [...head, ...piece, sep],
      types: [...head.map(() => 0), ...piece.map(() => 1), 1],
      spans: [...head.map(() => null), ...contextSpans.slice(from, from + room), null],
    });
    if (from + room >= context.length) break;
  }
  return windows;
}

/** The most probable (start ≤ end, bounded length) spans of one window. */
function bestSpans(starts: number[], ends: number[], spans: (Span | null)[], maxTokens: number, topK: number) {
  const found: { from: number; to: number; score: number }[] = [];
  starts.forEach((ps, s) => {
    const first = spans[s];
    if (!first) return;
    for (let e = s; e < Math.min(spans.length, s + maxTokens); e++) {
      const last = spans[e];
      if (last) found.push({ from: first.start, to: last.end, score: ps * (ends[e] ?? 0) });
    }
  });
  return found.sort((a, b) => b.score - a.score).slice(0, topK);
}

/** Overlapping windows find the same span twice; keep the best score of each. */
function dedupe(answers: Answer[]): Answer[] {
  const seen = new Map<string, Answer>();
  for (const a of answers) {
    const key = `${a.start}:${a.end}`;
    if ((seen.get(key)?.score ?? -1) < a.score) seen.set(key, a);
  }
  return [...seen.values()].sort((a, b) => b.score - a.score);
}
