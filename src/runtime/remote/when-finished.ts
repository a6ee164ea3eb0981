import type { EventEmitter } from 'node:events';
import type { Job, Queue, QueueEvents } from 'bullmq';

/**
 * The job's result once it finishes: its completed or failed event, or (it may have finished before we listened)
 * its state read once the events connection is listening. BullMQ's own `Job.waitUntilFinished` reads that state
 * inside an async Promise executor, so a Redis error there (a connection dropped mid-call) escapes as an unhandled
 * rejection, which ends a Node process; here it rejects the wait, and the caller answers with a reason.
 */
export async function whenFinished<R>(
  queue: Queue,
  job: Job<unknown, R>,
  queueEvents: QueueEvents,
  ttlMs: number,
): Promise<R> {
  await queueEvents.waitUntilReady();
  // Per-job events (`completed:<id>`) and the queue's 'closing' are emitted but not in BullMQ's typed event maps.
  const events: EventEmitter = queueEvents;
  const closing: EventEmitter = queue;
  const id = String(job.id);
  const [completed, failed] = [`completed:${id}`, `failed:${id}`];
  let stop = () => {};
  const heard = new Promise<R>((resolve, reject) => {
    const onCompleted = ({ returnvalue }: { returnvalue: unknown }) => {
      stop();
      resolve(returnvalue as R);
    };
    const onFailed = ({ failedReason }: { failedReason: string }) => {
      stop();
      reject(new Error(failedReason));
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`Job wait timed out before finishing, no finish notification arrived after ${ttlMs}ms`));
    }, ttlMs);
    // Shutting down: nobody will hear the job finish.
    const onClosing = () => onFailed({ failedReason: 'the inference queue is closing' });
    events.on(completed, onCompleted);
    events.on(failed, onFailed);
    closing.on('closing', onClosing);
    stop = () => {
      clearTimeout(timer);
      events.off(completed, onCompleted);
      events.off(failed, onFailed);
      closing.off('closing', onClosing);
    };
  });
  heard.catch(() => {}); // settled while the state is read below: its outcome is the state's, not a stray rejection
  try {
    const state = await job.getState();
    if (state === 'completed' || state === 'failed') {
      stop();
      const now = await queue.getJob(id);
      if (state === 'failed') throw new Error(now?.failedReason ?? 'the job failed');
      return now?.returnvalue as R;
    }
  } catch (error) {
    stop();
    throw error;
  }
  return heard;
}
