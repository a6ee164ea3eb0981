import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AutoTokenizer, type PreTrainedTokenizer } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePrompt } from '../../src/runtime/pipelines/clip-tokenizer.js';
import { type Encoder, encodeText, loadEncoder } from '../../src/runtime/pipelines/encoder.js';
import { alignTokens } from '../../src/runtime/pipelines/offsets.js';
import { byteLevelTokenizerFiles, bytesToUnicode } from '../fixtures/models/bytelevel.js';
import { tokenTable } from '../fixtures/models/encoders.js';
import * as known from '../fixtures/models/known.js';
import { unigramTokenizerFiles, unigramVocab } from '../fixtures/models/unigram.js';
import { tokenizerFiles } from '../fixtures/models/wordpiece.js';
import { CORPUS_KINDS, tokenizerCorpus } from './corpus.js';
import { conformanceVocab, ENCODERS } from './encoder-models.js';
import { scratch } from './reference.js';
import { clipTokenizerPair } from './stable-diffusion-models.js';

const CORPUS = tokenizerCorpus(2000);

function writeFolder(dir: string, files: Record<string, unknown>): string {
  mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), JSON.stringify(content));
  return dir;
}

/** Collects mismatches so one failure shows the first few strings, not just the first. */
function mismatches<T>(items: readonly T[], check: (item: T) => string | undefined): string[] {
  return items.map(check).filter((m): m is string => m !== undefined);
}

describe('the tokenizer agreement corpus', () => {
  it('has 2,000 strings covering every kind, the same on every run', () => {
    expect(CORPUS).toHaveLength(2000);
    expect(new Set(CORPUS).size).toBeGreaterThan(1900);
    expect(CORPUS_KINDS.length).toBeGreaterThanOrEqual(15);
    expect(tokenizerCorpus(2000)).toEqual(CORPUS);
    for (const probe of [
      'ı',
      'İ',
      '👩🏽‍🚀',
      '\u0301',
      '<@U012ABCDEF|alice>',
      '<:pirate:',
      'https://',
      '東京',
      'مرحبا',
      '**bold**',
    ])
      expect(
        CORPUS.some((s) => s.includes(probe)),
        probe,
      ).toBe(true);
  });
});

/**
 * WordPiece (BERT cased and uncased): our ids (encodeText) are transformers.js' ids, and our offsets (alignTokens,
 * which transformers.js does not have) put every token on the characters it came from: the slice, normalised as
 * the tokenizer normalises, is the token's text; [UNK] covers one whole word; spans never go back or overlap.
 */
