import { statSync } from 'node:fs';
import path from 'node:path';
import { modelWaitListener } from './model-waits.js';
import type { ModelSpec, PrecisionChoice } from './models.js';
import type { RunOptions, WorkerPool } from './pool.js';
import type { ModelHandle } from './protocol.js';
import type { PullState } from './store/shared-pulls.js';
import type { TaskInput, TaskName, TaskOutput } from './tasks.js';

/**
 * A model's verified files on disk. `files` are the ones resolved: the spec's, or its fp32 graphs where an int8
 * request fell back (then `precision` says why); a resolver that leaves them out resolved the spec's own.
 */
export interface ResolvedModel {
  dir: string;
  commit: string;
  files?: readonly string[];
  precision?: PrecisionChoice | undefined;
}

/** Where verified model files are: the model store answers this (pulling first when it may). */
export interface ModelResolver {
  resolve(spec: ModelSpec): Promise<ResolvedModel>;
  /** Reports each step of `spec`'s downloads until the returned function is called (a store that pulls). */
  watchPull?(spec: ModelSpec, listener: (state: PullState) => void): () => void;
}

/**
 * What skills use: "run this task on this model". In one process (and in workers) that is LocalRuntime on this
 * process's pool; a gateway sends the same calls to workers through Redis (RemoteRuntime).
 */
export interface Runtime {
  run<T extends TaskName>(
    spec: ModelSpec & { task: T },
    input: TaskInput<T>,
    options?: RunOptions,
  ): Promise<TaskOutput<T>>;
  /** The commit a model runs at, resolving (and, where allowed, pulling) it first. */
  commitOf(spec: ModelSpec & { task: TaskName }): Promise<string>;
  /** The commit a model runs at (known once it has been resolved; the requested revision before). */
  revisionOf(spec: ModelSpec): string;
  close(): Promise<void>;
}

/**
 * The runtime on this process's own pool. A model is resolved (and verified) before its first load, and again
 * before any reload after the pool let it go (idle unload, memory budget, a dead worker): the store re-hashes
 * only files whose size or mtime changed since they were verified, so an untouched model costs a stat, and a
 * file swapped on disk meanwhile is refused instead of loaded. Scheduling, batching and inference are the pool's.
 */
export class LocalRuntime implements Runtime {
  private readonly handles = new Map<string, Promise<ModelHandle>>();
  private readonly commits = new Map<string, string>();
  /** Models that ran since they were last verified: if the pool no longer holds one, it is verified again. */
  private readonly ranSinceVerified = new Set<string>();
  private readonly rechecks = new Map<string, Promise<void>>();

  constructor(
    private readonly resolver: ModelResolver,
    private readonly pool: WorkerPool,
  ) {}

  async run<T extends TaskName>(
    spec: ModelSpec & { task: T },
    input: TaskInput<T>,
    options: RunOptions = {},
  ): Promise<TaskOutput<T>> {
    const id = handleId(spec);
    let handle = await this.waitingForDownloads(spec);
    if (this.ranSinceVerified.has(id) && this.pool.placement().get(handle.key) === undefined) {
      await this.recheck(spec, id);
      handle = await this.waitingForDownloads(spec);
    }
    const output = (await this.pool.run(handle, input, options)) as TaskOutput<T>;
    this.ranSinceVerified.add(id);
    return output;
  }

  /** One verification for all the calls that find the model unloaded; a failure drops the handle. */
  private recheck(spec: ModelSpec & { task: TaskName }, id: string): Promise<void> {
    let pending = this.rechecks.get(id);
    if (!pending) {
      pending = this.resolveWithDecoder(spec)
        .then(
          ([main, decoder]) => {
            // The lock file moved to another commit meanwhile: the next handle loads that one.
            const moved = (s: ModelSpec, commit: string) => commit !== this.commits.get(idOf(s));
            if (moved(spec, main.commit) || (spec.decoder && decoder && moved(spec.decoder, decoder.commit))) {
              this.handles.delete(id);
            }
          },
          (error: unknown) => {
            this.handles.delete(id);
            throw error;
          },
        )
        .finally(() => {
          this.rechecks.delete(id);
          this.ranSinceVerified.delete(id);
        });
      this.rechecks.set(id, pending);
    }
    return pending;
  }

  /** The model's handle; a run that asked to hear of downloads (a person waiting in chat) sees the pull it waits for. */
  private async waitingForDownloads(spec: ModelSpec & { task: TaskName }): Promise<ModelHandle> {
    const listener = modelWaitListener();
    const stop = listener && this.resolver.watchPull?.(spec, (state) => listener({ model: spec, ...state }));
    try {
      return await this.handle(spec);
    } finally {
      stop?.();
    }
  }

  /** The commit a model runs at, resolving (and, where allowed, pulling) it first. */
  async commitOf(spec: ModelSpec & { task: TaskName }): Promise<string> {
    await this.handle(spec);
    return this.revisionOf(spec);
  }

  /** The commit a model runs at (known once it has been resolved; the requested revision before). */
  revisionOf(spec: ModelSpec): string {
    return this.commits.get(idOf(spec)) ?? spec.revision;
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  /** The model's files and, for an image model with a separate decoder (TAESD), the decoder's: both verified. */
  private resolveWithDecoder(spec: ModelSpec) {
    return Promise.all([this.resolver.resolve(spec), spec.decoder && this.resolver.resolve(spec.decoder)]);
  }

  private handle(spec: ModelSpec & { task: TaskName }): Promise<ModelHandle> {
    const id = handleId(spec);
    let handle = this.handles.get(id);
    if (!handle) {
      handle = this.resolveWithDecoder(spec).then(([{ dir, commit, files = spec.files, precision }, decoded]) => {
        this.commits.set(idOf(spec), commit);
        const decoder = spec.decoder &&
          decoded && { spec: spec.decoder, ...decoded, files: decoded.files ?? spec.decoder.files };
        if (decoder) this.commits.set(idOf(decoder.spec), decoder.commit);
        // int8 and fp32 graphs of one commit are different models to the pool.
        const variant = (precision ?? spec.precision)?.value === 'int8' ? ':int8' : '';
        return {
          key:
            `${spec.repo}@${commit.slice(0, 12)}:${spec.task}${variant}` +
            (decoder ? `+${decoder.spec.repo}@${decoder.commit.slice(0, 12)}` : ''),
          dir,
          task: spec.task,
          files,
          bytes: weightBytes(dir, files) + (decoder ? weightBytes(decoder.dir, decoder.files) : 0),
          ...(decoder ? { decoder: { dir: decoder.dir, files: decoder.files } } : {}),
          ...(spec.classifierHead ? { classifierHead: spec.classifierHead } : {}),
        };
      });
      // A failed resolve (offline, corrupt) must not stick: the next call tries again.
      handle.catch(() => this.handles.delete(id));
      this.handles.set(id, handle);
    }
    return handle;
  }
}

function idOf(spec: ModelSpec): string {
  return `${spec.repo}@${spec.revision}:${spec.task}${spec.precision?.value === 'int8' ? ':int8' : ''}`;
}

/** A loaded model is the model and its separate decoder, if it has one: the same image model with another is another. */
function handleId(spec: ModelSpec): string {
  return spec.decoder ? `${idOf(spec)}+${idOf(spec.decoder)}` : idOf(spec);
}

function weightBytes(dir: string, files: readonly string[]): number {
  return files
    .filter((f) => f.endsWith('.onnx') || f.endsWith('.onnx_data'))
    .reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0);
}
