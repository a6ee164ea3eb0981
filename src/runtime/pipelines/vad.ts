import path from 'node:path';
import ort from 'onnxruntime-node';
import { AppError } from '../../errors.js';
import { speechSegments } from '../audio/segments.js';
import type { ModelHandle } from '../protocol.js';
import type { VadInput, VadOutput } from '../tasks.js';
import { sessionOptions } from './encoder.js';
import type { Pipeline } from './pipeline.js';

export const VAD_SAMPLE_RATE = 16_000;
/** Silero at 16 kHz reads 512 new samples per step (32 ms). */
const FRAME = 512;
/** v5 also sees the last 64 samples of the previous frame, as Silero's own wrapper feeds it. */
const V5_CONTEXT = 64;

/** The recurrent state a Silero export carries between frames: v5 `state`, v3/v4 `h` + `c`. */
interface Layout {
  audio: string;
  rate: string | undefined;
  probability: string;
  /** Input name → the output that feeds it on the next frame, with the input's shape. */
  states: { input: string; output: string; dims: number[] }[];
  context: number;
}

/**
 * Silero VAD on the pool: frame by frame over 16 kHz mono audio, carrying the model's recurrent state, then
 * hysteresis into speech segments. Input and output names are read from the session, so v5 (input, state, sr →
 * output, stateN) and v4 (input, h, c, sr → output, hn, cn) exports both work.
 */
export async function voiceActivityDetection(model: ModelHandle): Promise<Pipeline> {
  const file = model.files.find((f) => f.endsWith('.onnx'));
  if (!file) throw new AppError('unavailable', `the VAD model ${model.key} has no .onnx file`);
  // A tiny recurrent model stepped 512 samples at a time: more intra-op threads only add overhead.
  const session = await ort.InferenceSession.create(path.join(model.dir, file), sessionOptions(1));
  const layout = layoutOf(session);
  return {
    async run(inputs, ctx) {
      const outputs: VadOutput[] = [];
      for (const input of inputs as VadInput[]) outputs.push(await detect(session, layout, input, ctx.signal));
      return outputs;
    },
    dispose: () => session.release(),
  };
}

function layoutOf(session: ort.InferenceSession): Layout {
  const inputs = session.inputNames;
  const outputs = session.outputNames;
  const has = (name: string) => inputs.includes(name);
  const problem = (why: string) =>
    new AppError('unavailable', `not a Silero VAD model (${why}); inputs ${inputs.join(', ')}`);
  const audio = has('input') ? 'input' : inputs.find((n) => !['state', 'h', 'c', 'sr'].includes(n));
  if (!audio) throw problem('no audio input');
  const probability = outputs.includes('output') ? 'output' : outputs[0];
  if (!probability) throw problem('no outputs');
  if (has('state')) {
    const dims = dimsOf(session, 'state', [2, 1, 128]);
    return {
      audio,
      rate: has('sr') ? 'sr' : undefined,
      probability,
      states: [{ input: 'state', output: outputs.includes('stateN') ? 'stateN' : 'state_out', dims }],
      context: V5_CONTEXT,
    };
  }
  if (has('h') && has('c')) {
    return {
      audio,
      rate: has('sr') ? 'sr' : undefined,
      probability,
      states: [
        { input: 'h', output: 'hn', dims: dimsOf(session, 'h', [2, 1, 64]) },
        { input: 'c', output: 'cn', dims: dimsOf(session, 'c', [2, 1, 64]) },
      ],
      context: 0,
    };
  }
  throw problem('no recurrent state input');
}

/** A state input's shape from the session metadata, batch (a symbolic dim) as 1. */
function dimsOf(session: ort.InferenceSession, name: string, fallback: number[]): number[] {
  const meta = session.inputMetadata.find((m) => m.name === name);
  if (!meta?.isTensor) return fallback;
  const dims = meta.shape.map((d) => (typeof d === 'number' && d > 0 ? d : 1));
  return dims.length === fallback.length ? dims : fallback;
}

async function detect(
  session: ort.InferenceSession,
  layout: Layout,
  input: VadInput,
  signal: AbortSignal,
): Promise<VadOutput> {
  const samples = input.samples;
  if (!(samples instanceof Float32Array)) {
    throw new AppError('bad_request', 'voice activity detection needs 16 kHz mono samples as a Float32Array');
  }
  const frames = Math.ceil(samples.length / FRAME);
  const probabilities = new Float32Array(frames);
  const feeds: Record<string, ort.Tensor> = {};
  for (const s of layout.states) {
    feeds[s.input] = new ort.Tensor('float32', new Float32Array(s.dims.reduce((a, b) => a * b, 1)), s.dims);
  }
  if (layout.rate) feeds[layout.rate] = new ort.Tensor('int64', BigInt64Array.from([BigInt(VAD_SAMPLE_RATE)]), []);
  const width = layout.context + FRAME;
  for (let f = 0; f < frames; f++) {
    if (signal.aborted) throw new AppError('unavailable', 'voice activity detection was cancelled');
    // [last `context` samples of the previous frame | this frame], zero-padded at the start and at the end.
    const frame = new Float32Array(width);
    const from = f * FRAME - layout.context;
    frame.set(samples.subarray(Math.max(0, from), Math.min(samples.length, (f + 1) * FRAME)), Math.max(0, -from));
    feeds[layout.audio] = new ort.Tensor('float32', frame, [1, width]);
    const out = await session.run(feeds);
    probabilities[f] = (out[layout.probability]?.data as Float32Array | undefined)?.[0] ?? 0;
    for (const s of layout.states) {
      const next = out[s.output];
      if (next) feeds[s.input] = next;
    }
  }
  const frameSeconds = FRAME / VAD_SAMPLE_RATE;
  const duration = samples.length / VAD_SAMPLE_RATE;
  const segments = speechSegments(probabilities, {
    frameSeconds,
    duration,
    threshold: input.threshold,
    negThreshold: input.negThreshold,
    minSpeechMs: input.minSpeechMs,
    minSilenceMs: input.minSilenceMs,
    speechPadMs: input.speechPadMs,
  });
  return { probabilities, frameSeconds, segments, duration };
}
