import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.js';
import { AppError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { isPinnedRevision, type ModelSpec } from '../models.js';
import type { ModelResolver } from '../runtime.js';
import { bundledDir, bundledLock, bundledStatus, isBundled, resolveBundled } from './bundled.js';
import { downloadFile } from './download.js';
import { withFileLock } from './file-lock.js';
import { type LockedFile, lockPath, modelDir, readLock, writeLock } from './lock.js';
import { Verifier } from './verify.js';

export interface ModelStoreOptions {
  modelsDir: string;
  /** HF_ENDPOINT: the Hub or a mirror. */
  endpoint: string;
  token?: string | undefined;
  /** MODELS_OFFLINE: never touch the network. */
  offline: boolean;
  log: Logger;
  idleTimeoutMs?: number;
  retries?: number;
}

export type ModelStatus = 'missing' | 'partial' | 'ready' | 'corrupt';

/** The store as the configuration describes it (MODELS_DIR, HF_ENDPOINT, HF_TOKEN, MODELS_OFFLINE). */
export function storeFromConfig(config: Config, log: Logger): ModelStore {
  return new ModelStore({
    modelsDir: config.modelsDir,
    endpoint: config.HF_ENDPOINT,
    token: config.HF_TOKEN,
    offline: config.MODELS_OFFLINE,
    log,
  });
}

export interface PullProgress {
  file: string;
  done: number;
  total: number | undefined;
}

/**
 * Pinned, verified model files. The first pull of a repo resolves its revision to a commit and records commit,
 * sha256 and size of every file in models.lock.json; every load verifies the files against it before anything
 * may build an inference session from them. Offline, nothing is fetched and a missing file is named.
 */
export class ModelStore implements ModelResolver {
  private readonly verifier = new Verifier();

  constructor(private readonly options: ModelStoreOptions) {}

  get modelsDir(): string {
    return this.options.modelsDir;
  }

  dirOf(spec: ModelSpec): string {
    if (isBundled(spec)) return bundledDir(spec);
    return modelDir(this.options.modelsDir, spec.repo);
  }

  async resolve(spec: ModelSpec): Promise<{ dir: string; commit: string }> {
    if (isBundled(spec)) return resolveBundled(spec, this.verifier);
    const dir = this.dirOf(spec);
    let locked = readLock(this.options.modelsDir).models[spec.repo];
    const missing = spec.files.filter((f) => !existsSync(path.join(dir, f)));
    // A spec pinned to a commit other than the one on disk (the operator changed it) must be fetched anew.
    if (locked && isPinnedRevision(spec.revision) && locked.commit !== spec.revision) locked = undefined;
    if (!locked || missing.length > 0) {
      if (this.options.offline) throw this.offlineError(spec, locked ? missing : [...spec.files]);
      locked = await this.pull(spec);
    }
    const problems = await this.verifier.problems(dir, spec.files, locked);
    if (problems.length > 0) {
      throw new AppError(
        'unavailable',
        `the ${spec.id} model (${spec.repo}) failed verification and was not loaded: ${problems.join('; ')}. ` +
          `Run \`omb models pull ${spec.id} --update\` to fetch it again.`,
      );
    }
    return { dir, commit: locked.commit };
  }

  /**
   * Downloads what is missing. Once a repo is locked, its locked commit is fetched (never the moving branch)
   * unless `update` asks to re-resolve the revision.
   */
  async pull(spec: ModelSpec, options: { update?: boolean; onProgress?: (p: PullProgress) => void } = {}) {
    if (isBundled(spec)) return resolveBundled(spec, this.verifier).then(() => bundledLock(spec));
    if (this.options.offline) throw this.offlineError(spec, [...spec.files]);
    const dir = this.dirOf(spec);
    mkdirSync(dir, { recursive: true });
    return withFileLock(path.join(dir, '.pull.lock'), async () => {
      const previous = readLock(this.options.modelsDir).models[spec.repo];
      let commit = isPinnedRevision(spec.revision)
        ? spec.revision
        : options.update || !previous
          ? undefined
          : previous.commit;
      // Files already on disk are kept only if they belong to the commit being pulled.
      const files: Record<string, LockedFile> =
        previous && previous.commit === commit && !options.update ? { ...previous.files } : {};
      for (const file of spec.files) {
        const target = path.join(dir, file);
        if (files[file] && existsSync(target)) continue;
        mkdirSync(path.dirname(target), { recursive: true });
        const url = `${this.options.endpoint.replace(/\/$/, '')}/${spec.repo}/resolve/${commit ?? spec.revision}/${file}`;
        const got = await downloadFile(url, target, {
          token: this.options.token,
          idleTimeoutMs: this.options.idleTimeoutMs ?? 30_000,
          retries: this.options.retries ?? 3,
          onBytes: (done, total) => options.onProgress?.({ file, done, total }),
        });
        if (!got.commit && !commit) {
          throw new AppError(
            'unavailable',
            `the Hub did not say which commit ${spec.repo}@${spec.revision} is (no X-Repo-Commit)`,
          );
        }
        if (got.commit && commit && got.commit !== commit) {
          throw new AppError(
            'unavailable',
            `${spec.repo} changed while downloading (${commit} then ${got.commit}); pull again`,
          );
        }
        commit ??= got.commit;
        files[file] = { sha256: got.sha256, size: got.size };
      }
      if (!commit) throw new AppError('unavailable', `no commit known for ${spec.repo}`);
      const entry = { requested: spec.revision, commit, files, pulledAt: new Date().toISOString() };
      await withFileLock(`${lockPath(this.options.modelsDir)}.lock`, async () => {
        const lock = readLock(this.options.modelsDir);
        lock.models[spec.repo] = entry;
        writeLock(this.options.modelsDir, lock);
      });
      this.options.log.info({ repo: spec.repo, commit }, 'model pulled');
      return entry;
    });
  }

  /** A cheap look (no hashing) for listings. */
  status(spec: ModelSpec): ModelStatus {
    if (isBundled(spec)) return bundledStatus(spec);
    const dir = this.dirOf(spec);
    const locked = readLock(this.options.modelsDir).models[spec.repo];
    const present = spec.files.filter((f) => existsSync(path.join(dir, f)));
    if (present.length === 0)
      return spec.files.some((f) => existsSync(path.join(dir, `${f}.part`))) ? 'partial' : 'missing';
    if (!locked || present.length < spec.files.length) return 'partial';
    return 'ready';
  }

  /** A full check (every byte hashed): the problems, empty when the model is intact. */
  async verify(spec: ModelSpec): Promise<string[]> {
    if (isBundled(spec)) return new Verifier().problems(this.dirOf(spec), spec.files, bundledLock(spec));
    const locked = readLock(this.options.modelsDir).models[spec.repo];
    if (!locked) return ['not pulled'];
    return new Verifier().problems(this.dirOf(spec), spec.files, locked);
  }

  /** Removes a model's files and lock entry (before a clean re-pull). */
  async remove(spec: ModelSpec): Promise<void> {
    if (isBundled(spec)) return; // never delete an installed package
    rmSync(this.dirOf(spec), { recursive: true, force: true });
    await withFileLock(`${lockPath(this.options.modelsDir)}.lock`, async () => {
      const lock = readLock(this.options.modelsDir);
      delete lock.models[spec.repo];
      writeLock(this.options.modelsDir, lock);
    });
  }

  private offlineError(spec: ModelSpec, missing: readonly string[]): AppError {
    const dir = this.dirOf(spec);
    return new AppError(
      'unavailable',
      `the ${spec.id} model is not available offline (MODELS_OFFLINE=1): missing ${missing.join(', ')} in ${dir}. ` +
        `Fetch it with \`omb models pull ${spec.id}\` where the Hub is reachable, or copy the files and ` +
        `${path.basename(lockPath(this.options.modelsDir))} into ${this.options.modelsDir}.`,
    );
  }
}
