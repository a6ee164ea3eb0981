import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

/** Audio lengths (s): one window; between one and two peer chunks; two windows of ours against 3 chunks; … */
const LENGTHS = [30, 45, 60, 65, 120];
const CLIP = 'test/fixtures/audio/speech.ogg';
/** Pauses between sentences, as in unhurried speech. */
const PAUSE_SECONDS = [0.6, 1.5] as const;
/** The peer's chunking: 30 s chunks, stride_length_s defaults to chunk_length_s / 6 on each side. */
const PEER_CHUNK = { length: 30, stride: 5 } as const;

/**
 * Real-time factor of transcribing voice notes of several lengths (LENGTHS, or `BENCH_WHISPER_SECONDS=30,45`),
 * processing seconds ÷ audio seconds (lower is faster), with a full-size random-weight Whisper-base: one JSON line
 * per length (printed as it is measured), then a summary (the lowest ratios) as the benchmark's own line. The audio
 * is the committed espeak-ng sentence again and again with pauses of 0.6–1.5 s, written as a WAV file. Ours:
 * decodeAudio on the file's bytes, then transcribeAudio (Silero VAD, ≤ 30 s windows with pauses over 0.5 s
 * shortened, Whisper 4 windows per pool request) on a pool of one worker with `BENCH_WHISPER_THREADS` intra-op
 * threads (default: the cores). The peer: the transformers.js ASR pipeline on the calling thread, same model files
 * and threads, 30 s chunks at its default stride (5 s each side), timestamps; it cannot read files in Node, so it
 * gets the samples ours decoded, for free. Both decode exactly `BENCH_WHISPER_TOKENS` (default 64) tokens per
 * window, never stopping at end-of-text, because a random-weight model's text length means nothing; the counts
 * each side produced are reported. Models load once per side (one untimed warm-up run each); then per length
 * `BENCH_WHISPER_RUNS` (default 3) runs, ours and the peer in turn, never concurrently, and their medians.
 */
