import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureExtraction } from '../../src/runtime/pipelines/embeddings.js';
import type { Pipeline } from '../../src/runtime/pipelines/pipeline.js';
import { ENCODERS, writeEncoder } from './encoder-models.js';
import { ENCODER_TEXTS, reference, runOurs, scratch } from './reference.js';

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] ?? 0) * (b[i] ?? 0);
    na += (a[i] ?? 0) ** 2;
    nb += (b[i] ?? 0) ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

/** Our sentence embeddings (length-grouped batches, mean pooling over real tokens) against transformers.js'. */
describe('embeddings agree with transformers.js (random-weight all-MiniLM-L6-v2)', () => {
  const tmp = scratch('emb');
  let ours: Pipeline;
  let peer: FeatureExtractionPipeline;

  beforeAll(async () => {
    const handle = writeEncoder(tmp.dir, ENCODERS.embeddings);
    ours = await featureExtraction(handle, 1);
    peer = (await reference('feature-extraction', handle.dir)) as FeatureExtractionPipeline;
  });
  afterAll(async () => {
    await ours?.dispose();
    await peer?.dispose();
    tmp.dispose();
  });

  it.each([
    ['mean', true],
    ['cls', true],
    ['mean', false],
  ] as const)(
    'pooling %s (normalised: %s): cosine ≥ 0.9999 with the reference, texts batched together',
    async (pooling, normalize) => {
      const mine = await runOurs<Float32Array>(
        ours,
        ENCODER_TEXTS.map((text) => ({ text, pooling, normalize })),
      );
      const theirs = await peer(ENCODER_TEXTS, { pooling, normalize });
      const rows = theirs.tolist() as number[][];
      for (const [i, text] of ENCODER_TEXTS.entries()) {
        const a = mine[i] ?? new Float32Array();
        const b = rows[i] ?? [];
        expect(a.length).toBe(384);
        expect(cosine(a, b), text).toBeGreaterThanOrEqual(0.9999);
        if (!normalize) expect(Math.hypot(...a) / Math.hypot(...b)).toBeCloseTo(1, 4);
      }
      // Not one vector for everything: the texts' embeddings differ (a shallow random model's [CLS] barely moves).
      if (pooling === 'mean') expect(cosine(mine[0] ?? [], mine[1] ?? [])).toBeLessThan(0.999);
    },
  );
});
