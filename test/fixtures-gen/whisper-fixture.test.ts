import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  type AutomaticSpeechRecognitionPipeline,
  AutoTokenizer,
  env,
  type PreTrainedTokenizer,
  pipeline,
} from '@huggingface/transformers';
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODELS } from '../../src/runtime/manifest.js';
import { LogMel, type LogMelConfig } from '../../src/runtime/pipelines/whisper-features.js';
import { modelDir } from '../../src/runtime/store/lock.js';
import { joined, silence, toneOf } from '../fixtures/audio/tones.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import * as known from '../fixtures/models/known.js';
import { WHISPER_LANGUAGES } from '../fixtures/models/whisper.js';
import { whisperBaseDecoder, whisperBaseEncoder } from '../fixtures/models/whisper-base.js';
import { tempDir } from '../helpers/db.js';

env.allowRemoteModels = false;

interface Config {
  decoder_layers: number;
  decoder_attention_heads: number;
  d_model: number;
  vocab_size: number;
}
interface GenerationConfig {
  decoder_start_token_id: number;
  eos_token_id: number;
  no_timestamps_token_id: number;
  lang_to_id: Record<string, number>;
  task_to_id: Record<string, number>;
}

const KV = ['decoder.key', 'decoder.value', 'encoder.key', 'encoder.value'];
const BATCH = 2;
/** Two windows, one a row: two tones with a pause between; a later, longer one. */
const WINDOWS = [
  joined(toneOf('anchor', 1), silence(0.5), toneOf('flag', 2)),
  joined(silence(0.4), toneOf('parrot', 1.5)),
];
/** What the fixture hears in them: [start, end) in seconds and the word. */
const HEARD = [
  [
    { start: 0, end: 1.02, word: 'anchor' },
    { start: 1.5, end: 3.52, word: 'flag' },
  ],
  [{ start: 0.4, end: 1.92, word: 'parrot' }],
];

