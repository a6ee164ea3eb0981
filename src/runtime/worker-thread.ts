import { Worker } from 'node:worker_threads';
import type { WorkerSetup } from './protocol.js';

/**
 * Built code runs worker.js. From source (tests, `npm run dev`, benchmarks) the worker is TypeScript: a small
 * bootstrap registers tsx inside the new thread (workers do not take --import), then loads worker.ts.
 */
export function createWorker(setup: WorkerSetup): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./worker.js', import.meta.url), { workerData: setup });
  }
  const entry = JSON.stringify(new URL('./worker.ts', import.meta.url).href);
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${entry}); });`;
  return new Worker(bootstrap, { eval: true, workerData: setup });
}
