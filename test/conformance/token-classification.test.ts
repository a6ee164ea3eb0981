import type { TokenClassificationPipeline } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pipeline } from '../../src/runtime/pipelines/pipeline.js';
import { tokenClassification } from '../../src/runtime/pipelines/token-classification.js';
import type { Entity } from '../../src/runtime/tasks.js';
import { ENCODERS, writeEncoder } from './encoder-models.js';
import { ENCODER_TEXTS, reference, runOurs, scratch } from './reference.js';

interface PeerToken {
  entity: string;
  score: number;
  index: number;
  word: string;
}
interface PeerGroup {
  entity_group: string;
  score: number;
  word: string;
}

/**
 * Without spaces: the reference's words are decoded tokens ("the, Bar"), ours slices of the original text. A
 * decoded run that starts with a continuation keeps its "##" (the WordPiece decoder strips it after the first).
 */
const squeeze = (s: string) => s.replace(/^##/, '').replace(/\s+/g, '');

/**
 * Our token classification (WordPiece offsets aligned onto the original text, our aggregation) against
 * transformers.js' token-classification pipeline on a random-weight bert-base-NER (cased, 9 labels).
 */
describe('token classification agrees with transformers.js', () => {
  const tmp = scratch('ner');
  let ours: Pipeline;
  let peer: TokenClassificationPipeline;

  beforeAll(async () => {
    const handle = writeEncoder(tmp.dir, ENCODERS.ner);
    ours = await tokenClassification(handle, 1);
    peer = (await reference('token-classification', handle.dir)) as TokenClassificationPipeline;
  });
  const unknownId = () => peer.tokenizer.convert_tokens_to_ids('[UNK]');
  const isUnknown = (word: string) => {
    const ids = peer.tokenizer.encode(word, { add_special_tokens: false });
    return ids.length === 1 && ids[0] === unknownId();
  };
  afterAll(async () => {
    await ours?.dispose();
    await peer?.dispose();
    tmp.dispose();
  });

  it('labels every token as the reference does, with the same scores, and its offsets slice out the token', async () => {
    const batch = await runOurs<Entity[]>(
      ours,
      ENCODER_TEXTS.map((text) => ({ text, aggregation: 'none' })),
    );
    let labelled = 0;
    let unknownWords = 0;
    for (const [i, text] of ENCODER_TEXTS.entries()) {
      // An unknown word ([UNK]) is a word of the text: ours labels it, over the whole word, as Python's pipeline
      // does (its special-tokens mask leaves [UNK] out); transformers.js drops it, since it decodes to nothing.
      const unknown = (batch[i] ?? []).filter((e) => isUnknown(e.text));
      for (const e of unknown) expect(e.text).toMatch(/^\S+$/u);
      unknownWords += unknown.length;
      const mine = (batch[i] ?? []).filter((e) => !unknown.includes(e));
      const theirs = (await peer(text)) as PeerToken[];
      expect(
        mine.map((e) => e.label),
        text,
      ).toEqual(theirs.map((t) => t.entity));
      for (const [k, e] of mine.entries()) {
        const t = theirs[k] as PeerToken;
        expect(e.score).toBeCloseTo(t.score, 5);
        expect(e.text).toBe(text.slice(e.start, e.end));
        // One token: the reference decodes it ("##lée" stays "##lée"); ours is the same characters of the original.
        expect(e.text).toBe(t.word.replace(/^##/, ''));
      }
      labelled += mine.length;
    }
    // Random weights with a spread head: most tokens get an entity label, so this compares many.
    expect(labelled).toBeGreaterThan(40);
    expect(unknownWords).toBeGreaterThan(0);
  });

  it("groups entities as the reference's 'simple' aggregation, and each entity's offsets slice out its words", async () => {
    const batch = await runOurs<Entity[]>(
      ours,
      ENCODER_TEXTS.map((text) => ({ text, aggregation: 'simple' })),
    );
    let groups = 0;
    for (const [i, text] of ENCODER_TEXTS.entries()) {
      // Around an [UNK] (see above) the groups differ by construction; texts without one must agree.
      if (peer.tokenizer.encode(text).includes(unknownId())) continue;
      const mine = batch[i] ?? [];
      // transformers.js drops the ignored labels ("O") before grouping, so two PER tokens around an "O" merge into
      // one entity; Python's 'simple' (and ours) lets the "O" end the first. Keeping "O" in and dropping its groups
      // after gives the Python grouping from the same code.
      const all = (await peer(text, { aggregation_strategy: 'simple', ignore_labels: [] })) as PeerGroup[];
      const theirs = all.filter((g) => g.entity_group !== 'O');
      expect(
        mine.map((e) => e.label),
        text,
      ).toEqual(theirs.map((g) => g.entity_group));
      for (const [k, e] of mine.entries()) {
        const g = theirs[k] as PeerGroup;
        expect(e.score).toBeCloseTo(g.score, 5);
        expect(e.text).toBe(text.slice(e.start, e.end));
        expect(squeeze(e.text)).toBe(squeeze(g.word));
      }
      groups += mine.length;
    }
    expect(groups).toBeGreaterThan(20);
  });
});
