import path from 'node:path';
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textClassification } from '../../src/runtime/pipelines/classification.js';
import { featureExtraction } from '../../src/runtime/pipelines/embeddings.js';
import type { Pipeline, PipelineFactory } from '../../src/runtime/pipelines/pipeline.js';
import { questionAnswering } from '../../src/runtime/pipelines/question-answering.js';
import { tokenClassification } from '../../src/runtime/pipelines/token-classification.js';
import { type FixtureId, writeFixtures } from '../fixtures/models/generate.js';
import * as known from '../fixtures/models/known.js';
import { fixtureHandle } from '../runtime/fixture-pool.js';
import { runOurs, scratch } from './reference.js';

const ENCODER_FIXTURES = ['sentiment', 'toxicity', 'ner', 'embeddings', 'qa'] as const satisfies readonly FixtureId[];
const OUTPUT: Record<(typeof ENCODER_FIXTURES)[number], string> = {
  sentiment: 'logits',
  toxicity: 'logits',
  ner: 'logits',
  embeddings: 'last_hidden_state',
  qa: 'start_logits',
};

/**
 * The known-by-construction encoder fixtures answer input a real BERT would answer differently (attended padding,
 * a row not opened by [CLS]) with far-off outputs, so a batching or padding mistake cannot pass as a right answer.
 */
describe('encoder fixtures catch wrong masks and positions', () => {
  const tmp = scratch('fixtures');
  beforeAll(() => {
    writeFixtures(tmp.dir, { only: ENCODER_FIXTURES });
  });
  afterAll(() => tmp.dispose());

  // [CLS] good great [SEP] [PAD]: ids of the uncased/cased fixture vocabularies' specials and two words.
  const feeds = async (session: ort.InferenceSession, ids: number[], mask: number[]) => {
    const tensor = (values: number[]) =>
      new ort.Tensor('int64', BigInt64Array.from(values, BigInt), [1, values.length]);
    const all: Record<string, ort.Tensor> = { input_ids: tensor(ids), attention_mask: tensor(mask) };
    if (session.inputNames.includes('token_type_ids')) all.token_type_ids = tensor(ids.map(() => 0));
    return all;
  };

  it.each(ENCODER_FIXTURES)('%s: padding attended or [CLS] missing moves the outputs', async (id) => {
    const handle = fixtureHandle(tmp.dir, id);
    const session = await ort.InferenceSession.create(path.join(handle.dir, 'onnx/model.onnx'));
    try {
      const run = async (ids: number[], mask: number[]) => {
        const out = await session.run(await feeds(session, ids, mask));
        return Array.from((out[OUTPUT[id]] as ort.Tensor).data as Float32Array);
      };
      const [cls, sep, pad, word] = [2, 3, 0, 10];
      const right = await run([cls, word, word + 1, sep, pad], [1, 1, 1, 1, 0]);
      const padAttended = await run([cls, word, word + 1, sep, pad], [1, 1, 1, 1, 1]);
      const leftPadded = await run([pad, cls, word, word + 1, sep], [0, 1, 1, 1, 1]);
      const unpadded = await run([cls, word, word + 1, sep], [1, 1, 1, 1]);
      const far = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - (b[i] ?? 0))));
      expect(far(right, padAttended)).toBeGreaterThan(50);
      expect(far(right, leftPadded)).toBeGreaterThan(50);
      // Well-formed, padding changes nothing on the real tokens (per-row outputs, or the first four positions).
      const perToken = right.length > unpadded.length;
      expect(perToken ? right.slice(0, unpadded.length) : right).toEqual(unpadded);
    } finally {
      await session.release();
    }
  });

  /** Texts of close lengths, so our pipelines pad them into one batch. */
  const TEXTS = ['Karla and Elaine', 'Elaine and Karla live', 'good great nice', 'the bad one', 'good'];

  it.each([
    ['sentiment', textClassification, (text: string) => ({ text })],
    ['ner', tokenClassification, (text: string) => ({ text, aggregation: 'none' })],
    ['embeddings', featureExtraction, (text: string) => ({ text })],
    ['qa', questionAnswering, (text: string) => ({ question: 'who?', context: `${text} on ${known.QA_ANSWER}` })],
  ] as [FixtureId, PipelineFactory, (text: string) => object][])(
    '%s through our pipeline: a padded batch answers as each text alone',
    async (id, factory, input) => {
      const ours: Pipeline = await factory(fixtureHandle(tmp.dir, id), 1);
      try {
        const batch = await runOurs(
          ours,
          TEXTS.map((text) => input(text)),
        );
        for (const [i, text] of TEXTS.entries()) expect(batch[i]).toEqual((await runOurs(ours, [input(text)]))[0]);
      } finally {
        await ours.dispose();
      }
    },
  );
});
