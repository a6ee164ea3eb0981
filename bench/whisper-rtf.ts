import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { type AutomaticSpeechRecognitionPipeline, pipeline, type Tensor } from '@huggingface/transformers';
import { createLogger } from '../src/log.js';
import { decodeAudio, TARGET_RATE } from '../src/runtime/audio/decode.js';
import { DEFAULT_MODELS } from '../src/runtime/manifest.js';
import type { ModelSpec } from '../src/runtime/models.js';
import type { RunOptions } from '../src/runtime/pool.js';
import { withPrecision } from '../src/runtime/precision.js';
import { LocalRuntime } from '../src/runtime/runtime.js';
import { modelDir } from '../src/runtime/store/lock.js';
import { ModelStore } from '../src/runtime/store/model-store.js';
import type { TaskInput, TaskName, TaskOutput } from '../src/runtime/tasks.js';
import { transcribeAudio } from '../src/skills/transcribe/transcribe-audio.js';
import { writeFixtures } from '../test/fixtures/models/generate.js';
import { wavOf } from '../test/helpers/audio.js';
import { seededRandom } from './clustered-vectors.js';
import { benchPool } from './models.js';
import { median } from './stats.js';

const AUDIO_SECONDS = 60;
const CLIP = 'test/fixtures/audio/speech.ogg';
/** Pauses between sentences, as in unhurried speech. */
const PAUSE_SECONDS = [0.6, 1.5] as const;

/**
 * Real-time factor of transcribing a 60 s voice note (processing seconds ÷ audio seconds; lower is faster), with a
 * full-size random-weight Whisper-base. The audio is the committed espeak-ng sentence again and again with pauses
 * of 0.6–1.5 s, written as a WAV file. Ours: decodeAudio on the file's bytes, then transcribeAudio (Silero VAD,
 * ≤ 30 s windows cut at pauses, Whisper 4 windows per pool request) on a pool of one worker with
 * `BENCH_WHISPER_THREADS` intra-op threads (default: the cores). The peer: the transformers.js ASR pipeline on the
 * calling thread, same model files and threads, 30 s chunks at its default stride (5 s each side), timestamps; it
 * cannot read files in Node, so it gets the samples ours decoded, for free. Both decode exactly
 * `BENCH_WHISPER_TOKENS` (default 64) tokens per window, never stopping at end-of-text, because a random-weight
 * model's text length means nothing; the counts each side produced are reported. Model loading is excluded (one
 * warm-up run each), then the median of `BENCH_WHISPER_RUNS` (default 2) runs, ours first, never concurrently.
 */
