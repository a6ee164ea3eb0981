import { statSync } from 'node:fs';
import path from 'node:path';
import { modelWaitListener } from './model-waits.js';
import type { ModelSpec } from './models.js';
import type { RunOptions, WorkerPool } from './pool.js';
import type { ModelHandle } from './protocol.js';
import type { PullState } from './store/shared-pulls.js';
import type { TaskInput, TaskName, TaskOutput } from './tasks.js';

/** Where verified model files are: the model store answers this (pulling first when it may). */
export interface ModelResolver {
  resolve(spec: ModelSpec): Promise<{ dir: string; commit: string }>;
  /** Reports each step of `spec`'s downloads until the returned function is called (a store that pulls). */
  watchPull?(spec: ModelSpec, listener: (state: PullState) => void): () => void;
}

/**
 * What skills use: "run this task on this model". In one process (and in workers) that is LocalRuntime on this
 * process's pool; a gateway sends the same calls to workers through Redis (QueueRuntime).
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
 * The runtime on this process's own pool. Resolving (and verifying) a model happens once per process;
 * scheduling, batching and inference are the pool's.
 */
export class LocalRuntime implements Runtime {
  private readonly handles = new Map<string, Promise<ModelHandle>>();
  private readonly commits = new Map<string, string>();

  constructor(
    private readonly resolver: ModelResolver,
    private readonly pool: WorkerPool,
  ) {}

  async run<T extends TaskName>(
    spec: ModelSpec & { task: T },
    input: TaskInput<T>,
    options: RunOptions = {},
  ): Promise<TaskOutput<T>> {
    // A run that asked to hear of downloads (a person waiting in chat) sees the pull this call may wait for.
    const listener = modelWaitListener();
    const stop = listener && this.resolver.watchPull?.(spec, (state) => listener({ model: spec, ...state }));
    let handle: ModelHandle;
    try {
      handle = await this.handle(spec);
    } finally {
      stop?.();
    }
    return (await this.pool.run(handle, input, options)) as TaskOutput<T>;
  }

  /** The commit a model runs at, resolving (and, where allowed, pulling) it first. */
  async commitOf(spec: ModelSpec & { task: TaskName }): Promise<string> {
    await this.handle(spec);
    return this.revisionOf(spec);
  }

  /** The commit a model runs at (known once it has been resolved; the requested revision before). */
  revisionOf(spec: ModelSpec): string {
    return this.commits.get(`${spec.repo}@${spec.revision}:${spec.task}`) ?? spec.revision;
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private handle(spec: ModelSpec & { task: TaskName }): Promise<ModelHandle> {
    const id = `${spec.repo}@${spec.revision}:${spec.task}`;
    let handle = this.handles.get(id);
    if (!handle) {
      handle = this.resolver.resolve(spec).then(({ dir, commit }) => {
        this.commits.set(id, commit);
        return {
          key: `${spec.repo}@${commit.slice(0, 12)}:${spec.task}`,
          dir,
          task: spec.task,
          files: spec.files,
          bytes: spec.files
            .filter((f) => f.endsWith('.onnx') || f.endsWith('.onnx_data'))
            .reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0),
        };
      });
      // A failed resolve (offline, corrupt) must not stick: the next call tries again.
      handle.catch(() => this.handles.delete(id));
      this.handles.set(id, handle);
    }
    return handle;
  }
}
