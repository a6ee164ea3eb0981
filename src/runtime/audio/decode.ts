import type { OpusPacketDecoder } from '@audio/decode-opus/core';
import { AppError, isAppError } from '../../errors.js';
import { declaredDuration, endsCleanly } from './headers.js';
import { accessUnits, readMp4AudioTrack } from './mp4.js';
import { Resampler } from './resample.js';
import { type AudioFormat, damaged, sniffAudio } from './sniff.js';
import { readWavHeader, wavSlice } from './wav.js';
import { type OpusBatch, webmOpusBatches } from './webm.js';

export type { AudioFormat } from './sniff.js';

/** What Whisper and Silero VAD take: 16 kHz mono float32 in [-1, 1]. */
export const TARGET_RATE = 16_000;
export const DEFAULT_MAX_DURATION_SEC = 30 * 60;

export interface DecodeAudioOptions {
  /** Longer audio is refused with `payload_too_large`, from the header when it says, else as soon as decoding passes it. */
  maxDurationSec?: number;
  /**
   * Samples in a SharedArrayBuffer: other threads (the inference pool's VAD worker) then read them without a copy.
   * A parse worker decodes this way, so a 20-minute note (77 MB of samples) is never cloned on the event loop.
   */
  shared?: boolean;
}

export interface DecodedAudio {
  samples: Float32Array;
  sampleRate: typeof TARGET_RATE;
  durationSec: number;
  format: AudioFormat;
}

/**
 * Compressed bytes handed to a decoder at a time (MP4 and WebM go by 256 packets, 5–6 s): each piece's output is
 * downmixed, resampled and dropped before the next, so native-rate audio never piles up and no call blocks the
 * event loop for long (≤ 0.3 s on this 2-core machine).
 */
const CHUNK_BYTES = 16 * 1024;

interface PcmChunk {
  channelData: Float32Array[];
  sampleRate: number;
}
/** The shape of @audio/decode-*'s `decoder()`: synchronous WASM calls on successive pieces of the file. */
interface ChunkDecoder<T = Uint8Array> {
  decode(data: T): PcmChunk;
  flush?(): PcmChunk;
  free(): void;
}

// Imported on first use: each is a WASM build, and most servers only ever see Ogg/Opus.
const DECODERS: Record<Exclude<AudioFormat, 'wav' | 'm4a' | 'webm'>, () => Promise<ChunkDecoder>> = {
  'ogg-opus': async () => (await import('@audio/decode-opus')).decoder(),
  aac: async () => (await aacDecoders()).decoder(),
  mp3: async () => (await import('@audio/decode-mp3')).decoder(),
  flac: async () => (await import('@audio/decode-flac')).decoder(),
};

/**
 * AAC comes from FAAD2, which is GPL-2.0: it is an optional dependency an operator may leave out
 * (`npm install --omit=optional`), and then M4A/AAC is refused with the reason instead of failing obscurely.
 */
async function aacDecoders(): Promise<typeof import('@audio/decode-aac')> {
  try {
    return await import('@audio/decode-aac');
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new AppError(
      'unsupported_media',
      'M4A/AAC audio needs the optional @audio/decode-aac package (GPL-2.0), which this server leaves out; ' +
        'send Ogg/Opus, WebM, MP3, WAV or FLAC',
    );
  }
}

const NAMES: Record<AudioFormat, string> = {
  'ogg-opus': 'Ogg/Opus',
  webm: 'WebM',
  m4a: 'M4A',
  aac: 'AAC',
  mp3: 'MP3',
  wav: 'WAV',
  flac: 'FLAC',
};

/**
 * Decodes an audio file to 16 kHz mono float32. The format comes from the bytes (see sniffAudio); anything that is
 * not audio we decode is refused with `unsupported_media`, damaged or truncated audio with `bad_request`, and audio
 * longer than the cap with `payload_too_large`. Decoding goes chunk by chunk, yielding to the event loop between
 * chunks, so only the 16 kHz output grows with the length of the recording.
 */
export async function decodeAudio(bytes: Uint8Array, options: DecodeAudioOptions = {}): Promise<DecodedAudio> {
  const maxSec = options.maxDurationSec ?? DEFAULT_MAX_DURATION_SEC;
  const format = sniffAudio(bytes);
  const name = NAMES[format];
  const declared = format === 'wav' ? undefined : declaredDuration(format, bytes);
  if (declared !== undefined && declared > maxSec) throw tooLong(declared, maxSec);
  const sink = new MonoSink(maxSec, options.shared ?? false);
  if (format === 'wav') {
    const info = readWavHeader(bytes);
    if (info.declaredLength > info.dataLength + info.channels * (info.bitsPerSample / 8))
      throw damaged('the WAV file is truncated (it ends before the audio its header announces)');
    const frame = info.channels * (info.bitsPerSample / 8);
    if (info.dataLength / frame / info.sampleRate > maxSec)
      throw tooLong(info.dataLength / frame / info.sampleRate, maxSec);
    const step = Math.max(frame, CHUNK_BYTES - (CHUNK_BYTES % frame));
    for (let at = 0; at < info.dataLength; at += step) {
      sink.add({
        channelData: wavSlice(bytes, info, at, Math.min(info.dataLength, at + step)),
        sampleRate: info.sampleRate,
      });
      await yieldToEventLoop();
    }
  } else if (format === 'm4a') {
    const track = readMp4AudioTrack(bytes);
    const { decoder, gapless } = await aacDecoders();
    const window = gapless({ ...track.boxes, ...track.config }) ?? undefined;
    await pump(await decoder({ ...track.config, gapless: window }), accessUnits(bytes, track, 256), sink, name);
  } else if (format === 'webm') {
    const { createOpusDecoder } = await import('@audio/decode-opus/core');
    await pump(webmOpusDecoder(await createOpusDecoder()), webmOpusBatches(bytes, 256), sink, name);
  } else {
    await pump(await DECODERS[format](), chunks(bytes), sink, name);
  }
  const samples = sink.finish();
  if (samples.length === 0)
    throw damaged(`no audio could be decoded from the ${name} file (it is damaged, truncated or empty)`);
  const durationSec = samples.length / TARGET_RATE;
  // A header announcing more than came out, or an Ogg stream without its last page, means the file was cut short.
  const shortBy = declared === undefined ? 0 : declared - durationSec;
  if (shortBy > Math.max(0.25, 0.02 * (declared ?? 0)) || !endsCleanly(format, bytes))
    throw damaged(`the ${name} file is truncated (it ends before its audio does)`);
  return { samples, sampleRate: TARGET_RATE, durationSec, format };
}