export async function whisperRtf(): Promise<Record<string, unknown>> {
  const threads = Number(process.env.BENCH_WHISPER_THREADS ?? cpus().length);
  const tokens = Number(process.env.BENCH_WHISPER_TOKENS ?? 64);
  const runs = Number(process.env.BENCH_WHISPER_RUNS ?? 2);
  const dir = mkdtempSync(path.join(tmpdir(), 'omb-bench-whisper-'));
  // A models dir that already holds Xenova/whisper-base (say the Hub's export) instead of the generated fixture.
  const modelsDir = process.env.BENCH_WHISPER_MODELS ?? dir;
  try {
    if (modelsDir === dir) writeFixtures(dir, { fullSize: true, only: ['whisper'] });
    const file = path.join(dir, 'voice-note.wav');
    const clip = (await decodeAudio(readFileSync(CLIP))).samples;
    writeFileSync(file, wavOf(withPauses(clip, AUDIO_SECONDS)));
    const bytes = readFileSync(file);
    const audioSeconds = (await decodeAudio(bytes)).durationSec;

    const ours = await runOurs(modelsDir, bytes, { threads, tokens, runs });
    const samples = (await decodeAudio(bytes)).samples;
    const peer = await runPeer(modelDir(modelsDir, DEFAULT_MODELS.whisper.repo), samples, { threads, tokens, runs });
    const oursRtf = ours.seconds / audioSeconds;
    const peerRtf = peer.seconds / audioSeconds;
    const int8 = int8Rows(await runOurs(modelsDir, bytes, { threads, tokens, runs }, INT8_WHISPER), {
      audioSeconds,
      peerRtf,
      peerSecondsPerChunk: peer.seconds / peer.chunks,
    });
    return {
      ours_rtf: round(oursRtf, 4),
      peer_rtf: round(peerRtf, 4),
      ratio: round(peerRtf / oursRtf, 2),
      goal: { ours_rtf: 0.1, ratio: 1.5 },
      audio_seconds: round(audioSeconds, 2),
      ours_run_seconds: ours.runSeconds,
      peer_run_seconds: peer.runSeconds,
      ours_ms: ours.ms,
      peer_ms: peer.ms,
      ours_windows: ours.windows,
      ours_requests: ours.requests,
      ours_speech_seconds: round(ours.speechSeconds, 2),
      ours_tokens_per_window: ours.tokensPerWindow,
      peer_chunks: peer.chunks,
      peer_chunk_seconds: { length: 30, stride: 5 },
      peer_tokens_per_window: peer.tokensPerWindow,
      // The same work per window (30 s encoded, the same tokens decoded): what batching buys apart from VAD.
      per_window_ratio: round(peer.seconds / peer.chunks / (ours.seconds / ours.windows), 2),
      ...int8,
      peer_input: 'the Float32Array ours decoded (transformers.js cannot read files in Node); ours decodes the WAV',
      model: modelsDir === dir ? 'random-weight full-size fixture' : modelsDir,
      tokens,
      threads,
      runs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Settings {
  threads: number;
  tokens: number;
  runs: number;
}

/** `clip` again and again with pauses of PAUSE_SECONDS (seeded, so every run hears the same audio). */
function withPauses(clip: Float32Array, seconds: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * TARGET_RATE));
  const random = seededRandom(60);
  const [shortest, longest] = PAUSE_SECONDS;
  for (let at = 0; at + clip.length <= out.length; ) {
    out.set(clip, at);
    at += clip.length + Math.round((shortest + (longest - shortest) * random.next()) * TARGET_RATE);
  }
  return out;
}

/** Counts what each Whisper request decoded and how long the pool took for it, VAD apart. */
class CountingRuntime extends LocalRuntime {
  readonly windowTokens: number[] = [];
  requests = 0;
  vadMs = 0;
  whisperMs = 0;

  override async run<T extends TaskName>(
    spec: ModelSpec & { task: T },
    input: TaskInput<T>,
    options: RunOptions = {},
  ): Promise<TaskOutput<T>> {
    const started = performance.now();
    const output = await super.run(spec, input, options);
    const ms = performance.now() - started;
    if (spec.task === 'voice-activity-detection') this.vadMs += ms;
    if (typeof output === 'object' && output !== null && 'windows' in output) {
      this.whisperMs += ms;
      this.requests += 1;
      for (const w of output.windows) this.windowTokens.push(w.tokens);
    }
    return output;
  }

  reset(): void {
    this.windowTokens.length = 0;
    this.requests = 0;
    this.vadMs = 0;
    this.whisperMs = 0;
  }
}

/** One untimed run (models load), then `runs` timed ones: the total seconds of each, and each part's median ms. */
async function measure(runs: number, once: () => Promise<Record<string, number>>) {
  await once();
  const timed: Record<string, number>[] = [];
  for (let run = 0; run < runs; run++) timed.push(await once());
  const parts = Object.keys(timed[0] ?? {}).filter((k) => k !== 'total');
  return {
    seconds: median(timed.map((t) => (t.total ?? 0) / 1000)),
    runSeconds: timed.map((t) => round((t.total ?? 0) / 1000, 2)),
    ms: Object.fromEntries(parts.map((k) => [k, Math.round(median(timed.map((t) => t[k] ?? 0)))])),
  };
}

/** Whisper's int8 pair (MODEL_WHISPER_PRECISION=int8): the generator writes it beside the fp32 graphs. */
const INT8_WHISPER = withPrecision(DEFAULT_MODELS.whisper, {
  global: 'int8',
  globalSet: true,
  perModel: { whisper: 'int8' },
});

/** int8 rows: ours on Whisper's int8 pair, the same audio and the same fp32 peer. */
function int8Rows(
  int8: Awaited<ReturnType<typeof runOurs>>,
  fp32: { audioSeconds: number; peerRtf: number; peerSecondsPerChunk: number },
) {
  const rtf = int8.seconds / fp32.audioSeconds;
  return {
    int8_rtf: round(rtf, 4),
    int8_ratio: round(fp32.peerRtf / rtf, 2),
    int8_per_window_ratio: round(fp32.peerSecondsPerChunk / (int8.seconds / int8.windows), 2),
    int8_ms: int8.ms,
  };
}

async function runOurs(
  modelsDir: string,
  bytes: Buffer,
  settings: Settings,
  whisper: ModelSpec & { task: 'automatic-speech-recognition' } = DEFAULT_MODELS.whisper,
) {
  const store = new ModelStore({
    modelsDir,
    endpoint: 'http://127.0.0.1:9',
    offline: true,
    log: createLogger('silent'),
  });
  const runtime = new CountingRuntime(store, benchPool(settings.threads, 16));
  const models = { whisper, vad: DEFAULT_MODELS.vad };
  let speechSeconds = 0;
  try {
    const measured = await measure(settings.runs, async () => {
      runtime.reset();
      const started = performance.now();
      const { samples } = await decodeAudio(bytes);
      const decode = performance.now() - started;
      const transcript = await transcribeAudio(runtime, models, samples, {
        task: 'transcribe',
        language: 'en',
        fixedTokens: settings.tokens,
      });
      speechSeconds = transcript.speechSeconds;
      return { total: performance.now() - started, decode, vad: runtime.vadMs, whisper: runtime.whisperMs };
    });
    return {
      ...measured,
      windows: runtime.windowTokens.length,
      requests: runtime.requests,
      speechSeconds,
      tokensPerWindow: [...new Set(runtime.windowTokens)],
    };
  } finally {
    await runtime.close();
  }
}

async function runPeer(dir: string, samples: Float32Array, settings: Settings) {
  const asr = (await pipeline('automatic-speech-recognition', dir, {
    local_files_only: true,
    dtype: 'fp32',
    session_options: { intraOpNumThreads: settings.threads, interOpNumThreads: 1 },
  })) as AutomaticSpeechRecognitionPipeline;
  try {
    // Count what each chunk decoded, and time generation (encoder + decoding) apart from features and merging.
    const model = asr.model as unknown as { generate(options: object): Promise<Tensor> };
    const generate = model.generate.bind(model);
    const chunkTokens: number[] = [];
    let generateMs = 0;
    model.generate = async (options) => {
      const started = performance.now();
      const sequences = await generate(options);
      generateMs += performance.now() - started;
      // [1, prompt + new]: the prompt is <|startoftranscript|> <|en|> <|transcribe|> (timestamps on).
      chunkTokens.push((sequences.dims[1] ?? 0) - 3);
      return sequences;
    };
    const measured = await measure(settings.runs, async () => {
      chunkTokens.length = 0;
      generateMs = 0;
      const started = performance.now();
      await asr(samples, {
        chunk_length_s: 30,
        language: 'en',
        task: 'transcribe',
        return_timestamps: true,
        max_new_tokens: settings.tokens,
        min_new_tokens: settings.tokens,
      });
      const total = performance.now() - started;
      return { total, generate: generateMs, features_and_merge: total - generateMs };
    });
    return { ...measured, chunks: chunkTokens.length, tokensPerWindow: [...new Set(chunkTokens)] };
  } finally {
    await asr.dispose();
  }
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
