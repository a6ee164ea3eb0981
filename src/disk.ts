import { createWriteStream } from 'node:fs';
import { statfs } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { AppError } from './errors.js';

/**
 * Where files we write end up: the model store's downloads and the knowledge base's pre-write space check go
 * through this, so a full disk is one clear error whatever writes. `realDisk` is the machine's; a test passes a
 * size-capped directory instead.
 */
export interface Disk {
  /** Bytes free for new data on the filesystem holding `dir`. */
  freeBytes(dir: string): Promise<number>;
  /** A stream writing `file` from the start, or appending to it. */
  openWrite(file: string, append: boolean): Writable;
}

export const realDisk: Disk = {
  async freeBytes(dir) {
    const s = await statfs(dir);
    return s.bavail * s.bsize;
  },
  openWrite: (file, append) => createWriteStream(file, { flags: append ? 'a' : 'w' }),
};

/**
 * Whether an error (or a cause of it) is the disk being full: ENOSPC/EDQUOT from Node, or the operating system's
 * words as LanceDB's native writer reports them ("No space left on device (os error 28)").
 */
export function isDiskFull(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 6; e = e.cause, depth++) {
    if (e instanceof DiskFull) return true;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') return true;
    if (/No space left on device|os error 28|Disk quota exceeded|os error 122/.test(e.message)) return true;
  }
  return false;
}

/** The disk is full: final for this attempt (retrying at once would fail the same), the operator frees space. */
export class DiskFull extends AppError {
  constructor(
    readonly dir: string,
    what: string,
    cause?: unknown,
  ) {
    super('unavailable', `the disk holding ${dir} is full: ${what}; free some space there and try again`, {
      cause,
      retryAfterSec: 60,
    });
  }
}
