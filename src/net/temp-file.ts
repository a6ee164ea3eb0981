import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { TempFile } from '../skills/skill.js';
import { cappedChunks } from './read-capped.js';

/**
 * Every saved file lives in a directory of its own named so, with the pid of the process that made it
 * (omb-file-<pid>-…): an operator can tell what left one behind, and the startup sweep (temp-sweep.ts) whether
 * its owner is gone.
 */
export const TEMP_PREFIX = 'omb-file-';

export interface SaveOptions {
  /** A cap on the bytes actually written; more is refused with `payload_too_large`. */
  maxBytes: number;
  /** Names the body in the refusal ("the file"). */
  what: string;
  /** The original file name: only its extension is kept (some tools go by it), never a path from outside. */
  name?: string | undefined;
  /** Where the private directory is made; the system's temp directory by default. */
  dir?: string | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Streams `body` into a new private temp file: a directory only we can enter (mkdtemp makes it 0700) holding a
 * file only we can read (0600), hashed (sha256) as the bytes arrive and never holding more than `maxBytes`. A
 * save that fails for any reason (too big, a cut connection, an abort, a full disk) removes what it wrote.
 */
export async function saveToTempFile(
  body: AsyncIterable<Uint8Array> | null | undefined,
  options: SaveOptions,
): Promise<TempFile> {
  const dir = await mkdtemp(path.join(options.dir ?? tmpdir(), `${TEMP_PREFIX}${process.pid}-`));
  const file = path.join(dir, `file${safeExtension(options.name)}`);
  const hash = createHash('sha256');
  let size = 0;
  try {
    // `wx` in a directory made just now: the file is new, never something planted to be written through.
    await pipeline(
      async function* () {
        for await (const chunk of cappedChunks(body, options.maxBytes, options.what)) {
          hash.update(chunk);
          size += chunk.byteLength;
          yield chunk;
        }
      },
      createWriteStream(file, { flags: 'wx', mode: 0o600 }),
      { signal: options.signal },
    );
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  let removed: Promise<void> | undefined;
  return {
    path: file,
    size,
    sha256: hash.digest('hex'),
    remove: () => {
      removed ??= rm(dir, { recursive: true, force: true });
      return removed;
    },
  };
}

/** `.ogg` from "voice-message.ogg"; nothing for names without a plain short extension. */
function safeExtension(name: string | undefined): string {
  const ext = path.extname(name ?? '').toLowerCase();
  return /^\.[a-z0-9]{1,8}$/.test(ext) ? ext : '';
}
