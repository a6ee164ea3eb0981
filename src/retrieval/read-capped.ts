import type { ReadableStream } from 'node:stream/web';
import { AppError } from '../errors.js';

const MiB = 1024 * 1024;

/**
 * Reads a body, never more than `maxBytes` of it, however its size was announced (Content-Length, chunked, or
 * until the connection closes): the count is of the bytes that arrive. `what` names the body in the error.
 */
export async function readCapped(
  body: ReadableStream<Uint8Array> | null | undefined,
  maxBytes: number,
  what: string,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = body?.getReader();
  if (!reader) return new Uint8Array();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new AppError('payload_too_large', `${what} is larger than the ${formatBytes(maxBytes)} limit`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${+(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
