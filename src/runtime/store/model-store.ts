import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.js';
import type { Disk } from '../../disk.js';
import { AppError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { isPinnedRevision, type ModelSpec } from '../models.js';
import { int8GraphsOf } from '../precision.js';
import type { ModelResolver, ResolvedModel } from '../runtime.js';
import { bundledDir, bundledLock, bundledStatus, isBundled, resolveBundled } from './bundled.js';
import { downloadFile, PublishedHashMismatch } from './download.js';
import { withFileLock } from './file-lock.js';
import { fetchCommit } from './hub-api.js';
import { Int8Fallbacks, MissingInt8Graph } from './int8-fallback.js';
import { type LockedFile, type LockedModel, lockPath, modelDir, readLock, writeLock } from './lock.js';
import { pinnedCommit, publishedSha256 } from './pins.js';
import { type PullState, SharedPulls } from './shared-pulls.js';
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
  /** Where downloads are written (default: the real filesystem). */
  disk?: Disk;
}

/** `outdated`: files of another commit are on disk (an older pin); a pull fetches the pinned one. */
export type ModelStatus = 'missing' | 'partial' | 'outdated' | 'ready' | 'corrupt';

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

export interface PullOptions {
  /** Fetch every file again (still the pinned commit: moving the pin is `omb models update --pin`). */
  update?: boolean;
  onProgress?: (p: PullProgress) => void;
  /** Pin this commit instead of the configured one (`omb models update --pin`), with the sha256 the Hub lists. */
  pin?: { commit: string; sha256: Readonly<Record<string, string>> };
}

/**
 * Pinned, verified model files. Every model names a 40-hex commit (nothing is pulled by branch); the first pull
 * checks each file against the sha256 published for that commit, where there is one, and records sha256 and size of
 * every file in models.lock.json. Every load verifies the files against it before anything may build an inference
 * session from them. Offline, nothing is fetched and a missing file is named.
 */
export class ModelStore implements ModelResolver {
  private readonly verifier = new Verifier();
  private readonly pulls = new SharedPulls<LockedModel>();
  private readonly verified = new Set<string>();
  private readonly int8 = new Int8Fallbacks();

  constructor(private readonly options: ModelStoreOptions) {}

  get modelsDir(): string {
    return this.options.modelsDir;
  }

  dirOf(spec: ModelSpec): string {
    if (isBundled(spec)) return bundledDir(spec);
    return modelDir(this.options.modelsDir, spec.repo);
  }

  /**
   * The verified files of `spec`; an int8 request the export (or, offline, the disk) cannot serve resolves the fp32
   * graphs instead, with the reason (see int8-fallback.ts): `files` and `precision` say which were resolved.
   */
  async resolve(spec: ModelSpec): Promise<ResolvedModel> {
    if (isBundled(spec)) return this.resolveFiles(spec);
    const commit = this.commitOf(spec);
    const known = this.int8.known(spec, commit);
    if (known) return this.resolveFiles(known);
    let fp32 = this.options.offline ? this.int8.offline(spec, this.dirOf(spec), commit) : undefined;
    if (!fp32) {
      try {
        return await this.resolveFiles(spec);
      } catch (error) {
        fp32 = this.int8.afterPull(spec, commit, error);
        if (!fp32) throw error;
      }
    }
    this.options.log.warn({ model: spec.id, repo: spec.repo, reason: fp32.precision?.reason }, 'running fp32');
    return this.resolveFiles(fp32);
  }

  /** pull() as resolve() does it: where the export lacks an int8 graph, the fp32 graphs, and the spec pulled. */
  async pullAny(spec: ModelSpec, options: PullOptions = {}): Promise<{ entry: LockedModel; spec: ModelSpec }> {
    const commit = this.commitOf(spec);
    const known = this.int8.known(spec, commit);
    if (known) return { entry: await this.pull(known, options), spec: known };
    try {
      return { entry: await this.pull(spec, options), spec };
    } catch (error) {
      const fp32 = this.int8.afterPull(spec, commit, error);
      if (!fp32) throw error;
      this.options.log.warn({ model: spec.id, repo: spec.repo, reason: fp32.precision?.reason }, 'running fp32');
      return { entry: await this.pull(fp32, options), spec: fp32 };
    }
  }

