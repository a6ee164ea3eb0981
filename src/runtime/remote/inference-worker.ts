import { hostname } from 'node:os';
import { UnrecoverableError, Worker } from 'bullmq';
import { AppError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { LocalRuntime } from '../runtime.js';
import type { TaskName } from '../tasks.js';
import { decode, encode } from './codec.js';
import { failureMessage, type InferenceJob, type InferenceResult } from './remote-runtime.js';

export interface InferenceWorkerOptions {
  redisUrl: string;
  queueName: string;
  log: Logger;
  /** Jobs taken at once: enough to fill the pool's batches. */
  concurrency: number;
  /** A job whose lock is not renewed this long (the process died) goes to another worker. */
  lockMs: number;
}

/** Failures that would fail the same way again: not retried on another worker. */
const FINAL_CODES = new Set(['bad_request', 'unsupported_media', 'payload_too_large', 'content_flagged', 'not_found']);

/**
 * A worker process's side of the Redis job queue (RemoteRuntime is the gateway's): takes inference jobs and runs them on this process's pool. Inference runs
 * on worker threads, so this thread stays free to renew job locks; a worker killed mid-job stops renewing, and
 * BullMQ hands the job to another worker once the lock has expired.
 */
export function startInferenceWorker(runtime: LocalRuntime, options: InferenceWorkerOptions) {
  const worker = new Worker<InferenceJob, InferenceResult>(
    options.queueName,
    async (job) => {
      const { spec, input, priority, timeoutMs } = job.data;
      try {
        if (job.name === 'commit') return { output: null, commit: await runtime.commitOf(spec) };
        const output = await runtime.run(spec as typeof spec & { task: TaskName }, decode(input) as never, {
          priority,
          timeoutMs,
          onToken: (token) => void job.updateProgress({ token }).catch(() => {}),
        });
        return { output: encode(output), commit: runtime.revisionOf(spec) };
      } catch (error) {
        const message = failureMessage(error);
        if (error instanceof AppError && FINAL_CODES.has(error.code)) throw new UnrecoverableError(message);
        throw new Error(message);
      }
    },
    {
      connection: { url: options.redisUrl, maxRetriesPerRequest: null },
      // Recorded on each job (processedBy): which worker process ran it.
      name: `${hostname()}:${process.pid}`,
      concurrency: options.concurrency,
      lockDuration: options.lockMs,
      stalledInterval: Math.max(1000, Math.floor(options.lockMs / 2)),
      maxStalledCount: 2,
    },
  );
  worker.on('error', (err) => options.log.warn({ err }, 'inference worker: Redis error'));
  worker.on('failed', (job, err) => options.log.info({ jobId: job?.id, reason: err.message }, 'inference job failed'));
  return {
    worker,
    /** Takes no more jobs and lets those running finish. */
    close: () => worker.close(),
  };
}
