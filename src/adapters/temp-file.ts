import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { cappedChunks } from '../retrieval/read-capped.js';
import type { TempFile } from '../skills/skill.js';

/**
 * Every saved file lives in a directory of its own named so, with the saving process's id: an operator can tell
 * what left one behind, and a later start can tell a dead process's directory (SIGKILL, a crash) from a live one's.
 */
export const TEMP_PREFIX = 'omb-file-';
/** Directories from before names carried a process id are only removed when this old. */
const UNOWNED_AGE_MS = 24 * 60 * 60 * 1000;

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

/**
 * Removes the temp directories of processes that are gone (killed before they could clean up), leaving those of
 * every live process (other servers may share the temp directory). Returns the paths removed.
 */
export async function sweepOrphanedTempDirs(root: string = tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(root).catch(() => [] as string[])) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const dir = path.join(root, name);
    const owner = /^omb-file-(\d+)-/.exec(name)?.[1];
    const orphaned = owner
      ? !isAlive(Number(owner))
      : Date.now() - ((await stat(dir).catch(() => undefined))?.mtimeMs ?? Date.now()) > UNOWNED_AGE_MS;
    if (!orphaned) continue;
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's process.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `.ogg` from "voice-message.ogg"; nothing for names without a plain short extension. */
function safeExtension(name: string | undefined): string {
  const ext = path.extname(name ?? '').toLowerCase();
  return /^\.[a-z0-9]{1,8}$/.test(ext) ? ext : '';
}