/** Feeds a WASM decoder its input piece by piece, turning its failures into a clear "damaged" error. */
async function pump<T>(decoder: ChunkDecoder<T>, inputs: Iterable<T>, sink: MonoSink, name: string): Promise<void> {
  try {
    for (const input of inputs) {
      sink.add(decoder.decode(input));
      await yieldToEventLoop();
    }
    if (decoder.flush) sink.add(decoder.flush());
  } catch (cause) {
    if (isAppError(cause)) throw cause;
    throw damaged(`the ${name} file could not be decoded (it is damaged or truncated)`, cause);
  } finally {
    decoder.free();
  }
}

/** libopus fed WebM's packets: configured from the track's OpusHead, the last packet's padding trimmed. */
function webmOpusDecoder(opus: OpusPacketDecoder): ChunkDecoder<OpusBatch> {
  let configured = false;
  return {
    decode({ track, packets, discardSamples }) {
      if (!configured) opus.configure({ ...track, sampleRate: 48_000 });
      configured = true;
      const { channelData } = opus.decodeFrames(packets);
      const keep = Math.max(0, (channelData[0]?.length ?? 0) - discardSamples);
      return { channelData: channelData.map((channel) => channel.subarray(0, keep)), sampleRate: 48_000 };
    },
    free: () => opus.free(),
  };
}

function* chunks(bytes: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) yield bytes.subarray(at, at + CHUNK_BYTES);
}

/** Downmixes, resamples and collects decoded chunks, and enforces the duration cap on the samples as they come. */
class MonoSink {
  private resampler: Resampler | undefined;
  private readonly pieces: Float32Array[] = [];
  private length = 0;
  private inputSamples = 0;

  constructor(
    private readonly maxSec: number,
    private readonly shared: boolean,
  ) {}

  add({ channelData, sampleRate }: PcmChunk): void {
    const frames = channelData[0]?.length ?? 0;
    if (frames === 0) return;
    if (!this.resampler) this.resampler = new Resampler(sampleRate, TARGET_RATE);
    else if (this.resampler.inRate !== sampleRate)
      throw damaged(`the sample rate changes from ${this.resampler.inRate} to ${sampleRate} Hz mid-file`);
    this.inputSamples += frames;
    if (this.inputSamples / sampleRate > this.maxSec) throw tooLong(undefined, this.maxSec);
    this.keep(this.resampler.push(downmix(channelData, frames)));
  }

  finish(): Float32Array {
    if (this.resampler) this.keep(this.resampler.end());
    const bytes = this.length * Float32Array.BYTES_PER_ELEMENT;
    const samples = new Float32Array(this.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
    let at = 0;
    for (const piece of this.pieces.splice(0)) {
      samples.set(piece, at);
      at += piece.length;
    }
    return samples;
  }

  private keep(piece: Float32Array): void {
    // Lossy codecs and the resampler's ringing can overshoot full scale a little; a damaged stream can hold NaN.
    for (let i = 0; i < piece.length; i++) {
      const v = piece[i] ?? 0;
      piece[i] = v > 1 ? 1 : v < -1 ? -1 : Number.isNaN(v) ? 0 : v;
    }
    if (piece.length > 0) this.pieces.push(piece);
    this.length += piece.length;
  }
}

function downmix(channels: Float32Array[], frames: number): Float32Array {
  const first = channels[0] ?? new Float32Array(frames);
  if (channels.length === 1) return first;
  const mono = new Float32Array(frames);
  for (const channel of channels) for (let i = 0; i < frames; i++) mono[i] = (mono[i] ?? 0) + (channel[i] ?? 0);
  for (let i = 0; i < frames; i++) mono[i] = (mono[i] ?? 0) / channels.length;
  return mono;
}

function tooLong(durationSec: number | undefined, maxSec: number): AppError {
  const minutes = (sec: number) => (sec >= 120 ? `${Math.round(sec / 60)} minutes` : `${Math.round(sec)} seconds`);
  const actual = durationSec === undefined ? 'longer than' : `${minutes(durationSec)} long; the limit is`;
  return new AppError('payload_too_large', `the audio is ${actual} ${minutes(maxSec)}`);
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
