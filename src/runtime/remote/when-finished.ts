import type { EventEmitter } from 'node:events';
import type { Job, Queue, QueueEvents } from 'bullmq';

/** The least time between two reads of a job's state (a read that fails at once is not retried in a tight loop). */
const REREAD_MS = 200;

/**
 * The job's result once it finishes: its completed or failed event, or (it may have finished before we listened)
 * its state, read once the events connection is listening. A read that fails because Redis went away is tried
 * again once the queue's connection is ready again, and the events keep being heard meanwhile: a job that outlives a
 * Redis restart is still answered. (BullMQ's own `Job.waitUntilFinished` reads that state inside an async Promise
 * executor, so a Redis error there escaped as an unhandled rejection, which ends a Node process.)
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
  return new Promise<R>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: { value: R } | { error: Error }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      events.off(completed, onCompleted);
      events.off(failed, onFailed);
      closing.off('closing', onClosing);
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome.value);
    };
    const onCompleted = ({ returnvalue }: { returnvalue: unknown }) => settle({ value: returnvalue as R });
    const onFailed = ({ failedReason }: { failedReason: string }) => settle({ error: new Error(failedReason) });
    // Shutting down: nobody will hear the job finish.
    const onClosing = () => onFailed({ failedReason: 'the inference queue is closing' });
    const timer = setTimeout(
      () =>
        settle({
          error: new Error(`Job wait timed out before finishing, no finish notification arrived after ${ttlMs}ms`),
        }),
      ttlMs,
    );
    events.on(completed, onCompleted);
    events.on(failed, onFailed);
    closing.on('closing', onClosing);

    const readState = async (): Promise<void> => {
      while (!settled) {
        const startedAt = Date.now();
        try {
          const outcome = await finishedOutcome<R>(queue, job, id);
          if (outcome) settle(outcome);
          return;
        } catch {
          await Promise.all([
            connected(await queue.client),
            new Promise((r) => setTimeout(r, REREAD_MS - (Date.now() - startedAt))),
          ]);
        }
      }
    };
    void readState();
  });
}

/** The outcome of a job that has already finished, or undefined while it runs; throws when Redis can't be read. */
async function finishedOutcome<R>(queue: Queue, job: Job<unknown, R>, id: string) {
  const state = await job.getState();
  if (state !== 'completed' && state !== 'failed') return undefined;
  const now = await queue.getJob(id);
  if (state === 'failed') return { error: new Error(now?.failedReason ?? 'the job failed') };
  return { value: now?.returnvalue as R };
}

/** What is needed of an ioredis connection (BullMQ's client type and ioredis' own both have it). */
type Connection = { readonly status: string; once(event: 'ready', listener: () => void): unknown };

const readyWaits = new WeakMap<Connection, Promise<void>>();

/** Resolves when the connection is ready; waits in progress share one listener (a hundred would leak warnings). */
export function connected(connection: Connection): Promise<void> {
  if (connection.status === 'ready') return Promise.resolve();
  let wait = readyWaits.get(connection);
  if (!wait) {
    wait = new Promise<void>((resolve) =>
      connection.once('ready', () => {
        readyWaits.delete(connection);
        resolve();
      }),
    );
    readyWaits.set(connection, wait);
  }
  return wait;
}