/** The Whisper fixture's two graphs run with onnxruntime-node the way a merged-decoder pipeline runs them. */
describe('Whisper fixture (Xenova/whisper-base layout)', () => {
  const dir = tempDir('omb-whisper-fixture-');
  const model = modelDir(dir, DEFAULT_MODELS.whisper.repo);
  const json = <T>(file: string) => JSON.parse(readFileSync(path.join(model, file), 'utf8')) as T;
  let encoder: ort.InferenceSession;
  let decoder: ort.InferenceSession;
  let config: Config;
  let generation: GenerationConfig;
  let tokenizer: PreTrainedTokenizer;
  let hidden: ort.Tensor;

  beforeAll(async () => {
    writeFixtures(dir, { only: ['whisper'] });
    encoder = await ort.InferenceSession.create(path.join(model, 'onnx/encoder_model.onnx'));
    decoder = await ort.InferenceSession.create(path.join(model, 'onnx/decoder_model_merged.onnx'));
    config = json<Config>('config.json');
    generation = json<GenerationConfig>('generation_config.json');
    tokenizer = await AutoTokenizer.from_pretrained(model, { local_files_only: true });
    const logMel = new LogMel(json<LogMelConfig>('preprocessor_config.json'));
    const size = logMel.mels * logMel.frames;
    const features = new Float32Array(BATCH * size);
    for (const [b, samples] of WINDOWS.entries()) await logMel.compute(samples, features.subarray(b * size));
    const encoded = await encoder.run({ input_features: new ort.Tensor('float32', features, [BATCH, 80, 3000]) });
    hidden = encoded.last_hidden_state as ort.Tensor;
  });
  afterAll(async () => {
    await encoder?.release();
    await decoder?.release();
    rmSync(dir, { recursive: true, force: true });
  });

  const id = (token: string) => {
    const found = tokenizer.convert_tokens_to_ids(token);
    if (typeof found !== 'number') throw new Error(`no token ${token}`);
    return found;
  };
  const emptyPasts = (batch: number) => {
    const heads = config.decoder_attention_heads;
    const shape = [batch, heads, 0, config.d_model / heads];
    const pasts: Record<string, ort.Tensor> = {};
    for (let i = 0; i < config.decoder_layers; i++) {
      for (const kind of KV)
        pasts[`past_key_values.${i}.${kind}`] = new ort.Tensor('float32', new Float32Array(), shape);
    }
    return pasts;
  };
  const step = (ids: number[][], pasts: Record<string, ort.Tensor>, useCache: boolean, encoded = hidden) =>
    decoder.run({
      input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.flat().map(BigInt)), [ids.length, ids[0]?.length ?? 0]),
      encoder_hidden_states: encoded,
      use_cache_branch: new ort.Tensor('bool', [useCache], [1]),
      ...pasts,
    });
  /** The rows of logits [batch, seq, vocab] at the last position. */
  const lastRows = (logits: ort.Tensor) => {
    const [batch = 0, seq = 0, vocab = 0] = logits.dims;
    const data = logits.data as Float32Array;
    return Array.from({ length: batch }, (_, b) => data.subarray((b * seq + seq - 1) * vocab, (b * seq + seq) * vocab));
  };
  const argmax = (row: Float32Array) => row.reduce((best, v, i) => (v > (row[best] ?? -Infinity) ? i : best), 0);

  /**
   * Greedy decoding as transformers.js does it: presents fed back as pasts and use_cache_branch true after the
   * first step, keeping the first step's encoder pasts (the cache branch's encoder presents are empty). `feedBack`
   * false runs every step without a cache; `firstUseCache` sets use_cache_branch wrongly on the first step,
   * `laterUseCache` false on the later ones; `keepEncoder` false feeds the empty encoder presents back too.
   */
  async function greedy(
    prefix: number[],
    options: { feedBack?: boolean; firstUseCache?: boolean; laterUseCache?: boolean; keepEncoder?: boolean } = {},
  ) {
    const { feedBack = true, firstUseCache = false, laterUseCache = true, keepEncoder = true } = options;
    const sequences = Array.from({ length: BATCH }, () => [...prefix]);
    let pasts = emptyPasts(BATCH);
    let input = sequences.map((s) => [...s]);
    for (let n = 0; n < 40; n++) {
      const out = await step(input, pasts, feedBack && (n > 0 ? laterUseCache : firstUseCache));
      const next = lastRows(out.logits as ort.Tensor).map(argmax);
      next.forEach((token, b) => {
        sequences[b]?.push(token);
      });
      if (feedBack) pasts = presentsAsPasts(out, n > 0 && keepEncoder ? pasts : undefined);
      input = next.map((t) => [t]);
      if (next.every((t) => t === generation.eos_token_id)) break;
    }
    return sequences;
  }

  const prefix = () => [generation.decoder_start_token_id, generation.lang_to_id['<|en|>'] ?? -1, id('<|transcribe|>')];
  const word = (w: string) => id(`Ġ${w}`);
  const timestamp = (seconds: number) => id(`<|${seconds.toFixed(2)}|>`);
  /** Row b's tokens after the prefix, with or without timestamps, then <|endoftext|> up to `length`. */
  const heard = (b: number, timed: boolean, length = 0) => {
    const tokens = (HEARD[b] ?? []).flatMap((s) =>
      timed ? [timestamp(s.start), word(s.word), timestamp(s.end)] : [word(s.word)],
    );
    return [...tokens, ...Array(Math.max(1, length - tokens.length)).fill(generation.eos_token_id)];
  };
  const firstText = () => word(known.WHISPER_FIRST_TEXT);

  it('has the exact inputs and outputs of the Hub export', () => {
    expect(encoder.inputNames).toEqual(['input_features']);
    expect(encoder.outputNames).toEqual(['last_hidden_state']);
    const layers = [...Array(config.decoder_layers).keys()];
    expect(decoder.inputNames).toEqual([
      'input_ids',
      'encoder_hidden_states',
      ...layers.flatMap((i) => KV.map((kind) => `past_key_values.${i}.${kind}`)),
      'use_cache_branch',
    ]);
    expect(decoder.outputNames).toEqual(['logits', ...layers.flatMap((i) => KV.map((kind) => `present.${i}.${kind}`))]);
    expect(hidden.dims).toEqual([BATCH, 1500, config.d_model]);
  });

  it('has the token ids and configuration of a multilingual Whisper', () => {
    const sot = id('<|startoftranscript|>');
    expect(generation.decoder_start_token_id).toBe(sot);
    expect(generation.eos_token_id).toBe(id('<|endoftext|>'));
    expect(sot).toBe(generation.eos_token_id + 1);
    expect(Object.keys(generation.lang_to_id)).toEqual(WHISPER_LANGUAGES.map((code) => `<|${code}|>`));
    expect(Object.values(generation.lang_to_id)).toEqual(WHISPER_LANGUAGES.map((_, i) => sot + 1 + i));
    expect(generation.task_to_id).toEqual({ translate: sot + 100, transcribe: sot + 101 });
    expect(generation.no_timestamps_token_id).toBe(sot + 105);
    expect(id('<|0.00|>')).toBe(sot + 106);
    expect(id('<|30.00|>')).toBe(config.vocab_size - 1);
    // Timestamps are added tokens but not special ones (the ASR decoders tell them apart that way).
    expect(tokenizer.all_special_ids.at(-1)).toBe(generation.no_timestamps_token_id);
    for (const w of known.WHISPER_WORDS)
      expect(tokenizer.encode(` ${w}`, { add_special_tokens: false })).toEqual([word(w)]);
  });

  it("writes each row's sounding stretches with timestamps: a word for each, by its pitch", async () => {
    const [first = [], second = []] = await greedy(prefix());
    expect(first).toEqual([...prefix(), ...heard(0, true)]);
    expect(second).toEqual([...prefix(), ...heard(1, true, first.length - 3)]);
    expect(tokenizer.decode(first.slice(3, -1))).toBe('<|0.00|> anchor<|1.02|><|1.50|> flag<|3.52|>');
  });

  it('writes the words without timestamps after <|notimestamps|>', async () => {
    const start = [...prefix(), generation.no_timestamps_token_id];
    const [first = [], second = []] = await greedy(start);
    expect(first).toEqual([...start, ...heard(0, false)]);
    expect(second).toEqual([...start, ...heard(1, false, first.length - 4)]);
    expect(tokenizer.decode(first, { skip_special_tokens: true })).toBe(' anchor flag');
  });

  it('puts a text token first after <|startoftranscript|>; among languages <|en|>, then <|de|>', async () => {
    const out = await step([[generation.decoder_start_token_id]], emptyPasts(1), false, firstRow(hidden));
    const [row = new Float32Array()] = lastRows(out.logits as ort.Tensor);
    expect(argmax(row)).toBe(firstText());
    const languages = Object.entries(generation.lang_to_id).sort(([, a], [, b]) => (row[b] ?? 0) - (row[a] ?? 0));
    expect(languages.slice(0, 2).map(([token]) => token)).toEqual(['<|en|>', '<|de|>']);
    expect([row[generation.lang_to_id['<|en|>'] ?? 0], row[generation.lang_to_id['<|de|>'] ?? 0]]).toEqual([
      known.WHISPER_FIRST_LOGITS['<|en|>'],
      known.WHISPER_FIRST_LOGITS['<|de|>'],
    ]);
    expect(new Set(row).size).toBeGreaterThan(row.length / 2);
  });

  it('gives text more probability than all timestamps together where text is expected', async () => {
    const start = [...prefix(), timestamp(0)];
    const out = await step([start], emptyPasts(1), false, firstRow(hidden));
    const [row = new Float32Array()] = lastRows(out.logits as ort.Tensor);
    const first = id('<|0.00|>');
    const timestamps = Math.log(row.subarray(first).reduce((sum, v) => sum + Math.exp(v), 0));
    expect(argmax(row)).toBe(word('anchor'));
    expect(Math.max(...row.subarray(0, first))).toBeGreaterThan(timestamps + 5);
  });

  it('hears what it is given: the same decoder on the other row reads that row', async () => {
    const [, second = []] = await greedy(prefix());
    const out = await step([prefix()], emptyPasts(1), false, lastRow(hidden));
    expect(lastRows(out.logits as ort.Tensor).map(argmax)).toEqual([second[3]]);
    expect(second[3]).not.toBe(timestamp(0));
  });

  it('goes wrong when presents are not fed back or use_cache_branch is wrong', async () => {
    // Without a cache every step is position 0 again, where the first text token leads; the no-cache branch
    // ignores the pasts, so use_cache_branch false after the first step is the same.
    const first = firstText();
    const [unfed] = await greedy(prefix(), { feedBack: false });
    expect(unfed?.slice(3, 6)).toEqual([timestamp(0), first, first]);
    const [uncached] = await greedy(prefix(), { laterUseCache: false });
    expect(uncached?.slice(3, 6)).toEqual([timestamp(0), first, first]);
    // Without the encoder keys (a first step through the cache branch, or its empty presents fed back) it ends.
    const [noEncoder] = await greedy(prefix(), { firstUseCache: true });
    expect(noEncoder).toEqual([...prefix(), generation.eos_token_id]);
    const [emptyEncoder] = await greedy(prefix(), { keepEncoder: false });
    expect(emptyEncoder).toEqual([...prefix(), timestamp(0), word('anchor'), generation.eos_token_id]);
  });

  it('computes the encoder presents in the first step; the cache branch returns them empty', async () => {
    const first = await step([prefix()], emptyPasts(1), false, firstRow(hidden));
    const heads = config.decoder_attention_heads;
    const headDim = config.d_model / heads;
    expect((first['present.0.encoder.key'] as ort.Tensor).dims).toEqual([1, heads, 1500, headDim]);
    const later = await step([[timestamp(0)]], presentsAsPasts(first), true, firstRow(hidden));
    // Optimum's constant for outputs decoder_with_past_model lacks: 0 on the first dynamic axis, 1 on the others.
    for (const kind of ['key', 'value']) {
      const present = later[`present.1.encoder.${kind}`] as ort.Tensor;
      expect([present.dims, present.data.length]).toEqual([[0, heads, 1, headDim], 0]);
    }
    expect((later['present.0.decoder.key'] as ort.Tensor).dims).toEqual([1, heads, 4, headDim]);
    expect(lastRows(later.logits as ort.Tensor).map(argmax)).toEqual([word('anchor')]);
  });

  it('transcribes with the transformers.js ASR pipeline, timestamps included', async () => {
    const asr = (await pipeline('automatic-speech-recognition', model, {
      local_files_only: true,
      dtype: 'fp32',
    })) as AutomaticSpeechRecognitionPipeline;
    try {
      const [audio = new Float32Array()] = WINDOWS;
      expect(await asr(audio, { language: 'en', task: 'transcribe' })).toEqual({ text: ' anchor flag' });
      const timed = await asr(audio, { language: 'en', task: 'transcribe', return_timestamps: true });
      expect(timed).toEqual({
        text: ' anchor flag',
        chunks: (HEARD[0] ?? []).map((s) => ({ timestamp: [s.start, s.end], text: ` ${s.word}` })),
      });
    } finally {
      await asr.dispose();
    }
  });

  it("encodes each stretch as [first frame, frame after the last, word, 1] in its row's table", async () => {
    const data = hidden.data as Float32Array;
    const width = config.d_model;
    const rows = data.length / BATCH / width;
    for (const [b, stretches] of HEARD.entries()) {
      const table = data.subarray(b * rows * width, (b * rows + stretches.length + 1) * width);
      expect([...table]).toEqual([
        ...stretches.flatMap((s) => [s.start * 50, s.end * 50, known.WHISPER_WORDS.indexOf(s.word as never), 1]),
        0,
        0,
        0,
        0,
      ]);
    }
  });
});

