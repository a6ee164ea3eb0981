import { describe, expect, it } from 'vitest';
import {
  detectLanguage,
  nextToken,
  promptTokens,
  timedStretches,
  whisperVocabulary,
} from '../../src/runtime/pipelines/whisper-rules.js';

// A small Whisper-like vocabulary: 0–9 text, 10 eot, 11 sot, 12–14 en/de/fr, 15 translate, 16 transcribe,
// 17 notimestamps, 18… timestamps (<|0.00|> = 18, 0.02 s apart).
const vocab = whisperVocabulary(
  {
    eos_token_id: 10,
    decoder_start_token_id: 11,
    no_timestamps_token_id: 17,
    lang_to_id: { '<|en|>': 12, '<|de|>': 13, '<|fr|>': 14 },
    task_to_id: { translate: 15, transcribe: 16 },
    suppress_tokens: [3],
    begin_suppress_tokens: [0, 10],
    max_initial_timestamp_index: 50,
  },
  { vocab_size: 18 + 1501, max_source_positions: 1500, max_target_positions: 448 },
  30,
);
const T = (seconds: number) => 18 + Math.round(seconds / 0.02);
const logits = (set: Record<number, number>) => {
  const row = new Float32Array(vocab.vocabSize).fill(-30);
  for (const [id, v] of Object.entries(set)) row[Number(id)] = v;
  return row;
};

describe('Whisper decoding rules', () => {
  it('builds prompts: sot, language, task; refuses unknown languages with a reason', () => {
    expect(promptTokens(vocab, 'de', 'transcribe')).toEqual([11, 13, 16]);
    expect(promptTokens(vocab, 'fr', 'translate')).toEqual([11, 14, 15]);
    expect(promptTokens(vocab, undefined, 'transcribe')).toEqual([11]);
    expect(() => promptTokens(vocab, 'xx', 'transcribe')).toThrow(/"xx" is not a language/);
  });

  it('detects the language among language tokens only, over all rows of a batch', () => {
    const clearlyGerman = logits({ 1: 50, 12: 1, 13: 4 });
    const slightlyFrench = logits({ 12: 0, 13: 1, 14: 1.2 });
    const result = detectLanguage(vocab, [clearlyGerman, slightlyFrench]);
    expect(result.language).toBe('de');
    expect(result.probability).toBeGreaterThan(0.4);
    expect(result.probability).toBeLessThan(1);
  });

  it('starts with a timestamp no later than 1 s, even when text is likelier', () => {
    expect(nextToken(vocab, logits({ 2: 30, [T(0)]: 1 }), [])).toBe(T(0));
    expect(nextToken(vocab, logits({ [T(5)]: 30, [T(0.4)]: 1 }), [])).toBe(T(0.4));
  });

  it('never produces suppressed or special tokens', () => {
    const row = logits({ 3: 40, 11: 39, 12: 38, 17: 37, 4: 1 });
    expect(nextToken(vocab, row, [T(0), 5])).toBe(4);
  });

  it('pairs timestamps: after an opening one comes text, after a closing one a timestamp or the end', () => {
    expect(nextToken(vocab, logits({ [T(1)]: 30, 4: 1 }), [T(0)])).toBe(4);
    expect(nextToken(vocab, logits({ 4: 30, 10: 2 }), [T(0), 5, T(1)])).toBe(10);
    expect(nextToken(vocab, logits({ 4: 30, [T(1)]: 2 }), [T(0), 5, T(1)])).toBe(T(1));
  });

  it('never goes back in time, and a segment has a length', () => {
    expect(nextToken(vocab, logits({ [T(0.5)]: 30, [T(2)]: 6, 6: 5.5 }), [T(0), 5, T(1), T(1), 6])).toBe(T(2));
    // Right after text, the closing timestamp may not equal the opening one.
    expect(nextToken(vocab, logits({ [T(1)]: 30, [T(1.5)]: 20 }), [T(1), 5])).toBe(T(1.5));
  });

  it('takes a timestamp when all timestamps together outweigh the best text token', () => {
    const many: Record<number, number> = { 4: 2.5 };
    for (let s = 1; s < 3; s += 0.02) many[T(s)] = 2;
    expect(nextToken(vocab, logits(many), [T(0), 5])).toBeGreaterThanOrEqual(T(1));
  });

  it('can be told never to end (fixed-length benchmarks)', () => {
    expect(nextToken(vocab, logits({ 10: 30, 4: 1 }), [T(0), 5], { ignoreEndOfText: true })).toBe(4);
  });

  it('cuts tokens into timed stretches, clamped to the window and in order', () => {
    const generated = [T(0), 1, 2, T(1.2), T(1.2), 4, T(2.4), T(2.4), 6, 10];
    expect(timedStretches(vocab, generated, 2)).toEqual([
      { start: 0, end: 1.2, tokens: [1, 2] },
      { start: 1.2, end: 2, tokens: [4] },
      { start: 2, end: 2, tokens: [6] },
    ]);
  });
});