export async function whisperRtf(): Promise<Record<string, unknown>> {
  const settings: Settings = {
    threads: Number(process.env.BENCH_WHISPER_THREADS ?? cpus().length),
    tokens: Number(process.env.BENCH_WHISPER_TOKENS ?? 64),
    runs: Number(process.env.BENCH_WHISPER_RUNS ?? 3),
  };
  const lengths = process.env.BENCH_WHISPER_SECONDS?.split(',').map(Number) ?? LENGTHS;
  const dir = mkdtempSync(path.join(tmpdir(), 'omb-bench-whisper-'));
  // A models dir that already holds Xenova/whisper-base (say the Hub's export) instead of the generated fixture.
  const modelsDir = process.env.BENCH_WHISPER_MODELS ?? dir;
  try {
    if (modelsDir === dir) writeFixtures(dir, { fullSize: true, only: ['whisper'] });
    const clip = (await decodeAudio(readFileSync(CLIP))).samples;
    const ours = new Ours(modelsDir, settings);
    // Whisper's int8 pair (MODEL_WHISPER_PRECISION=int8) on its own pool, beside the fp32 one; BENCH_WHISPER_INT8=0
    // leaves it out.
    const int8 = process.env.BENCH_WHISPER_INT8 === '0' ? undefined : new Ours(modelsDir, settings, INT8_WHISPER);
    const peer = await Peer.load(modelDir(modelsDir, DEFAULT_MODELS.whisper.repo), settings);
    try {
      const warmUp = voiceNote(clip, Math.min(...lengths));
      await ours.transcribe(warmUp);
      await int8?.transcribe(warmUp);
      await peer.transcribe((await decodeAudio(warmUp)).samples);
      const rows: Row[] = [];
      for (const seconds of lengths) {
        const note = voiceNote(clip, seconds);
        const row = await fp32Row(note, ours, peer, settings);
        if (int8) Object.assign(row, await int8Row(note, int8, row, settings));
        process.stdout.write(`${JSON.stringify({ bench: 'whisper-rtf', ...row })}\n`);
        rows.push(row);
      }
      return summary(rows, modelsDir === dir ? 'random-weight full-size fixture' : modelsDir, settings);
    } finally {
      await ours.close();
      await int8?.close();
      await peer.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Row = Record<string, unknown> & {
  audio_seconds: number;
  ratio: number;
  per_window_ratio: number;
  peer_rtf: number;
  peer_chunks: number;
};

/** One length, fp32 on both sides: RTF, ratio, and the ratio per 30 s window (what batching buys apart from VAD). */
async function fp32Row(bytes: Uint8Array, ours: Ours, peer: Peer, settings: Settings): Promise<Row> {
  const samples = (await decodeAudio(bytes)).samples;
  const audioSeconds = samples.length / TARGET_RATE;
  const oursRuns: Measured[] = [];
  const peerRuns: Measured[] = [];
  for (let run = 0; run < settings.runs; run++) {
    oursRuns.push(await ours.transcribe(bytes));
    peerRuns.push(await peer.transcribe(samples));
  }
  const o = summarize(oursRuns);
  const p = summarize(peerRuns);
  const oursRtf = o.seconds / audioSeconds;
  const peerRtf = p.seconds / audioSeconds;
  const windows = ours.windowTokens.length;
  return {
    row: 'fp32',
    audio_seconds: round(audioSeconds, 2),
    ours_rtf: round(oursRtf, 4),
    peer_rtf: round(peerRtf, 4),
    ratio: round(peerRtf / oursRtf, 2),
    // The same work per window (30 s encoded, the same tokens decoded).
    per_window_ratio: round(p.seconds / peer.chunkTokens.length / (o.seconds / windows), 2),
    ours_windows: windows,
    peer_chunks: peer.chunkTokens.length,
    ours_requests: ours.requests,
    ours_speech_seconds: round(ours.speechSeconds, 2),
    ours_run_seconds: o.runSeconds,
    peer_run_seconds: p.runSeconds,
    ours_ms: o.ms,
    peer_ms: p.ms,
    ours_tokens_per_window: [...new Set(ours.windowTokens)],
    peer_tokens_per_window: [...new Set(peer.chunkTokens)],
  };
}

function summary(rows: Row[], model: string, settings: Settings): Record<string, unknown> {
  const lowest = (key: 'ratio' | 'per_window_ratio') =>
    rows.reduce((low, r) => (r[key] < low[key] ? r : low), rows[0] as Row);
  return {
    row: 'summary',
    ratio_by_seconds: Object.fromEntries(rows.map((r) => [Math.round(r.audio_seconds), r.ratio])),
    per_window_ratio_by_seconds: Object.fromEntries(rows.map((r) => [Math.round(r.audio_seconds), r.per_window_ratio])),
    min_ratio: lowest('ratio').ratio,
    min_ratio_at_seconds: lowest('ratio').audio_seconds,
    min_per_window_ratio: lowest('per_window_ratio').per_window_ratio,
    goal: { ours_rtf: 0.1, ratio: 1.5 },
    peer_chunk_seconds: PEER_CHUNK,
    peer_input: 'the Float32Array ours decoded (transformers.js cannot read files in Node); ours decodes the WAV',
    model,
    ...settings,
  };
}

interface Settings {
  threads: number;
  tokens: number;
  runs: number;
}

/** A WAV file of `clip` again and again with pauses of PAUSE_SECONDS (seeded: every run hears the same audio). */
function voiceNote(clip: Float32Array, seconds: number): Uint8Array {
  const out = new Float32Array(Math.round(seconds * TARGET_RATE));
  const random = seededRandom(60);
  const [shortest, longest] = PAUSE_SECONDS;
  for (let at = 0; at + clip.length <= out.length; ) {
    out.set(clip, at);
    at += clip.length + Math.round((shortest + (longest - shortest) * random.next()) * TARGET_RATE);
  }
  return wavOf(out);
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

/** One timed run: `total` ms and its parts. */
type Measured = Record<string, number> & { total: number };

/** Median seconds of the runs, each run's seconds, and each part's median ms. */
function summarize(timed: Measured[]) {
  const parts = Object.keys(timed[0] ?? {}).filter((k) => k !== 'total');
  return {
    seconds: median(timed.map((t) => t.total / 1000)),
    runSeconds: timed.map((t) => round(t.total / 1000, 2)),
    ms: Object.fromEntries(parts.map((k) => [k, Math.round(median(timed.map((t) => t[k] ?? 0)))])),
  };
}

/** Whisper's int8 pair (MODEL_WHISPER_PRECISION=int8): the generator writes it beside the fp32 graphs. */
const INT8_WHISPER = withPrecision(DEFAULT_MODELS.whisper, {
  global: 'int8',
  globalSet: true,
  perModel: { whisper: 'int8' },
});

/** The int8 keys of one length: ours on Whisper's int8 pair against the same fp32 peer run. */
async function int8Row(bytes: Uint8Array, int8: Ours, fp32: Row, settings: Settings) {
  const runs: Measured[] = [];
  for (let run = 0; run < settings.runs; run++) runs.push(await int8.transcribe(bytes));
  const measured = summarize(runs);
  const rtf = measured.seconds / fp32.audio_seconds;
  const peerSecondsPerChunk = (fp32.peer_rtf * fp32.audio_seconds) / fp32.peer_chunks;
  return {
    int8_rtf: round(rtf, 4),
    int8_ratio: round(fp32.peer_rtf / rtf, 2),
    int8_per_window_ratio: round(peerSecondsPerChunk / (measured.seconds / int8.windowTokens.length), 2),
    int8_ms: measured.ms,
  };
}

/** Ours: the WAV file's bytes → decodeAudio → transcribeAudio on a pool of one worker, as the server runs it. */
class Ours {
  private readonly runtime: CountingRuntime;
  private readonly models: {
    whisper: ModelSpec & { task: 'automatic-speech-recognition' };
    vad: typeof DEFAULT_MODELS.vad;
  };
  speechSeconds = 0;

  constructor(
    modelsDir: string,
    private readonly settings: Settings,
    whisper: ModelSpec & { task: 'automatic-speech-recognition' } = DEFAULT_MODELS.whisper,
  ) {
    this.models = { whisper, vad: DEFAULT_MODELS.vad };
    const store = new ModelStore({
      modelsDir,
      endpoint: 'http://127.0.0.1:9',
      offline: true,
      log: createLogger('silent'),
    });
    this.runtime = new CountingRuntime(store, benchPool(settings.threads, 16));
  }

  get windowTokens(): readonly number[] {
    return this.runtime.windowTokens;
  }

  get requests(): number {
    return this.runtime.requests;
  }

  async transcribe(bytes: Uint8Array): Promise<Measured> {
    const { runtime } = this;
    runtime.reset();
    const started = performance.now();
    const { samples } = await decodeAudio(bytes);
    const decode = performance.now() - started;
    const transcript = await transcribeAudio(runtime, this.models, samples, {
      task: 'transcribe',
      language: 'en',
      fixedTokens: this.settings.tokens,
    });
    this.speechSeconds = transcript.speechSeconds;
    return { total: performance.now() - started, decode, vad: runtime.vadMs, whisper: runtime.whisperMs };
  }

  close(): Promise<void> {
    return this.runtime.close();
  }
}

/** The peer: the transformers.js ASR pipeline on the calling thread, 30 s chunks at its default stride. */
class Peer {
  readonly chunkTokens: number[] = [];
  private generateMs = 0;

  private constructor(
    private readonly asr: AutomaticSpeechRecognitionPipeline,
    private readonly settings: Settings,
  ) {
    // Count what each chunk decoded, and time generation (encoder + decoding) apart from features and merging.
    const model = asr.model as unknown as { generate(options: object): Promise<Tensor> };
    const generate = model.generate.bind(model);
    model.generate = async (options) => {
      const started = performance.now();
      const sequences = await generate(options);
      this.generateMs += performance.now() - started;
      // [1, prompt + new]: the prompt is <|startoftranscript|> <|en|> <|transcribe|> (timestamps on).
      this.chunkTokens.push((sequences.dims[1] ?? 0) - 3);
      return sequences;
    };
  }

  static async load(dir: string, settings: Settings): Promise<Peer> {
    const asr = (await pipeline('automatic-speech-recognition', dir, {
      local_files_only: true,
      dtype: 'fp32',
      session_options: { intraOpNumThreads: settings.threads, interOpNumThreads: 1 },
    })) as AutomaticSpeechRecognitionPipeline;
    return new Peer(asr, settings);
  }

  async transcribe(samples: Float32Array): Promise<Measured> {
    this.chunkTokens.length = 0;
    this.generateMs = 0;
    const started = performance.now();
    await this.asr(samples, {
      chunk_length_s: PEER_CHUNK.length,
      stride_length_s: PEER_CHUNK.stride,
      language: 'en',
      task: 'transcribe',
      return_timestamps: true,
      max_new_tokens: this.settings.tokens,
      min_new_tokens: this.settings.tokens,
    });
    const total = performance.now() - started;
    return { total, generate: this.generateMs, features_and_merge: total - this.generateMs };
  }

  close(): Promise<void> {
    return this.asr.dispose();
  }
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
