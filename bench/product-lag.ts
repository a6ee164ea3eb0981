import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../src/log.js';
import { PARSE_WORKER, type Parsing, parsingOn } from '../src/parse/index.js';
import { ParsePool } from '../src/parse/pool.js';
import { poolEmbedder } from '../src/retrieval/embedder.js';
import { DEFAULT_EXTRACT_LIMITS } from '../src/retrieval/extract.js';
import { KnowledgeBase } from '../src/retrieval/knowledge-base.js';
import { loadDocument } from '../src/retrieval/load-document.js';
import { decodeAudio } from '../src/runtime/audio/decode.js';
import { DEFAULT_MODELS } from '../src/runtime/manifest.js';
import { LocalRuntime } from '../src/runtime/runtime.js';
import { ModelStore } from '../src/runtime/store/model-store.js';
import { renderTranscribe } from '../src/skills/transcribe/render.js';
import { transcribeAudio } from '../src/skills/transcribe/transcribe-audio.js';
import { writeFixtures } from '../test/fixtures/models/generate.js';
import { illustratedPdf } from './illustrated-pdf.js';
import { lagDuring } from './loop-lag.js';
import { benchPool } from './models.js';

const VOICE_NOTE_MINUTES = 20;
/** 2,000 pages (the default page cap), each with ~850 characters of text and a 10 KB image: a 20 MB file. */
const PDF_PAGES = 2_000;
const SENTENCE = 'The quarterly report shows revenue growing by twelve percent while costs held steady.';
/** Tokens Whisper decodes per window (a random-weight model's text length means nothing). */
const WHISPER_TOKENS = Number(process.env.BENCH_LAG_WHISPER_TOKENS ?? 8);
/**
 * `small`: the test suite's small Whisper and MiniLM fixtures instead of the full-size ones, for a machine too busy
 * to run ~4 TFLOP of Whisper and ~10 TFLOP of MiniLM in reasonable time. The main thread's work is the same (the
 * same audio, samples, windows, document, chunks and rows); only the workers finish sooner.
 */
const FULL_SIZE = process.env.BENCH_LAG_MODELS !== 'small';

/**
 * Event-loop delay while the product does the whole job, as the skills do it, on the parse pool and the inference
 * pool (one worker with all the cores, as the server sizes it on this machine):
 * - transcribed: a 20-minute voice note (the speech fixture chained) from a file: decoded on the parse pool, Silero
 *   VAD and full-size random-weight Whisper-base on the pool (WHISPER_TOKENS tokens per window), the transcript
 *   assembled and rendered (text, .txt and .vtt files) as the transcribe skill does;
 * - ingested: a 20 MB PDF (2,000 pages of text and photos, see illustrated-pdf.ts; its text within the default
 *   PARSE_MAX_CHARS) uploaded into a knowledge collection: extracted on the parse pool under the default limits,
 *   then KnowledgeBase.add (hash, chunking, full-size random-weight MiniLM embeddings on the pool, LanceDB writes,
 *   the full-text index).
 */
export async function productLag(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'omb-bench-lag-'));
  const log = createLogger('silent');
  const parsePool = new ParsePool({
    entry: PARSE_WORKER,
    workers: 1,
    memoryMb: 2048,
    timeoutMs: 30 * 60_000,
    queueLimit: 4,
    log,
  });
  const parsing = parsingOn(parsePool, DEFAULT_EXTRACT_LIMITS);
  const store = new ModelStore({ modelsDir: dir, endpoint: 'http://127.0.0.1:9', offline: true, log });
  const runtime = new LocalRuntime(store, benchPool(cpus().length, 100_000));
  try {
    writeFixtures(dir, { fullSize: FULL_SIZE, only: ['whisper', 'embeddings'] });
    const clip = readFileSync('test/fixtures/audio/speech.ogg');
    const copies = Math.ceil((VOICE_NOTE_MINUTES * 60) / (await decodeAudio(clip)).durationSec);
    const note = path.join(dir, 'voice-note.ogg');
    writeFileSync(note, Buffer.concat(Array.from({ length: copies }, () => clip)));
    const pdf = illustratedPdf(PDF_PAGES, (p) => Array.from({ length: 9 }, (_, l) => `${p}.${l} ${SENTENCE}`), 10_240);
    // Models load and the parse worker starts before anything is timed.
    const warm = path.join(dir, 'warm.ogg');
    writeFileSync(warm, clip);
    await transcribe(runtime, parsing, warm);
    // What the machine alone does to timers (other processes, the scheduler): the floor of every row.
    const idle = await lagDuring(() => new Promise((resolve) => setTimeout(resolve, 5_000)));
    const transcribed = await lagDuring(() => transcribe(runtime, parsing, note));
    const kb = await KnowledgeBase.open(path.join(dir, 'lancedb'), poolEmbedder(runtime, DEFAULT_MODELS.embeddings));
    await kb.add({ tenant: 't', collection: 'warm', title: 'warm', text: 'Warm up the embedding model.' });
    const ingested = await lagDuring(async () => {
      const doc = await loadDocument({ upload: { bytes: pdf, filename: 'report.pdf' } }, {}, parsing.extractDocument);
      return kb.add({ tenant: 't', collection: 'reports', ...doc });
    });
    await kb.close();
    return {
      product_idle_p99_ms: idle.p99,
      product_idle_max_ms: idle.max,
      transcribed_ours_p99_ms: transcribed.p99,
      transcribed_ours_max_ms: transcribed.max,
      transcribed_seconds: transcribed.seconds,
      transcribed_windows: transcribed.value.windows,
      ingested_ours_p99_ms: ingested.p99,
      ingested_ours_max_ms: ingested.max,
      ingested_seconds: ingested.seconds,
      ingested_chunks: ingested.value.chunks,
      ingested_pdf_mb: Math.round(pdf.length / 2 ** 20),
      whisper_tokens_per_window: WHISPER_TOKENS,
      product_models: FULL_SIZE ? 'full-size random-weight Whisper-base and MiniLM' : 'small test fixtures',
    };
  } finally {
    await runtime.close();
    await parsing.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the transcribe skill does with a file: decode on the parse pool, VAD + Whisper on the pool, render. */
async function transcribe(runtime: LocalRuntime, parsing: Parsing, file: string) {
  const audio = await parsing.decodeAudio({ path: file }, { maxDurationSec: VOICE_NOTE_MINUTES * 60 + 60 });
  const models = {
    whisper: { ...DEFAULT_MODELS.whisper, task: 'automatic-speech-recognition' as const },
    vad: { ...DEFAULT_MODELS.vad, task: 'voice-activity-detection' as const },
  };
  let windows = 0;
  const transcript = await transcribeAudio(runtime, models, audio.samples, {
    task: 'transcribe',
    language: 'en',
    fixedTokens: WHISPER_TOKENS,
    onProgress: (_done, total) => {
      windows = total;
    },
  });
  const reply = renderTranscribe({
    ...transcript,
    kind: 'transcript',
    id: 'bench',
    name: 'voice-note.ogg',
    task: 'transcribe',
    cached: false,
    summarizable: true,
  });
  return { windows, chars: reply.text?.length ?? 0 };
}
