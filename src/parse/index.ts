import { cpus } from 'node:os';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { DocumentExtractor, ExtractLimits } from '../retrieval/extract.js';
import type { DecodedAudio } from '../runtime/audio/decode.js';
import { siblingModule } from '../threads.js';
import { DEFAULT_IMAGE_LIMITS, type DecodedImage, type ImageLimits } from './image.js';
import { ParsePool } from './pool.js';
import type { AudioSource, ParsedForm, ParseJob } from './protocol.js';

export type { DecodedImage, ImageFormat, ImageLimits } from './image.js';
export type { AudioSource, FormFile, ParsedForm } from './protocol.js';

/** Decodes audio to 16 kHz mono off the event loop, refusing more than `maxDurationSec` seconds. */
export type AudioDecoder = (
  source: AudioSource,
  options: { maxDurationSec: number; signal?: AbortSignal | undefined },
) => Promise<DecodedAudio>;

/** Parses a multipart/form-data body; the body's buffer is moved to the worker (the caller's becomes empty). */
export type FormReader = (body: ArrayBuffer, contentType: string) => Promise<ParsedForm>;

/**
 * Decodes an untrusted image to upright 8-bit RGB off the event loop, refusing what is not an image
 * (`unsupported_media`) or too large (`payload_too_large`, from the header, before decoding).
 */
export type ImageDecoder = (
  bytes: Uint8Array,
  options?: { limits?: Partial<ImageLimits>; signal?: AbortSignal | undefined },
) => Promise<DecodedImage>;

export interface Parsing {
  decodeAudio: AudioDecoder;
  decodeImage: ImageDecoder;
  extractDocument: DocumentExtractor;
  readForm: FormReader;
  close(): Promise<void>;
}

/**
 * Audio decoding and document extraction on the parse pool's workers, with the configured limits: what skills and
 * the knowledge base call instead of decodeAudio and extractDocument, which would run on the calling thread.
 */
export function parsingOn(
  pool: ParsePool,
  limits: ExtractLimits,
  imageLimits: ImageLimits = DEFAULT_IMAGE_LIMITS,
): Parsing {
  return {
    async decodeAudio(source, { maxDurationSec, signal }) {
      const job: ParseJob = { kind: 'audio', source, maxDurationSec };
      return (await pool.run(job, { signal })) as DecodedAudio;
    },
    async extractDocument(input, signal) {
      const job: ParseJob = { kind: 'document', input, limits };
      return (await pool.run(job, { signal })) as Awaited<ReturnType<DocumentExtractor>>;
    },
    async decodeImage(bytes, { limits, signal } = {}) {
      // Moved to the worker when the view owns its buffer; a view into a shared (pooled) buffer is copied first.
      const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
      const job: ParseJob = { kind: 'image', bytes: own, limits: { ...imageLimits, ...limits } };
      return (await pool.run(job, { signal, transfer: [own.buffer as ArrayBuffer] })) as DecodedImage;
    },
    async readForm(body, contentType) {
      const job: ParseJob = { kind: 'form', body, contentType };
      return (await pool.run(job, { transfer: [body] })) as ParsedForm;
    },
    close: () => pool.close(),
  };
}

/** The worker module next to this one: worker.ts from source, worker.js when built. */
export const PARSE_WORKER = siblingModule('worker', import.meta.url);

/** The parse pool and limits the PARSE_* settings describe (README: Configuration). */
export function parsingFromConfig(config: Config, log: Logger): Parsing {
  const pool = new ParsePool({
    entry: PARSE_WORKER,
    workers: config.PARSE_WORKERS ?? defaultParseWorkers(),
    memoryMb: config.PARSE_MEMORY_MB,
    timeoutMs: config.PARSE_TIMEOUT_MS,
    queueLimit: config.PARSE_QUEUE_LIMIT,
    log,
  });
  return parsingOn(
    pool,
    {
      maxChars: config.PARSE_MAX_CHARS,
      maxPages: config.PARSE_PDF_MAX_PAGES,
      maxInflatedBytes: config.PARSE_PDF_MAX_INFLATED_BYTES,
      maxHtmlDepth: config.PARSE_HTML_MAX_DEPTH,
    },
    { maxBytes: config.PARSE_IMAGE_MAX_BYTES, maxPixels: config.PARSE_IMAGE_MAX_PIXELS },
  );
}

/** One worker per four cores, one to two: parsing is bursty and the inference pool needs the cores more. */
export function defaultParseWorkers(cores = cpus().length): number {
  return Math.min(2, Math.max(1, Math.floor(cores / 4)));
}
