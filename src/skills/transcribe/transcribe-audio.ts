import { TARGET_RATE } from '../../runtime/audio/decode.js';
import { audioTime, transcriptionWindows, windowSamples } from '../../runtime/audio/windows.js';
import type { ModelSpec } from '../../runtime/models.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { SpeechSegment } from '../../runtime/tasks.js';

/** Windows decoded together in one pool request: batched decoding is faster, and progress comes per request. */
export const WINDOWS_PER_RUN = 4;
/** Whisper's window: 30 s at 16 kHz. */
const WINDOW_SAMPLES = 30 * TARGET_RATE;

export interface Transcript {
  text: string;
  language: string;
  /** How sure the detection was (absent when the language was given). */
  languageProbability?: number | undefined;
  /** Seconds of audio. */
  duration: number;
  /** In order, not overlapping, within [0, duration]. */
  segments: SpeechSegment[];
  /** Seconds in which the VAD heard speech (what Whisper read). */
  speechSeconds: number;
  /** Windows whose token budget ran out before the model finished them (their text may be cut). */
  cutWindows: number;
}

export interface TranscribeOptions {
  language?: string | undefined;
  task: 'transcribe' | 'translate';
  signal?: AbortSignal | undefined;
  /** After each request: windows done of the total, and the text so far. */
  onProgress?: ((done: number, total: number, text: string) => void) | undefined;
  /** Benchmarks: tokens per window, never stopping early. */
  fixedTokens?: number | undefined;
}

/**
 * 16 kHz mono audio → transcript: Silero VAD finds speech (silence is never shown to Whisper, so it cannot invent
 * text there), speech is packed into ≤ 30 s windows with long pauses shortened (times are mapped back to the
 * recording's) and cut at pauses, and Whisper reads them WINDOWS_PER_RUN at a time on
 * the shared pool. The first request detects the language (over all its windows) unless one was given; the
 * rest use it, so one voice note does not switch languages halfway.
 */
export async function transcribeAudio(
  runtime: Runtime,
  models: {
    whisper: ModelSpec & { task: 'automatic-speech-recognition' };
    vad: ModelSpec & { task: 'voice-activity-detection' };
  },
  samples: Float32Array,
  options: TranscribeOptions,
): Promise<Transcript> {
  const duration = samples.length / TARGET_RATE;
  const vad = await runtime.run(models.vad, { samples }, { signal: options.signal });
  const windows = transcriptionWindows(vad.segments, {
    probabilities: vad.probabilities,
    frameSeconds: vad.frameSeconds,
  });
  const segments: SpeechSegment[] = [];
  const texts: string[] = [];
  let language = options.language;
  let languageProbability: number | undefined;
  let cutWindows = 0;
  for (let at = 0; at < windows.length; at += WINDOWS_PER_RUN) {
    const batch = windows.slice(at, at + WINDOWS_PER_RUN);
    const audio = batch.map((w) => windowSamples(samples, w, TARGET_RATE, WINDOW_SAMPLES));
    const output = await runtime.run(
      models.whisper,
      {
        windows: audio,
        language,
        task: options.task,
        ...(options.fixedTokens ? { maxNewTokens: options.fixedTokens, ignoreEndOfText: true } : {}),
      },
      // A batch of four full windows takes seconds per window on a small CPU: allow for it.
      { signal: options.signal, transfer: true, timeoutMs: 120_000 * batch.length },
    );
    if (language === undefined) {
      language = output.language;
      languageProbability = output.languageProbability;
    }
    output.windows.forEach((w, i) => {
      const window = batch[i];
      if (w.finishReason === 'length') cutWindows += 1;
      if (w.text) texts.push(w.text);
      for (const s of w.segments) {
        // The window's times are in what Whisper heard (pauses shortened): back to the recording's.
        const last = segments.at(-1)?.end ?? 0;
        const at = (t: number, isStart: boolean) => (window ? audioTime(window, t, isStart) : t);
        const start = Math.max(last, Math.min(duration, at(s.start, true)));
        segments.push({ start, end: Math.max(start, Math.min(duration, at(s.end, false))), text: s.text });
      }
    });
    options.onProgress?.(Math.min(windows.length, at + batch.length), windows.length, texts.join(' '));
  }
  return {
    text: texts.join(' '),
    language: language ?? options.language ?? 'und',
    languageProbability,
    duration,
    segments,
    speechSeconds: windows.reduce((sum, w) => sum + w.seconds, 0),
    cutWindows,
  };
}