/**
 * The presents of a decoder call as the next call's pasts; given the pasts of a cached call, its encoder pasts
 * are kept instead of the cache branch's empty encoder presents (as transformers.js's getPastKeyValues does).
 */
function presentsAsPasts(
  out: ort.InferenceSession.OnnxValueMapType,
  previous?: Record<string, ort.Tensor>,
): Record<string, ort.Tensor> {
  return Object.fromEntries(
    Object.entries(out)
      .filter(([name]) => name.startsWith('present.'))
      .map(([name, tensor]) => {
        const past = name.replace('present.', 'past_key_values.');
        const kept = name.includes('.encoder.') ? previous?.[past] : undefined;
        return [past, kept ?? (tensor as ort.Tensor)];
      }),
  );
}

function firstRow(t: ort.Tensor): ort.Tensor {
  const [batch = 1, ...rest] = t.dims;
  const data = t.data as Float32Array;
  return new ort.Tensor('float32', data.subarray(0, data.length / batch), [1, ...rest]);
}

function lastRow(t: ort.Tensor): ort.Tensor {
  const [batch = 1, ...rest] = t.dims;
  const data = t.data as Float32Array;
  return new ort.Tensor('float32', data.subarray(data.length - data.length / batch), [1, ...rest]);
}

/** The full-size architecture's graphs, built at toy sizes: the KV cache must give what one full pass gives. */
describe('Whisper-base architecture (random weights) at toy sizes', () => {
  const shape = { dModel: 16, heads: 2, layers: 2, ffn: 32 };
  const vocab = 50;
  let encoder: ort.InferenceSession;
  let decoder: ort.InferenceSession;

  beforeAll(async () => {
    encoder = await ort.InferenceSession.create(whisperBaseEncoder(shape).encode());
    decoder = await ort.InferenceSession.create(whisperBaseDecoder(shape, vocab).encode());
  });
  afterAll(async () => {
    await encoder?.release();
    await decoder?.release();
  });

  const run = (ids: number[], pasts: Record<string, ort.Tensor>, useCache: boolean, hidden: ort.Tensor) =>
    decoder.run({
      input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]),
      encoder_hidden_states: hidden,
      use_cache_branch: new ort.Tensor('bool', [useCache], [1]),
      ...pasts,
    });
  it('decodes step by step through the cache exactly as in one pass', async () => {
    const features = Float32Array.from({ length: 80 * 3000 }, (_, i) => Math.sin(i / 11));
    const encoded = await encoder.run({ input_features: new ort.Tensor('float32', features, [1, 80, 3000]) });
    const hidden = encoded.last_hidden_state as ort.Tensor;
    expect(hidden.dims).toEqual([1, 1500, shape.dModel]);
    expect((hidden.data as Float32Array).every(Number.isFinite)).toBe(true);

    const headDim = shape.dModel / shape.heads;
    const empty: Record<string, ort.Tensor> = {};
    for (let i = 0; i < shape.layers; i++) {
      for (const kind of KV) {
        empty[`past_key_values.${i}.${kind}`] = new ort.Tensor('float32', new Float32Array(), [
          1,
          shape.heads,
          0,
          headDim,
        ]);
      }
    }
    const ids = [3, 14, 15, 9];
    const whole = await run(ids, empty, false, hidden);
    const first = await run(ids.slice(0, 2), empty, false, hidden);
    const afterFirst = presentsAsPasts(first);
    const second = await run([ids[2] ?? 0], afterFirst, true, hidden);
    const third = await run([ids[3] ?? 0], presentsAsPasts(second, afterFirst), true, hidden);

    const last = (out: ort.InferenceSession.OnnxValueMapType) => (out.logits as ort.Tensor).data as Float32Array;
    for (const [position, out] of [
      [2, second],
      [3, third],
    ] as const) {
      const expected = last(whole).subarray(position * vocab, (position + 1) * vocab);
      const actual = last(out);
      expect(actual.length).toBe(vocab);
      for (let i = 0; i < vocab; i++) expect(actual[i]).toBeCloseTo(expected[i] ?? Number.NaN, 4);
    }
    expect((third['present.1.decoder.key'] as ort.Tensor).dims).toEqual([1, shape.heads, 4, headDim]);
    expect((first['present.1.encoder.value'] as ort.Tensor).dims).toEqual([1, shape.heads, 1500, headDim]);
    expect((third['present.1.encoder.value'] as ort.Tensor).dims).toEqual([0, shape.heads, 1, headDim]);
    // The no-cache branch is the decoder without pasts: given some, it ignores them.
    const ignored = await run([ids[2] ?? 0], afterFirst, false, hidden);
    expect(last(ignored)).toEqual(last(await run([ids[2] ?? 0], empty, false, hidden)));
  });
});
