import type { TextClassificationPipeline } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textClassification } from '../../src/runtime/pipelines/classification.js';
import type { Pipeline } from '../../src/runtime/pipelines/pipeline.js';
import type { LabelScore } from '../../src/runtime/tasks.js';
import { ENCODERS, type EncoderSpec, writeEncoder } from './encoder-models.js';
import { ENCODER_TEXTS, reference, runOurs, scratch } from './reference.js';

/**
 * Our classification pipeline (length-grouped batches, softmax or sigmoid by problem_type) against
 * transformers.js' text-classification pipeline, one text at a time, on random-weight BERT-base-wide models.
 */
describe.each([
  ['softmax', ENCODERS.sentiment],
  ['multi-label sigmoid', ENCODERS.toxicity],
] as [string, EncoderSpec][])('text classification (%s) agrees with transformers.js', (kind, spec) => {
  const tmp = scratch('cls');
  let ours: Pipeline;
  let peer: TextClassificationPipeline;
  const multiLabel = kind !== 'softmax';

  beforeAll(async () => {
    const handle = writeEncoder(tmp.dir, spec);
    ours = await textClassification(handle, 1);
    peer = (await reference('text-classification', handle.dir)) as TextClassificationPipeline;
  });
  afterAll(async () => {
    await ours?.dispose();
    await peer?.dispose();
    tmp.dispose();
  });

  /** The reference's raw logits of one text. */
  async function peerLogits(text: string): Promise<number[]> {
    const inputs = peer.tokenizer(text, { truncation: true });
    const { logits } = await peer.model(inputs);
    return Array.from(logits.data as Float32Array);
  }

  /** Our logits back from our scores: the sigmoid's inverse, or log-probabilities (softmax: up to a constant). */
  function oursLogits(scores: LabelScore[], labels: readonly string[]): number[] {
    const byLabel = labels.map((l) => scores.find((s) => s.label === l)?.score ?? Number.NaN);
    return byLabel.map((p) => (multiLabel ? Math.log(p / (1 - p)) : Math.log(p)));
  }

  it('gives the same logits (within 1e-4) and labels in the same order, for a whole batch run at once', async () => {
    const labels = spec.labels ?? [];
    const batch = await runOurs<LabelScore[]>(
      ours,
      ENCODER_TEXTS.map((text) => ({ text })),
    );
    for (const [i, text] of ENCODER_TEXTS.entries()) {
      const got = batch[i] ?? [];
      const want = await peerLogits(text);
      const mine = oursLogits(got, labels);
      // Softmax fixes logits only up to a shared constant: compare each against the first label's.
      const shift = (v: number[]) => (multiLabel ? v : v.map((x) => x - (v[0] ?? 0)));
      const [a, b] = [shift(mine), shift(want)];
      for (let k = 0; k < labels.length; k++)
        expect(Math.abs((a[k] ?? 0) - (b[k] ?? 0)), `${text} ${labels[k]}`).toBeLessThan(1e-4);
      const peerScores = (await peer(text, { top_k: null })) as LabelScore[];
      expect(
        got.map((s) => s.label),
        text,
      ).toEqual(peerScores.map((s) => s.label));
      for (const [k, s] of got.entries()) expect(s.score).toBeCloseTo(peerScores[k]?.score ?? Number.NaN, 5);
    }
  });

  it('is not a constant: different texts get different scores, and the labels are spread', async () => {
    const batch = await runOurs<LabelScore[]>(
      ours,
      ENCODER_TEXTS.map((text) => ({ text })),
    );
    const tops = new Set(batch.map((scores) => scores[0]?.score.toFixed(6)));
    expect(tops.size).toBe(ENCODER_TEXTS.length);
    const top = batch.flatMap((scores) => scores.map((s) => s.score));
    expect(Math.max(...top) - Math.min(...top)).toBeGreaterThan(0.2);
  });
});
