import type { QuestionAnsweringPipeline } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pipeline } from '../../src/runtime/pipelines/pipeline.js';
import { QA_WINDOWS, questionAnswering } from '../../src/runtime/pipelines/question-answering.js';
import type { Answer } from '../../src/runtime/tasks.js';
import * as known from '../fixtures/models/known.js';
import { randomFloats } from '../fixtures/models/onnx.js';
import { CONFORMANCE_WORDS, ENCODERS, writeEncoder } from './encoder-models.js';
import { reference, runOurs, scratch } from './reference.js';

const squeeze = (s: string) => s.replace(/\s+/g, '');

/** Whole words of the vocabulary (one token each), picked with a seed. */
function words(count: number, seed: number): string[] {
  const pool = CONFORMANCE_WORDS.filter((w) => !w.startsWith('##'));
  return Array.from(randomFloats(count, seed, 1), (r) => pool[Math.floor(((r + 1) / 2) * pool.length)] ?? 'the');
}

/**
 * Our extractive QA (windows over long contexts, spans as character offsets) against transformers.js'
 * question-answering pipeline on a random-weight distilbert-base-cased-distilled-squad. transformers.js has no
 * window: it truncates. So on contexts that fit one window the best span must be the same; across windows, ours'
 * best span must be the best the reference finds in a window that holds it (ours then keeps the best of all
 * windows, which the reference cannot do). Scores differ by design: transformers.js keeps [CLS] in the softmax
 * and zeroes it after, ours leaves it out, so each window's probabilities are scaled by one constant and the order
 * of spans, which is what is compared, is the same.
 */
describe('question answering agrees with transformers.js', () => {
  const tmp = scratch('qa');
  let ours: Pipeline;
  let peer: QuestionAnsweringPipeline;

  beforeAll(async () => {
    const handle = writeEncoder(tmp.dir, ENCODERS.qa);
    ours = await questionAnswering(handle, 1);
    peer = (await reference('question-answering', handle.dir)) as QuestionAnsweringPipeline;
  });
  afterAll(async () => {
    await ours?.dispose();
    await peer?.dispose();
    tmp.dispose();
  });

  const cases = [
    { question: 'Where is the treasure buried?', context: known.QA_CONTEXT },
    { question: 'who lives on the Island?', context: known.NER_SENTENCE },
    { question: 'what do legends say?', context: words(60, 5).join(' ') },
    { question: 'what is it?', context: `${words(30, 6).join(', ')}. ${words(30, 7).join('! ')}?` },
  ];

  it('finds the same best span on contexts that fit one window, and its offsets slice the context', async () => {
    const answers = await runOurs<Answer[]>(
      ours,
      cases.map((c) => ({ ...c, maxAnswerTokens: 512 })),
    );
    const spans = new Set<string>();
    for (const [i, c] of cases.entries()) {
      const [best] = answers[i] ?? [];
      const theirs = (await peer(c.question, c.context)) as { answer: string };
      expect(best, c.question).toBeDefined();
      expect(best?.answer).toBe(c.context.slice(best?.start, best?.end));
      expect(squeeze(best?.answer ?? ''), c.question).toBe(squeeze(theirs.answer));
      spans.add(`${best?.start}:${best?.end}`);
    }
    expect(spans.size).toBeGreaterThan(1);
  });

  it('across windows, answers with a span the reference finds best in a window that holds it', async () => {
    const question = 'what does the captain say?';
    const all = words(900, 8);
    const context = all.join(' ');
    const [best] = (await runOurs<Answer[]>(ours, [{ question, context, maxAnswerTokens: 512 }]))[0] ?? [];
    if (!best) throw new Error('no answer');
    // Every word is one token, so window k holds words [k·step, k·step + room), as the pipeline cuts them.
    const questionTokens = peer.tokenizer.encode(question, { add_special_tokens: false }).length;
    const room = QA_WINDOWS.WINDOW - questionTokens - 3;
    const step = room - QA_WINDOWS.STRIDE;
    const wordStarts = all.map((_, k) => all.slice(0, k).join(' ').length + (k > 0 ? 1 : 0));
    const first = wordStarts.indexOf(best.start);
    const last = first + best.answer.split(' ').length - 1;
    expect(first).toBeGreaterThanOrEqual(0);
    const windows: number[] = [];
    for (let from = 0; from < all.length; from += step) {
      if (from <= first && last < from + room) windows.push(from);
      if (from + room >= all.length) break;
    }
    expect(windows.length).toBeGreaterThan(0);
    const found: string[] = [];
    for (const from of windows) {
      const theirs = (await peer(question, all.slice(from, from + room).join(' '))) as { answer: string };
      found.push(theirs.answer);
    }
    expect(found).toContain(best.answer);
    // The context spans several windows and the answer is not simply in the first one.
    expect(all.length).toBeGreaterThan(2 * room);
  });
});
