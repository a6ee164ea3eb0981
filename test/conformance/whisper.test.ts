import type { AutomaticSpeechRecognitionPipeline, Tensor } from '@huggingface/transformers';
import { LogitsProcessor } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pipeline } from '../../src/runtime/pipelines/pipeline.js';
import { speechRecognition } from '../../src/runtime/pipelines/whisper.js';
import { modelDir } from '../../src/runtime/store/lock.js';
import type { SpeechOutput } from '../../src/runtime/tasks.js';
import { writeModel } from '../fixtures/models/generate.js';
import { randomFloats } from '../fixtures/models/onnx.js';
import { whisperFiles } from '../fixtures/models/whisper.js';
import { reference, runOurs, scratch } from './reference.js';

/** openai/whisper-base's widths (d_model 512, 8 heads, FFN 2048, vocabulary 51,865) at one layer each side. */
const SHAPE = { dModel: 512, heads: 8, layers: 1, ffn: 2048 };
const MAX_NEW_TOKENS = 48;

interface Generation {
  eos_token_id: number;
  no_timestamps_token_id: number;
  max_initial_timestamp_index: number;
  lang_to_id: Record<string, number>;
}

/**
 * The rules of OpenAI's decoder (and of Hugging Face's Python WhisperTimeStampLogitsProcessor) that ours follows
 * and transformers.js' lacks, applied before transformers.js' own timestamp processor (the list given to
 * generate() runs first): timestamps never go back (after a closed segment the next may start where it ended),
 * the first timestamp is at most max_initial_timestamp_index (transformers.js has the check, after a `continue`
 * that skips it), and control tokens (<|startoftranscript|>, languages, tasks…) are never produced (OpenAI
 * suppresses them; transformers.js only those listed in suppress_tokens). With these the two must agree token for
 * token; without them a random model soon takes a timestamp that goes back, which ours refuses by design.
 */
class OpenAiTimestampRules extends LogitsProcessor {
  constructor(
    private readonly g: Generation,
    private readonly beginIndex: number,
  ) {
    super();
  }

  override _call(inputIds: bigint[][], logits: Tensor): Tensor {
    const begin = this.g.no_timestamps_token_id + 1;
    for (const [i, ids] of inputIds.entries()) {
      const row = (logits as unknown as Tensor[])[i]?.data as Float32Array;
      row.fill(Number.NEGATIVE_INFINITY, this.g.eos_token_id + 1, begin);
      const generated = ids.slice(this.beginIndex).map(Number);
      if (generated.length === 0) row.fill(Number.NEGATIVE_INFINITY, begin + this.g.max_initial_timestamp_index + 1);
      const stamps = generated.filter((t) => t >= begin);
      if (stamps.length === 0) continue;
      const last = generated.at(-1) ?? 0;
      const closed = last >= begin && !(generated.length < 2 || (generated.at(-2) ?? 0) >= begin);
      row.fill(Number.NEGATIVE_INFINITY, begin, Math.max(...stamps) + (closed ? 0 : 1));
    }
    return logits;
  }
}

describe('Whisper agrees with the transformers.js ASR pipeline (random-weight Whisper-base widths)', () => {
  const tmp = scratch('whisper');
  let ours: Pipeline;
  let peer: AutomaticSpeechRecognitionPipeline;
  let generation: Generation;
  let captured: number[][] = [];
  // 30 s of two tones and seeded noise: one full window, as the reference takes it without chunking.
  const audio = Float32Array.from(
    randomFloats(480_000, 9, 0.05),
    (n, i) => n + 0.3 * Math.sin(i / 9) + 0.2 * Math.sin(i / 31),
  );

  beforeAll(async () => {
    const repo = 'conformance/whisper-base';
    const files = whisperFiles(true, { shape: SHAPE, embeddingRank: 32 });
    writeModel(tmp.dir, repo, files);
    const dir = modelDir(tmp.dir, repo);
    generation = files['generation_config.json'] as Generation;
    ours = await speechRecognition(
      { key: 'whisper', dir, task: 'automatic-speech-recognition', files: Object.keys(files), bytes: 0 },
      1,
    );
    peer = (await reference('automatic-speech-recognition', dir)) as AutomaticSpeechRecognitionPipeline;
    // The pipeline returns text and chunks; the ids are what its model.generate gave.
    const generate = peer.model.generate.bind(peer.model);
    peer.model.generate = async (options) => {
      const out = (await generate(options)) as Tensor;
      captured = out.tolist().map((row: (bigint | number)[]) => row.map(Number));
      return out;
    };
  }, 180_000);
  afterAll(async () => {
    await ours?.dispose();
    await peer?.dispose();
    tmp.dispose();
  });

  it('generates the same token ids, timestamps included, for one 30 s window', async () => {
    const [mine] = await runOurs<SpeechOutput>(ours, [
      { windows: [audio], language: 'en', task: 'transcribe', maxNewTokens: MAX_NEW_TOKENS },
    ]);
    const theirs = (await peer(audio, {
      language: 'en',
      task: 'transcribe',
      return_timestamps: true,
      max_new_tokens: MAX_NEW_TOKENS,
      logits_processor: [new OpenAiTimestampRules(generation, 3)],
    } as never)) as { text: string; chunks?: { timestamp: [number, number | null]; text: string }[] };
    const [row = []] = captured;
    const prompt = row.slice(0, 3);
    const generated = row.slice(3).filter((t) => t !== generation.eos_token_id);
    expect(prompt).toEqual([generation.eos_token_id + 1, generation.lang_to_id['<|en|>'], expect.any(Number)]);
    const window = mine?.windows[0];
    expect(window?.ids).toEqual(generated);
    // A real mix: text and timestamps both, not one kind repeated.
    const timestamps = generated.filter((t) => t > generation.no_timestamps_token_id);
    expect(timestamps.length, JSON.stringify(generated)).toBeGreaterThan(1);
    expect(generated.length - timestamps.length).toBeGreaterThan(1);
    expect(window?.text.replace(/\s+/g, '')).toBe(theirs.text.replace(/\s+/g, ''));
  });

  it("detects the language the reference's logits rank first among the language tokens", async () => {
    const [mine] = await runOurs<SpeechOutput>(ours, [{ windows: [audio], maxNewTokens: 2 }]);
    const features = (await peer.processor(audio)) as { input_features: Tensor };
    const { Tensor: T } = await import('@huggingface/transformers');
    const start = new T('int64', BigInt64Array.of(BigInt(generation.eos_token_id + 1)), [1, 1]);
    const { logits } = (await peer.model({ input_features: features.input_features, decoder_input_ids: start })) as {
      logits: Tensor;
    };
    const row = logits.data as Float32Array;
    const [best] = Object.entries(generation.lang_to_id).sort(([, a], [, b]) => (row[b] ?? 0) - (row[a] ?? 0));
    expect(`<|${mine?.language}|>`).toBe(best?.[0]);
    // The argmax over all tokens is not a language here, so a detector that looked at every token would fail.
    const overall = row.indexOf(Math.max(...row));
    expect(Object.values(generation.lang_to_id)).not.toContain(overall);
  });
});
