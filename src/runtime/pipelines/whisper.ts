import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AutoTokenizer } from '@huggingface/transformers';
import ort from 'onnxruntime-node';
import { AppError } from '../../errors.js';
import type { ModelHandle } from '../protocol.js';
import type { SpeechInput, SpeechOutput, SpeechWindowOutput } from '../tasks.js';
import { sessionOptions } from './encoder.js';
import type { Pipeline } from './pipeline.js';
import { WhisperDecoder } from './whisper-decoder.js';
import { LogMel, type LogMelConfig } from './whisper-features.js';
import { detectLanguage, nextToken, promptTokens, timedStretches, whisperVocabulary } from './whisper-rules.js';

/**
 * Whisper on the pool, from the Hub's two-graph export (encoder_model + decoder_model_merged): log-mel features
 * (LogMel: transformers.js' WhisperFeatureExtractor's, computed faster), one encoder call for a batch of ≤ 30 s
 * windows, then greedy decoding of the whole batch in lockstep with the KV cache (see WhisperDecoder), with
 * timestamps, the language detected from the first step unless given, transcription or translation into English.
 */
export async function speechRecognition(model: ModelHandle, threads: number): Promise<Pipeline> {
  const read = <T>(file: string): T => JSON.parse(readFileSync(path.join(model.dir, file), 'utf8')) as T;
  const config = read<{
    vocab_size?: number;
    max_target_positions?: number;
    max_source_positions?: number;
    d_model?: number;
    decoder_attention_heads?: number;
  }>('config.json');
  const preprocessor = read<LogMelConfig>('preprocessor_config.json');
  const vocab = whisperVocabulary(read('generation_config.json'), config, preprocessor.chunk_length ?? 30);
  const logMel = new LogMel(preprocessor);
  const tokenizer = await AutoTokenizer.from_pretrained(model.dir, { local_files_only: true });
  const file = (stem: string) => {
    const found = model.files.find((f) => path.basename(f).startsWith(stem) && f.endsWith('.onnx'));
    if (!found) throw new AppError('unavailable', `the Whisper model ${model.key} has no ${stem}*.onnx`);
    return path.join(model.dir, found);
  };
  const encoder = await ort.InferenceSession.create(file('encoder_model'), sessionOptions(threads));
  const decoder = new WhisperDecoder(
    await ort.InferenceSession.create(file('decoder_model_merged'), sessionOptions(threads)),
    config,
  );
  const maxSamples = preprocessor.n_samples ?? 480_000;
  const { frames, mels } = logMel;

  async function transcribe(input: SpeechInput, signal: AbortSignal): Promise<SpeechOutput> {
    const windows = input.windows;
    if (!Array.isArray(windows) || windows.length === 0 || windows.some((w) => !(w instanceof Float32Array))) {
      throw new AppError('bad_request', 'speech recognition needs windows of 16 kHz mono samples (Float32Array)');
    }
    if (windows.some((w) => w.length > maxSamples)) {
      throw new AppError('bad_request', `a speech window is longer than ${maxSamples / 16_000} s`);
    }
    const batch = windows.length;
    const features = new Float32Array(batch * mels * frames);
    for (const [b, samples] of windows.entries()) {
      await logMel.compute(samples, features.subarray(b * mels * frames, (b + 1) * mels * frames));
    }
    const encoded = await encoder.run({ input_features: new ort.Tensor('float32', features, [batch, mels, frames]) });
    const hidden = encoded[encoder.outputNames[0] ?? 'last_hidden_state'];
    if (!hidden) throw new AppError('unavailable', 'the Whisper encoder returned nothing');
    const task = input.task ?? 'transcribe';
    const run = decoder.start(hidden, batch);

    let language = input.language;
    let languageProbability: number | undefined;
    let prompt = promptTokens(vocab, language, task);
    let logits = await run.step(
      windows.map(() => prompt),
      false,
    );
    if (language === undefined && vocab.languages.size > 0) {
      const detected = detectLanguage(vocab, logits.lastRows());
      language = detected.language;
      languageProbability = detected.probability;
      const rest = promptTokens(vocab, language, task).slice(prompt.length);
      prompt = [...prompt, ...rest];
      logits = await run.step(
        windows.map(() => rest),
        true,
      );
    }

    const budget = Math.max(1, Math.min(input.maxNewTokens ?? 224, vocab.maxPositions - prompt.length));
    const generated: number[][] = windows.map(() => []);
    const finished = windows.map(() => false);
    for (let n = 0; n < budget; n++) {
      if (signal.aborted) throw new AppError('unavailable', 'speech recognition was cancelled');
      const rows = logits.lastRows();
      const next = rows.map((row, b) =>
        finished[b]
          ? vocab.endOfText
          : nextToken(vocab, row, generated[b] ?? [], { ignoreEndOfText: input.ignoreEndOfText }),
      );
      next.forEach((token, b) => {
        if (finished[b]) return;
        generated[b]?.push(token);
        if (token === vocab.endOfText) finished[b] = true;
      });
      if (finished.every(Boolean) || n + 1 === budget) break;
      logits = await run.step(
        next.map((token) => [token]),
        true,
      );
    }
    return {
      language: language ?? 'en',
      ...(languageProbability !== undefined ? { languageProbability } : {}),
      windows: generated.map((tokens, b) => windowOutput(tokens, (windows[b]?.length ?? 0) / 16_000)),
    };
  }

  function windowOutput(tokens: number[], duration: number): SpeechWindowOutput {
    // transformers.js refuses to decode no tokens: a window that held no words (only timestamps) is empty text.
    const decode = (ids: number[]) =>
      ids.length === 0 ? '' : tokenizer.decode(ids, { skip_special_tokens: true }).trim();
    const stretches = timedStretches(vocab, tokens, duration);
    const segments = stretches
      .map((s) => ({ start: s.start, end: s.end, text: decode(s.tokens) }))
      .filter((s) => s.text.length > 0);
    const stopped = tokens.at(-1) === vocab.endOfText;
    return {
      text: decode(stretches.flatMap((s) => s.tokens)),
      segments,
      tokens: stopped ? tokens.length - 1 : tokens.length,
      ids: stopped ? tokens.slice(0, -1) : tokens,
      finishReason: stopped ? 'stop' : 'length',
    };
  }

  return {
    async run(inputs, ctx) {
      const outputs: SpeechOutput[] = [];
      for (const input of inputs as SpeechInput[]) outputs.push(await transcribe(input, ctx.signal));
      return outputs;
    },
    async dispose() {
      await encoder.release();
      await decoder.release();
    },
  };
}
