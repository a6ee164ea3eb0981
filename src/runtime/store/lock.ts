import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../errors.js';

/**
 * models.lock.json in MODELS_DIR: what was pulled, pinned like package-lock. The first pull of a repo's pinned
 * commit records the sha256 and size of every file; every later load verifies the files against this before any
 * InferenceSession is created. `omb models update --pin` records the operator's newer commit here (see pins.ts).
 */
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hex characters');

const lockedFile = z.object({ sha256, size: z.number().int().nonnegative() });

const lockedModel = z.object({
  /**
   * The commit the manifest or configuration pinned when this entry was written ("main" in entries written before
   * every model was pinned). It differs from `commit` only when the operator pinned another with
   * `omb models update --pin`.
   */
  requested: z.string().min(1),
  /** The 40-hex commit whose files are on disk. */
  commit: z.string().regex(/^[0-9a-f]{40}$/, 'must be a 40-hex commit'),
  files: z.record(z.string(), lockedFile),
  pulledAt: z.string(),
});

const lockFile = z.object({
  version: z.literal(1),
  /** Keyed by Hub repo id, e.g. "Xenova/bert-base-NER". */
  models: z.record(z.string(), lockedModel),
});

export type LockedFile = z.infer<typeof lockedFile>;
export type LockedModel = z.infer<typeof lockedModel>;
export type LockFile = z.infer<typeof lockFile>;

export const LOCK_FILE_NAME = 'models.lock.json';

export function lockPath(modelsDir: string): string {
  return path.join(modelsDir, LOCK_FILE_NAME);
}

export function readLock(modelsDir: string): LockFile {
  let text: string;
  try {
    text = readFileSync(lockPath(modelsDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, models: {} };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw damaged(modelsDir, `it is not JSON (${(error as Error).message})`);
  }
  const parsed = lockFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw damaged(modelsDir, `${issue?.path.join('.') || 'the file'}: ${issue?.message}`);
  }
  return parsed.data;
}

/**
 * A lock file that does not parse is never guessed at or overwritten: what it recorded is what proves the files on
 * disk are the ones pulled. The operator removes it and pulls again, which fetches and checks every file anew.
 */
function damaged(modelsDir: string, detail: string): AppError {
  const file = lockPath(modelsDir);
  return new AppError(
    'config_invalid',
    `${file} is damaged (${detail}): no model is loaded from ${modelsDir} until it is fixed. Remove it and run ` +
      '`omb models pull` to fetch and verify every model again.',
  );
}

/** Writes atomically (temp file + rename), so a crash never leaves half a lock file. */
export function writeLock(modelsDir: string, lock: LockFile): void {
  mkdirSync(modelsDir, { recursive: true });
  const target = lockPath(modelsDir);
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(lock, null, 2)}\n`);
  renameSync(tmp, target);
}

/** Local folder of a repo's files: MODELS_DIR/<owner>/<name>/…, the Hub's own layout below it. */
export function modelDir(modelsDir: string, repo: string): string {
  return path.join(modelsDir, ...repo.split('/'));
}