describe.each([
  ['uncased', ENCODERS.toxicity],
  ['cased', ENCODERS.ner],
])('WordPiece (%s) over the corpus', (_, spec) => {
  const tmp = scratch('wordpiece');
  let encoder: Encoder;
  let peer: PreTrainedTokenizer;

  beforeAll(async () => {
    const { vocab, options } = conformanceVocab(spec);
    const dir = writeFolder(tmp.dir, { ...tokenizerFiles(vocab, options), 'config.json': { model_type: 'bert' } });
    writeFileSync(path.join(dir, 'onnx/model.onnx'), tokenTable(new Float32Array(2), 1, 2, 'logits'));
    encoder = await loadEncoder(dir, 1);
    peer = await AutoTokenizer.from_pretrained(dir, { local_files_only: true });
  });
  afterAll(async () => {
    await encoder?.session.release();
    tmp.dispose();
  });

  const normalise = (s: string) => {
    let out = s.replace(/[\p{Cc}\p{Cf}\uFFFD]/gu, '');
    if (encoder.normalization.lowercase) out = out.toLowerCase();
    if (encoder.normalization.stripAccents) out = out.normalize('NFD').replace(/\p{Mn}/gu, '');
    return out;
  };

  it('identical ids to transformers.js, and every offset slices back to its token', () => {
    let tokens = 0;
    const failures = mismatches(CORPUS, (text) => {
      const ids = encodeText(encoder, text);
      const theirs = peer.encode(text);
      if (JSON.stringify(ids) !== JSON.stringify(theirs)) return `ids differ: ${JSON.stringify(text)}`;
      const pieces = ids.map((id) => encoder.idToToken[id] ?? '');
      const spans = alignTokens(
        text,
        pieces,
        ids.map((id) => encoder.specialIds.has(id)),
        encoder.normalization,
      );
      let end = 0;
      for (const [t, span] of spans.entries()) {
        const piece = pieces[t] ?? '';
        if (encoder.specialIds.has(ids[t] ?? -1)) {
          if (span !== null) return `special token with a span: ${JSON.stringify(text)}`;
          continue;
        }
        tokens++;
        if (!span || span.start < end) return `token ${piece} has no span or goes back: ${JSON.stringify(text)}`;
        end = span.end;
        const slice = text.slice(span.start, span.end);
        if (piece === '[UNK]') {
          if (!slice || /\s/u.test(slice))
            return `[UNK] is not one word (${JSON.stringify(slice)}): ${JSON.stringify(text)}`;
        } else if (normalise(slice) !== piece.replace(/^##/, '')) {
          return `${piece} sliced as ${JSON.stringify(slice)}: ${JSON.stringify(text)}`;
        }
      }
      return undefined;
    });
    expect(failures.slice(0, 5)).toEqual([]);
    expect(tokens).toBeGreaterThan(20_000);
  });
});

/**
 * Byte-level BPE (Qwen2's generator) and Unigram (T5's summarizer): ours loads them with transformers.js itself, so
 * the ids are the reference's; what must hold over the corpus is that nothing is lost: each byte-level token is
 * bytes of the text in order (decoding gives the NFC text back), and Unigram's pieces decode to the text up to its
 * whitespace and the characters its small vocabulary lacks.
 */
describe('byte-level BPE and Unigram over the corpus', () => {
  const tmp = scratch('bpe');
  let bytes: PreTrainedTokenizer;
  let unigram: PreTrainedTokenizer;

  beforeAll(async () => {
    bytes = await AutoTokenizer.from_pretrained(writeFolder(path.join(tmp.dir, 'qwen'), byteLevelTokenizerFiles()), {
      local_files_only: true,
    });
    const vocab = unigramVocab([...known.COMMON_WORDS, ...known.SUMMARY_WORDS]);
    unigram = await AutoTokenizer.from_pretrained(writeFolder(path.join(tmp.dir, 't5'), unigramTokenizerFiles(vocab)), {
      local_files_only: true,
    });
  });
  afterAll(() => tmp.dispose());

  it('byte-level: the tokens are the text’s UTF-8 bytes in order, and decode to it', () => {
    const byteOf = new Map(bytesToUnicode().map((c, b) => [c, b]));
    const tokenOf: string[] = [];
    for (const [token, id] of bytes.get_vocab()) tokenOf[id] = token;
    const failures = mismatches(CORPUS, (text) => {
      const ids = bytes.encode(text);
      const nfc = text.normalize('NFC');
      const raw = ids.flatMap((id) => [...(tokenOf[id] ?? '')].map((c) => byteOf.get(c) ?? -1));
      if (Buffer.compare(Buffer.from(raw), Buffer.from(nfc, 'utf8')) !== 0)
        return `bytes differ: ${JSON.stringify(text)}`;
      return bytes.decode(ids) === nfc ? undefined : `decode differs: ${JSON.stringify(text)}`;
    });
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('Unigram: the pieces decode to the text (whitespace collapsed, unknown characters as <unk>)', () => {
    const failures = mismatches(CORPUS, (text) => {
      const ids = unigram.encode(text);
      if (ids.at(-1) !== unigram.eos_token_id) return `no </s>: ${JSON.stringify(text)}`;
      const decoded = unigram
        .decode(ids, { skip_special_tokens: false, clean_up_tokenization_spaces: false })
        .replace(/<\/s>$/, '');
      // Whitespace aside, the decoded pieces between <unk>s are the text's characters, in order.
      const squeezed = text.replace(/\s+/gu, '');
      let at = 0;
      for (const part of decoded.replace(/\s+/gu, '').split('<unk>')) {
        const found = squeezed.indexOf(part, at);
        if (found < 0) return `${JSON.stringify(decoded)} ≠ ${JSON.stringify(text)}`;
        at = found + part.length;
      }
      return undefined;
    });
    expect(failures.slice(0, 5)).toEqual([]);
  });
});

describe('CLIP BPE over the corpus', () => {
  const tmp = scratch('clip-corpus');
  let ours: PreTrainedTokenizer;
  let peer: PreTrainedTokenizer;

  beforeAll(async () => {
    ({ ours, peer } = await clipTokenizerPair(tmp.dir));
  });
  afterAll(() => tmp.dispose());

  it("identical ids to transformers.js' CLIPTokenizer built as Hugging Face's converter builds it", () => {
    const failures = mismatches(CORPUS, (text) => {
      const theirs = peer.encode(text);
      if (theirs.length > 77) return undefined; // the cut is compared in text-to-image.test.ts
      const mine = encodePrompt(ours, text, theirs.length, -1).ids;
      return JSON.stringify(mine) === JSON.stringify(theirs) ? undefined : `ids differ: ${JSON.stringify(text)}`;
    });
    expect(failures.slice(0, 5)).toEqual([]);
  });
});
