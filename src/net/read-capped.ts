import type { ReadableStream } from 'node:stream/web';
import { AppError } from '../errors.js';

const MiB = 1024 * 1024;

/**
 * The chunks of a body as they arrive, failing with `payload_too_large` on the chunk that takes the total over
 * `maxBytes`, however the size was announced (Content-Length, chunked, or until the connection closes). Leaving
 * the loop early (this error included) cancels a web stream, so the rest is never downloaded. `what` names the
 * body in the error.
 */
export async function* cappedChunks(
  body: AsyncIterable<Uint8Array> | null | undefined,
  maxBytes: number,
  what: string,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of body ?? []) {
    total += chunk.byteLength;
    if (total > maxBytes) throw tooLarge(what, maxBytes);
    yield chunk;
  }
}

/** A body read into memory, never more than `maxBytes` of it (see cappedChunks). */
export async function readCapped(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null | undefined,
  maxBytes: number,
  what: string,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of cappedChunks(body, maxBytes, what)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export function tooLarge(what: string, maxBytes: number): AppError {
  return new AppError('payload_too_large', `${what} is larger than the ${formatBytes(maxBytes)} limit`);
}

function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${+(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
