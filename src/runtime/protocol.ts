import type { ErrorCode } from '../errors.js';
import type { ClassifierHead } from './models.js';
import type { TaskName } from './tasks.js';

/** A verified model on disk, as a worker needs it. `key` identifies it in the pool (repo@commit). */
export interface ModelHandle {
  key: string;
  dir: string;
  task: TaskName;
  /** Its files (relative paths), so a pipeline can tell which weight variant it was given. */
  files: readonly string[];
  /** Size of its weights on disk: the pool's estimate of the memory it takes when loaded. */
  bytes: number;
  /** Label names and sigmoid/softmax where the spec says them instead of the export's config (ModelSpec.classifierHead). */
  classifierHead?: ClassifierHead;
  /** The verified files of its separate latent decoder (ModelSpec.decoder), when it has one. */
  decoder?: { dir: string; files: readonly string[] };
}

export interface WorkerSetup {
  /** ORT intra-op threads per session: workers × threads never exceeds the cores. */
  threads: number;
}

/** Main thread → worker. */
export type ToWorker =
  | { op: 'run'; id: number; model: ModelHandle; inputs: unknown[] }
  | { op: 'cancel'; id: number }
  | { op: 'unload'; key: string }
  /** Shutting down: stop at the next moment no native run is in progress (see WorkerPool.close). */
  | { op: 'stop' };

/** Worker → main thread. */
export type FromWorker =
  | {
      op: 'result';
      id: number;
      outputs: unknown[];
      loadMs: number;
      inferMs: number;
      /** Inputs of the batch that failed alone (by index), their outputs left null. */
      failures?: Record<number, { code: ErrorCode; message: string }>;
    }
  | { op: 'error'; id: number; code: ErrorCode; message: string }
  | { op: 'token'; id: number; index: number; text: string }
  | { op: 'unloaded'; key: string };
