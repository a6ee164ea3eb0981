import type { Worker } from 'node:worker_threads';
import { moduleWorker, siblingModule } from '../threads.js';
import type { WorkerSetup } from './protocol.js';

const ENTRY = siblingModule('worker', import.meta.url);

/** An inference worker (worker.ts/.js beside this module) set up with `setup`. */
export function createWorker(setup: WorkerSetup): Worker {
  return moduleWorker(ENTRY, { workerData: setup });
}