  /** The spec as this store resolves it: the fp32 graphs where an int8 request falls back (for listings). */
  effective(spec: ModelSpec): ModelSpec {
    if (isBundled(spec) || !isPinnedRevision(spec.revision)) return spec;
    const commit = this.commitOf(spec);
    const offline = () => (this.options.offline ? this.int8.offline(spec, this.dirOf(spec), commit, false) : undefined);
    return this.int8.known(spec, commit) ?? offline() ?? spec;
  }

  private async resolveFiles(spec: ModelSpec): Promise<ResolvedModel> {
    const resolved = { files: spec.files, precision: spec.precision };
    if (isBundled(spec)) {
      const bundled = await resolveBundled(spec, this.verifier);
      this.verified.add(spec.repo);
      return { ...bundled, ...resolved };
    }
    const dir = this.dirOf(spec);
    const entry = readLock(this.options.modelsDir).models[spec.repo];
    const commit = pinnedCommit(spec, entry);
    // Files of another commit (an older pin, or the operator changed it) must be fetched anew.
    let locked = entry?.commit === commit ? entry : undefined;
    const missing = spec.files.filter((f) => !existsSync(path.join(dir, f)));
    if (!locked || missing.length > 0) {
      if (this.options.offline) throw this.offlineError(spec, locked ? missing : [...spec.files], entry, commit);
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
    this.verified.add(spec.repo);
    return { dir, commit: locked.commit, ...resolved };
  }

  /**
   * Downloads what is missing of the pinned commit (`pin` names another one to pin instead), checking each file
   * against the sha256 published for that commit, or recorded for it by an earlier pull, before it is kept.
   */
  async pull(spec: ModelSpec, options: PullOptions = {}): Promise<LockedModel> {
    if (isBundled(spec)) return resolveBundled(spec, this.verifier).then(() => bundledLock(spec));
    pinnedCommit(spec, undefined); // refuses an unpinned spec before anything else
    if (this.options.offline) throw this.offlineError(spec, [...spec.files]);
    // Requests that find a model missing at once share one pull (a re-fetch or a new pin is its own).
    if (options.update || options.pin) return this.pullNow(spec, options);
    return this.pulls.run(spec.repo, (report) => this.pullNow(spec, options, report));
  }

  /** The running pull of `spec`, if one runs: bytes done and (once the Hub said the sizes) in all. */
  pulling(spec: ModelSpec): PullState | undefined {
    return this.pulls.state(spec.repo);
  }

  /** Reports each step of `spec`'s pulls (one started later too) until the returned function is called. */
  watchPull(spec: ModelSpec, listener: (state: PullState) => void): () => void {
    return this.pulls.watch(spec.repo, listener);
  }

  /** Whether `spec` passed a full verification in this process (and its files are still the ones verified). */
  isVerified(spec: ModelSpec): boolean {
    return this.verified.has(spec.repo) && this.status(this.effective(spec)) === 'ready';
  }

  private async pullNow(
    spec: ModelSpec,
    options: PullOptions,
    report?: (state: PullState) => void,
  ): Promise<LockedModel> {
    const dir = this.dirOf(spec);
    mkdirSync(dir, { recursive: true });
    return withFileLock(path.join(dir, '.pull.lock'), async () => {
      const previous = readLock(this.options.modelsDir).models[spec.repo];
      const commit = options.pin?.commit ?? pinnedCommit(spec, previous);
      const sameCommit = previous?.commit === commit;
      const published = options.pin?.sha256 ?? publishedSha256(spec, commit);
      // Files already on disk are kept only if they belong to the commit being pulled.
      const files: Record<string, LockedFile> = sameCommit && !options.update ? { ...previous.files } : {};
      const progress = report && (await this.progressOf(spec, commit, report));
      const int8Graphs = int8GraphsOf(spec);
      for (const file of spec.files) {
        const target = path.join(dir, file);
        if (files[file] && existsSync(target)) {
          progress?.fileDone(file, files[file].size);
          continue;
        }
        mkdirSync(path.dirname(target), { recursive: true });
        // A commit's files never change: a fetch-again must give what the lock file recorded for it.
        const expected = published[file] ?? (sameCommit ? previous.files[file]?.sha256 : undefined);
        const url = `${this.options.endpoint.replace(/\/$/, '')}/${spec.repo}/resolve/${commit}/${file}`;
        const got = await downloadFile(url, target, {
          token: this.options.token,
          idleTimeoutMs: this.options.idleTimeoutMs ?? 30_000,
          retries: this.options.retries ?? 3,
          sha256: expected,
          onBytes: (done, total) => {
            options.onProgress?.({ file, done, total });
            progress?.fileBytes(file, done);
          },
          disk: this.options.disk,
        }).catch((error: unknown) => {
          if (error instanceof PublishedHashMismatch) throw this.mismatchError(spec, commit, file, error);
          const int8Graph = error instanceof AppError && error.code === 'not_found' && int8Graphs.includes(file);
          throw int8Graph ? new MissingInt8Graph(file, { cause: error }) : error;
        });
        if (got.commit && got.commit !== commit) {
          throw new AppError('unavailable', `the Hub answered ${got.commit} when asked for ${spec.repo}@${commit}`);
        }
        files[file] = { sha256: got.sha256, size: got.size };
        progress?.fileDone(file, got.size);
      }
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
    return locked.commit === this.commitOf(spec) ? 'ready' : 'outdated';
  }

  /** The commit this server runs for `spec` (see pins.ts), known before anything is pulled. */
  commitOf(spec: ModelSpec): string {
    if (isBundled(spec)) return bundledLock(spec).commit;
    return pinnedCommit(spec, readLock(this.options.modelsDir).models[spec.repo]);
  }

  /** A full check (every byte hashed): the problems, empty when the model is intact. */
  async verify(spec: ModelSpec): Promise<string[]> {
    if (isBundled(spec)) return new Verifier().problems(this.dirOf(spec), spec.files, bundledLock(spec));
    const locked = readLock(this.options.modelsDir).models[spec.repo];
    if (!locked) return ['not pulled'];
    const commit = pinnedCommit(spec, locked);
    if (locked.commit !== commit) return [`${locked.commit} is on disk, ${commit} is pinned: pull it`];
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

  /**
   * Byte progress over all of a model's files. The sizes come from the Hub's model API (one request; without it
   * the total stays unknown and only the bytes done are reported).
   */
  private async progressOf(spec: ModelSpec, commit: string, report: (state: PullState) => void) {
    const sizes: (number | undefined)[] = await fetchCommit(spec.repo, commit, {
      endpoint: this.options.endpoint,
      token: this.options.token,
      timeoutMs: 10_000,
    }).then(
      ({ files }) => spec.files.map((f) => files.get(f)?.lfs?.size ?? files.get(f)?.size),
      (err: unknown) => {
        this.options.log.debug({ err, repo: spec.repo }, 'no file sizes from the Hub: progress without a total');
        return [];
      },
    );
    const known = sizes.filter((n): n is number => n !== undefined);
    const total = sizes.length && known.length === sizes.length ? known.reduce((a, b) => a + b, 0) : undefined;
    const bytes = new Map<string, number>();
    const send = () => report({ done: [...bytes.values()].reduce((a, b) => a + b, 0), total });
    return {
      fileBytes(file: string, done: number) {
        bytes.set(file, done);
        send();
      },
      fileDone(file: string, size: number) {
        bytes.set(file, size);
        send();
      },
    };
  }

  private offlineError(spec: ModelSpec, missing: readonly string[], entry?: LockedModel, commit?: string): AppError {
    const dir = this.dirOf(spec);
    const other =
      entry && commit && entry.commit !== commit
        ? `${path.basename(lockPath(this.options.modelsDir))} has ${spec.repo} at ${entry.commit}, but ${commit} is pinned`
        : `missing ${missing.join(', ')} in ${dir}`;
    return new AppError(
      'unavailable',
      `the ${spec.id} model is not available offline (MODELS_OFFLINE=1): ${other}. ` +
        `Fetch it with \`omb models pull ${spec.id}\` where the Hub is reachable, or copy the files and ` +
        `${path.basename(lockPath(this.options.modelsDir))} into ${this.options.modelsDir}.`,
    );
  }

  private mismatchError(spec: ModelSpec, commit: string, file: string, error: PublishedHashMismatch): AppError {
    return new AppError(
      'unavailable',
      `the ${spec.id} model (${spec.repo}@${commit}) was refused: ${file} is not the file published for that ` +
        `commit (${error.by === 'header' ? 'the Hub states' : 'it has'} sha256 ${error.actual}, the published one is ` +
        `${error.published}). It was not kept and nothing was recorded in models.lock.json.`,
      { cause: error },
    );
  }
}
