import { refusals, retold } from '../refusal.js';
import type { IncomingFile } from '../skill.js';
import { clock } from './formats.js';

export interface TranscribeLimits {
  /** Bytes read from a download or upload (the count of what arrives, not what is announced). */
  maxBytes: number;
  /** Seconds of audio. */
  maxSeconds: number;
}

export const refuse = refusals('transcribe');

/** MiB with at most one decimal (the sizes people see on their platform). */
const mib = (bytes: number) => +(bytes / 1024 / 1024).toFixed(1);

/** Refuses before downloading what the platform already says is too big or too long. */
export function checkAnnounced(source: IncomingFile, limits: TranscribeLimits): void {
  const { name } = source;
  if (source.durationSecs !== undefined && source.durationSecs > limits.maxSeconds) {
    const [length, max] = [clock(source.durationSecs, 'short'), clock(limits.maxSeconds, 'short')];
    throw refuse('payload_too_large', 'tooLong', { name, length, max });
  }
  if (source.size !== undefined && source.size > limits.maxBytes) {
    throw refuse('payload_too_large', 'tooLarge', { name, size: mib(source.size), max: mib(limits.maxBytes) });
  }
}

/** A decoding refusal (not audio, damaged, too long) told as one sentence per kind in the reader's language. */
export function undecodable(error: unknown, name: string, limits: TranscribeLimits): unknown {
  const keys = {
    unsupported_media: 'unsupportedFile',
    bad_request: 'damagedFile',
    payload_too_large: 'tooLongDecoded',
  } as const;
  return retold('transcribe', error, keys, { name, max: clock(limits.maxSeconds, 'short') });
}
