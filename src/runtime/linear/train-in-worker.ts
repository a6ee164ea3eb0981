import { AppError } from '../../errors.js';
import { moduleWorker, siblingModule } from '../../threads.js';
import type { TrainedHead, TrainJob } from './train-head.js';

export type { TrainedHead, TrainJob } from './train-head.js';

const ENTRY = siblingModule('train-worker', import.meta.url);

export interface TrainLimits {
  timeoutMs: number;
  memoryMb: number;
}

/**
 * Trains a head in a worker thread of its own: thousands of rows × 384 dimensions, fitted k + 1 times, is seconds of
 * arithmetic the event loop must not wait on. The worker lives for one job (training is rare) and is ended after it,
 * or when it overruns `timeoutMs`.
 */
export function trainInWorker(job: TrainJob, limits: TrainLimits): Promise<TrainedHead> {
  const worker = moduleWorker(ENTRY, { resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb } });
  return new Promise<TrainedHead>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new AppError('unavailable', `training took longer than ${Math.round(limits.timeoutMs / 1000)} s`)),
      limits.timeoutMs,
    );
    const done = () => {
      clearTimeout(timer);
      void worker.terminate();
    };
    worker.once('message', (answer: { ok: true; head: TrainedHead } | { ok: false; message: string }) => {
      done();
      if (answer.ok) resolve(answer.head);
      else reject(new AppError('internal', `training failed: ${answer.message}`));
    });
    worker.once('error', (error) => {
      done();
      reject(new AppError('internal', `the training worker failed: ${error.message}`));
    });
    worker.once('exit', () => {
      clearTimeout(timer);
      reject(new AppError('internal', 'the training worker stopped before answering'));
    });
    // The features are moved, not copied: the caller built them for this job only.
    worker.postMessage(job, [job.x.buffer as ArrayBuffer, job.y.buffer as ArrayBuffer]);
  }).finally(() => void worker.terminate());
}
