import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODELS } from '../../src/runtime/manifest.js';
import {
  CLIP_MAX_LENGTH,
  encodePrompt,
  loadClipTokenizer,
  parseMerges,
} from '../../src/runtime/pipelines/clip-tokenizer.js';
import { modelDir } from '../../src/runtime/store/lock.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import * as known from '../fixtures/models/known.js';
import { tempDir } from '../helpers/db.js';

const ids = known.CLIP_IDS;
const BOS = ids['<|startoftext|>'];
const EOS = ids['<|endoftext|>'];
const PAD = ids['!'];

/** The CLIP tokenizer built from the SD-Turbo fixture's vocab.json + merges.txt (no tokenizer.json). */
describe('CLIP tokenizer from vocab.json + merges.txt', () => {
  const dir = tempDir('omb-clip-tokenizer-');
  const folder = path.join(modelDir(dir, DEFAULT_MODELS.imagine.repo), 'tokenizer');
  let tokenizer: PreTrainedTokenizer;
  const padded = (head: number[]) => [...head, ...new Array(CLIP_MAX_LENGTH - head.length).fill(PAD)];

  beforeAll(async () => {
    writeFixtures(dir, { only: ['imagine'] });
    tokenizer = await loadClipTokenizer(folder);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has CLIP’s layout: byte characters, the same with </w>, merges, then the specials', () => {
    const vocab = JSON.parse(readFileSync(path.join(folder, 'vocab.json'), 'utf8')) as Record<string, number>;
    expect(Object.keys(vocab)).toHaveLength(known.CLIP_VOCAB_SIZE);
    for (const [token, id] of Object.entries(ids)) expect(vocab[token], token).toBe(id);
    expect(readFileSync(path.join(folder, 'merges.txt'), 'utf8').startsWith('#version: 0.2\n')).toBe(true);
    expect([tokenizer.bos_token_id, tokenizer.eos_token_id, tokenizer.pad_token_id]).toEqual([BOS, EOS, PAD]);
  });

  it('encodes a prompt as SD pipelines do: start, words, end, "!" padding to 77', () => {
    const encoded = encodePrompt(tokenizer, known.CLIP_PROMPT);
    expect(encoded.ids).toEqual(padded(known.CLIP_PROMPT_IDS));
    expect(encoded).toMatchObject({ kept: 5, truncated: false, dropped: '' });
    expect(tokenizer.decode(encoded.ids.slice(0, 7), { skip_special_tokens: true })).toBe(known.CLIP_PROMPT);
  });

  it('keeps every fixture word whole and splits unknown words into pieces', () => {
    for (const word of [...known.COMMON_WORDS, ...known.IMAGE_WORDS]) {
      expect(tokenizer.tokenize(word), word).toEqual([`${word.toLowerCase()}</w>`]);
    }
    const pieces = tokenizer.tokenize('zebra');
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.at(-1)?.endsWith('</w>')).toBe(true);
    expect(pieces.join('').replace('</w>', '')).toBe('zebra');
    expect(tokenizer.decode(tokenizer.encode('zebra cat'), { skip_special_tokens: true })).toBe('zebra cat');
  });

  it('lower-cases, collapses whitespace and splits punctuation off words', () => {
    const clean = encodePrompt(tokenizer, known.CLIP_PROMPT).ids;
    expect(encodePrompt(tokenizer, '  A \t Photo\n\nOF a   CAT ').ids).toEqual(clean);
    expect(tokenizer.tokenize('astronaut,horse')).toEqual(['astronaut</w>', ',</w>', 'horse</w>']);
    expect(encodePrompt(tokenizer, 'an astronaut riding a horse on mars').ids.slice(0, 9)).toEqual([
      BOS,
      ids['an</w>'],
      ids['astronaut</w>'],
      ids['riding</w>'],
      ids['a</w>'],
      ids['horse</w>'],
      ids['on</w>'],
      ids['mars</w>'],
      EOS,
    ]);
  });

  it('cuts long prompts to 75 tokens, keeps the end token and says what was dropped', () => {
    const words = Array.from({ length: 80 }, (_, i) => (i % 2 ? 'cat' : 'dog'));
    const encoded = encodePrompt(tokenizer, words.join(' '));
    expect(encoded.ids).toHaveLength(CLIP_MAX_LENGTH);
    expect(encoded.ids[0]).toBe(BOS);
    expect(encoded.ids.at(-1)).toBe(EOS);
    expect(encoded).toMatchObject({ kept: 75, truncated: true, dropped: words.slice(75).join(' ') });

    const exact = encodePrompt(tokenizer, words.slice(0, 75).join(' '));
    expect(exact).toMatchObject({ kept: 75, truncated: false });
    expect(exact.ids.at(-1)).toBe(EOS);
    expect(encodePrompt(tokenizer, words.join(' '), 10).ids).toEqual([BOS, ...encoded.ids.slice(1, 9), EOS]);
  });

  it('pads with the id it is given (SD 1.x pads with <|endoftext|>)', () => {
    expect(encodePrompt(tokenizer, 'cat', CLIP_MAX_LENGTH, EOS).ids).toEqual([
      BOS,
      ids['cat</w>'],
      ...new Array(CLIP_MAX_LENGTH - 2).fill(EOS),
    ]);
    expect(encodePrompt(tokenizer, '').ids).toEqual(padded([BOS, EOS]));
  });

  it('reads the pad token from special_tokens_map.json before tokenizer_config.json, as transformers does', async () => {
    const copy = path.join(dir, 'sd1-tokenizer');
    cpSync(folder, copy, { recursive: true });
    const map = path.join(copy, 'special_tokens_map.json');
    const tokens = JSON.parse(readFileSync(map, 'utf8')) as Record<string, unknown>;
    writeFileSync(map, JSON.stringify({ ...tokens, pad_token: '<|endoftext|>' }));
    const sd1 = await loadClipTokenizer(copy);
    expect(sd1.pad_token_id).toBe(EOS);
    expect(encodePrompt(sd1, 'cat').ids.at(-1)).toBe(EOS);
  });

  it('skips the merges header and merges whose result is not in the vocabulary', () => {
    const vocab = { a: 0, b: 1, 'b</w>': 2, 'ab</w>': 3 };
    expect(parseMerges('#version: 0.2\na b</w>\r\na b\n\n', vocab)).toEqual(['a b</w>']);
  });
});
