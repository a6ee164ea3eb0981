import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { AppError, type ErrorCode } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { ModelSpec } from '../models.js';
import type { RunOptions } from '../pool.js';
import type { Runtime } from '../runtime.js';
import type { Priority, TaskInput, TaskName, TaskOutput } from '../tasks.js';
import { decode, encode } from './codec.js';
import { nextJobId } from './job-scope.js';
import { connected, whenFinished } from './when-finished.js';

/** What a job carries: the model, the encoded input, and how urgent it is. */
export interface InferenceJob {
  spec: ModelSpec & { task: TaskName };
  input: unknown;
  priority: Priority;
  timeoutMs?: number | undefined;
}

/** What a worker answers: the encoded output and the commit the model ran at. */
export interface InferenceResult {
  output: unknown;
  commit: string;
}

/** BullMQ priorities: lower runs first (1 is the highest); people waiting before moderation before ingestion. */
export const JOB_PRIORITY: Record<Priority, number> = { interactive: 1, background: 5, ingestion: 10 };

export interface RemoteRuntimeOptions {
  redisUrl: string;
  queueName: string;
  log: Logger;
  /** The longest a job may wait and run before the caller gives up (RUNTIME_TIMEOUT_MS plus queueing). */
  waitMs: number;
}

/** A failure a worker reports, carried as JSON in BullMQ's failedReason. */
export function failureMessage(error: unknown): string {
  if (error instanceof AppError) return JSON.stringify({ code: error.code, message: error.message });
  return JSON.stringify({ code: 'internal', message: error instanceof Error ? error.message : String(error) });
}

function toAppError(reason: string): AppError {
  try {
    const { code, message } = JSON.parse(reason) as { code: ErrorCode; message: string };
    return new AppError(code, message);
  } catch {
    return new AppError('internal', reason, { expose: false });
  }
}

/**
 * The runtime of a gateway, running inference remotely: every run is a BullMQ job that a worker process takes (priorities, at-least-once, a
 * job whose worker dies goes to another). Streamed pieces come back as job progress. When Redis cannot be reached
 * a run fails at once with a retryable `busy`, so nothing is accepted that could be lost.
 */
export class RemoteRuntime implements Runtime {
  private readonly connection: Redis;
  private readonly queue: Queue<InferenceJob, InferenceResult>;
  private readonly events: QueueEvents;
  private readonly commits = new Map<string, string>();
  private readonly listeners = new Map<string, (data: unknown) => void>();

  constructor(private readonly options: RemoteRuntimeOptions) {
    // No offline queue: an add while Redis is away fails now instead of waiting to be sent later (or never).
    this.connection = new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.connection.on('error', () => {}); // reported by the queue's own listener below
    this.queue = new Queue(options.queueName, { connection: this.connection });
    this.queue.on('error', (err) => options.log.warn({ err }, 'inference queue: Redis error'));
    this.events = new QueueEvents(options.queueName, {
      connection: { url: options.redisUrl, maxRetriesPerRequest: null },
    });
    this.events.on('error', (err) => options.log.warn({ err }, 'inference queue events: Redis error'));
    this.events.on('progress', ({ jobId, data }) => this.listeners.get(jobId)?.(data));
  }

  async run<T extends TaskName>(
    spec: ModelSpec & { task: T },
    input: TaskInput<T>,
    options: RunOptions = {},
  ): Promise<TaskOutput<T>> {
    const job: InferenceJob = {
      spec,
      input: encode(input),
      priority: options.priority ?? 'interactive',
      timeoutMs: options.timeoutMs,
    };
    const result = await this.submit('run', job, options);
    return decode(result.output) as TaskOutput<T>;
  }

  async commitOf(spec: ModelSpec & { task: TaskName }): Promise<string> {
    const known = this.commits.get(keyOf(spec));
    if (known) return known;
    return (await this.submit('commit', { spec, input: null, priority: 'interactive' }, {})).commit;
  }

  revisionOf(spec: ModelSpec): string {
    return this.commits.get(keyOf(spec)) ?? spec.revision;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.queue.close(), this.events.close()]);
    this.connection.disconnect();
  }

  /**
   * Nothing is queued unless Redis is there (the queue's connection, given a moment to connect) and completions can
   * be heard (the events connection): otherwise the caller is told to retry.
   */
  private async eventsReady(): Promise<void> {
    const ready = await Promise.race([
      Promise.all([connected(this.connection), this.events.waitUntilReady()]).then(() => true),
      new Promise<false>((resolve) => setTimeout(resolve, READY_WAIT_MS, false).unref()),
    ]);
    if (!ready || this.connection.status !== 'ready') {
      throw new AppError('busy', 'the inference queue cannot be reached right now; please try again shortly', {
        retryAfterSec: 5,
        dependency: 'queue',
      });
    }
  }

  private async submit(name: 'run' | 'commit', data: InferenceJob, options: RunOptions): Promise<InferenceResult> {
    await this.eventsReady();
    // Our own id, so the progress listener is in place before a fast worker's first piece arrives.
    const id = nextJobId() ?? randomUUID();
    const onToken = options.onToken;
    if (onToken) this.listeners.set(id, (p) => onToken(String((p as { token?: unknown }).token ?? '')));
    let added: Awaited<ReturnType<typeof this.queue.add>>;
    try {
      added = await this.queue.add(name, data, {
        jobId: id,
        priority: JOB_PRIORITY[data.priority],
        attempts: 2,
        removeOnComplete: { age: 600 },
        removeOnFail: { age: 3600 },
      });
    } catch (cause) {
      this.listeners.delete(id);
      throw new AppError('busy', 'the inference queue cannot be reached right now; please try again shortly', {
        cause,
        retryAfterSec: 5,
        dependency: 'queue',
      });
    }
    const abort = () => void added.remove().catch(() => {});
    options.signal?.addEventListener('abort', abort, { once: true });
    try {
      const result = await whenFinished(this.queue, added, this.events, this.options.waitMs);
      this.commits.set(keyOf(data.spec), result.commit);
      return result;
    } catch (error) {
      if (options.signal?.aborted) throw new AppError('unavailable', 'the request was cancelled');
      const reason = error instanceof Error ? error.message : String(error);
      if (/timed out/i.test(reason))
        throw new AppError('busy', 'the workers did not answer in time', { retryAfterSec: 10 });
      throw toAppError(reason);
    } finally {
      this.listeners.delete(id);
      options.signal?.removeEventListener('abort', abort);
    }
  }
}

/** How long a run waits for the event stream's connection before saying the queue is unreachable. */
const READY_WAIT_MS = 3000;

function keyOf(spec: ModelSpec & { task?: string }): string {
  return `${spec.repo}@${spec.revision}:${spec.task ?? ''}`;
}
