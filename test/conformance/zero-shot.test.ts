import type { ZeroShotClassificationPipeline } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pipeline } from '../../src/runtime/pipelines/pipeline.js';
import { zeroShotClassification } from '../../src/runtime/pipelines/zero-shot.js';
import type { ModelHandle } from '../../src/runtime/protocol.js';
import { modelDir } from '../../src/runtime/store/lock.js';
import type { LabelScore, ZeroShotInput } from '../../src/runtime/tasks.js';
import { writeModel } from '../fixtures/models/generate.js';
import * as known from '../fixtures/models/known.js';
import { nliFiles } from '../fixtures/models/nli.js';
import { type EncoderSpec, writeEncoder } from './encoder-models.js';
import { ENCODER_TEXTS, reference, runOurs, scratch } from './reference.js';

/** A three-way NLI model in roberta-large-mnli's label order (entailment last, upper case), random weights. */
const THREE_WAY: EncoderSpec = {
  repo: 'conformance/bert-mnli',
  task: 'zero-shot-classification',
  head: 'sequence',
  modelType: 'bert',
  cased: false,
  hidden: 128,
  heads: 4,
  intermediate: 512,
  vocab: 30_522,
  layers: 1,
  labels: ['CONTRADICTION', 'NEUTRAL', 'ENTAILMENT'],
  headScale: 0.5,
};

const LABELS = ['selling or trading accounts', 'spoilers about the ending', 'billing', 'a website refund'];
const TEXTS = [
  ...ENCODER_TEXTS,
  'anyone selling accounts? i am trading my accounts tonight',
  'huge spoilers: the ending of the game is weird',
  'my phone billing is broken, i want a refund from the website',
];

function nliHandle(root: string): ModelHandle {
  const repo = 'fixtures/nli';
  const files = nliFiles();
  writeModel(root, repo, files);
  return {
    key: 'nli',
    dir: modelDir(root, repo),
    task: 'zero-shot-classification',
    files: Object.keys(files),
    bytes: 0,
  };
}

/**
 * Our zero-shot pipeline (every premise × hypothesis pair in one batch) against transformers.js'
 * zero-shot-classification pipeline (one pair at a time), on the NLI fixture (two-way, entailment first, logits
 * known by construction) and on a random-weight three-way BERT (entailment last, token types used).
 */
describe.each([
  ['the NLI fixture', nliHandle],
  ['a random three-way BERT', (root: string) => writeEncoder(root, THREE_WAY)],
] as const)('zero-shot classification on %s agrees with transformers.js', (_, write) => {
  const tmp = scratch('zero-shot');
  let ours: Pipeline;
  let peer: ZeroShotClassificationPipeline;

  beforeAll(async () => {
    const handle = write(tmp.dir);
    ours = await zeroShotClassification(handle, 1);
    peer = (await reference('zero-shot-classification', handle.dir)) as ZeroShotClassificationPipeline;
  });
  afterAll(async () => {
    await ours?.dispose();
    await peer?.dispose();
    tmp.dispose();
  });

  it.each([false, true])(
    'gives the same scores in the same order (multi_label %s), a whole batch at once',
    async (multi) => {
      const inputs: ZeroShotInput[] = TEXTS.map((text) => ({ text, labels: LABELS, multiLabel: multi }));
      const batch = await runOurs<LabelScore[]>(ours, inputs);
      for (const [i, text] of TEXTS.entries()) {
        const want = (await peer(text, LABELS, { multi_label: multi })) as { labels: string[]; scores: number[] };
        const got = batch[i] ?? [];
        expect(
          got.map((s) => s.label),
          text,
        ).toEqual(want.labels);
        for (const [k, s] of got.entries())
          expect(Math.abs(s.score - (want.scores[k] ?? Number.NaN))).toBeLessThan(1e-5);
        if (!multi) expect(got.reduce((sum, s) => sum + s.score, 0)).toBeCloseTo(1, 5);
      }
    },
  );

  it('scores one label on its own (entailment against contradiction), as transformers.js does', async () => {
    const [got] = await runOurs<LabelScore[]>(ours, [{ text: TEXTS[8] ?? '', labels: ['selling accounts'] }]);
    const want = (await peer(TEXTS[8] ?? '', ['selling accounts'])) as { scores: number[] };
    expect(got?.[0]?.score).toBeCloseTo(want.scores[0] ?? Number.NaN, 5);
  });

  it('takes a hypothesis template, and keeps "$&" in a label as written', async () => {
    const template = 'The topic is {} here.';
    const labels = ['billing', 'refund $& $1'];
    const [got] = await runOurs<LabelScore[]>(ours, [
      { text: TEXTS[10] ?? '', labels, hypothesisTemplate: template, multiLabel: true },
    ]);
    const want = (await peer(TEXTS[10] ?? '', ['billing', 'refund'], {
      hypothesis_template: template,
      multi_label: true,
    })) as {
      labels: string[];
      scores: number[];
    };
    // transformers.js would read "$&" as a replacement pattern; each label's own score agrees.
    expect(got?.find((s) => s.label === 'billing')?.score).toBeCloseTo(
      want.scores[want.labels.indexOf('billing')] ?? Number.NaN,
      5,
    );
    expect(got?.map((s) => s.label).sort()).toEqual([...labels].sort());
  });
});

describe('the NLI fixture is what known.nliLogits says', () => {
  const tmp = scratch('nli-known');
  let ours: Pipeline;
  beforeAll(async () => {
    ours = await zeroShotClassification(nliHandle(tmp.dir), 1);
  });
  afterAll(async () => {
    await ours?.dispose();
    tmp.dispose();
  });

  it('scores each label from the marked words it shares with the text', async () => {
    const text = 'anyone selling accounts? i am trading my accounts tonight';
    const [multi, single] = await runOurs<LabelScore[]>(ours, [
      { text, labels: LABELS, multiLabel: true },
      { text, labels: LABELS },
    ]);
    const logits = LABELS.map((l) => known.nliLogits(text, `This example is ${l}.`));
    for (const [i, label] of LABELS.entries()) {
      const [entail = 0, not = 0] = logits[i] ?? [];
      expect(multi?.find((s) => s.label === label)?.score).toBeCloseTo(1 / (1 + Math.exp(not - entail)), 6);
    }
    const exps = logits.map(([e = 0]) => Math.exp(e));
    const total = exps.reduce((a, b) => a + b, 0);
    for (const [i, label] of LABELS.entries()) {
      expect(single?.find((s) => s.label === label)?.score).toBeCloseTo((exps[i] ?? 0) / total, 6);
    }
    expect(multi?.[0]).toMatchObject({ label: 'selling or trading accounts' });
    expect(multi?.[0]?.score).toBeGreaterThan(0.99);
    expect(multi?.at(-1)?.score).toBeLessThan(0.02);
  });

  it('keeps the hypothesis whole when the text is longer than the model reads (the premise is cut)', async () => {
    const text = `${'the game is fun '.repeat(200)} selling accounts`;
    const [got] = await runOurs<LabelScore[]>(ours, [
      { text: `selling ${text}`, labels: ['selling'], multiLabel: true },
    ]);
    // The first "selling" survives the cut, the hypothesis too: entailment.
    expect(got?.[0]?.score).toBeGreaterThan(0.9);
  });
});
