import type { Worker } from 'node:worker_threads';
import { moduleWorker, siblingModule } from '../threads.js';
import type { ToWorker, WorkerSetup } from './protocol.js';

const ENTRY = siblingModule('worker', import.meta.url);

/** An inference worker (worker.ts/.js beside this module) set up with `setup`. */
export function createWorker(setup: WorkerSetup): Worker {
  return moduleWorker(ENTRY, { workerData: setup });
}

/** How long a stopping worker may finish the native run it is in before it is terminated anyway. */
const STOP_WAIT_MS = 5000;

/**
 * Ends a worker between native runs: terminating it while onnxruntime runs aborts the process ("terminate called
 * after throwing an instance of 'Napi::Error'"), so it is asked to stop and only terminated if it does not.
 */
export async function stopWorker(worker: Worker): Promise<void> {
  if (worker.threadId === -1) return; // already gone
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.postMessage({ op: 'stop' } satisfies ToWorker);
  let timer: NodeJS.Timeout | undefined;
  const overdue = new Promise<void>((resolve) => {
    timer = setTimeout(() => void worker.terminate().finally(resolve), STOP_WAIT_MS);
  });
  await Promise.race([exited, overdue]);
  clearTimeout(timer);
}

/** The buffers of an input's own typed arrays (views of part of a larger buffer are copied, not moved). */
export function transferables(input: unknown): ArrayBuffer[] {
  const values = ArrayBuffer.isView(input) ? [input] : typeof input === 'object' && input ? Object.values(input) : [];
  return values.flatMap((v: unknown) =>
    ArrayBuffer.isView(v) &&
    v.buffer instanceof ArrayBuffer &&
    v.byteOffset === 0 &&
    v.byteLength === v.buffer.byteLength
      ? [v.buffer]
      : [],
  );
}
