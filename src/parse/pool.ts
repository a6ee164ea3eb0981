import type { Worker } from 'node:worker_threads';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import { moduleWorker } from '../threads.js';
import type { FromParseWorker } from './protocol.js';

export interface ParsePoolOptions {
  /** The worker module (it calls serveParseJobs); a .ts file is run through tsx (tests, benchmarks). */
  entry: URL;
  workers: number;
  /** Each worker's V8 heap limit (resourceLimits.maxOldGenerationSizeMb). */
  memoryMb: number;
  /** A job running longer is stopped by replacing its worker. */
  timeoutMs: number;
  /** Jobs waiting before callers are told the pool is busy. */
  queueLimit: number;
  log: Logger;
}

export interface ParseRunOptions {
  /** Buffers of the job to move to the worker instead of copying (the caller's become empty). */
  transfer?: ArrayBuffer[];
  signal?: AbortSignal;
}

interface Task {
  id: number;
  job: unknown;
  options: ParseRunOptions;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  detach(): void;
}

interface Slot {
  index: number;
  worker: Worker;
  ready: boolean;
  task: Task | undefined;
  timer: NodeJS.Timeout | undefined;
}

/**
 * A small pool of worker threads for CPU-heavy parsing (audio decoding, PDF and HTML extraction), apart from the
 * inference pool so a long decode never waits behind a model or holds one up. One job per worker at a time, each
 * under a heap limit and a time limit: a job that overruns either fails alone with `unprocessable` (422) and its
 * worker is replaced, while the main thread only schedules. Workers start on first need.
 */
export class ParsePool {
  private readonly slots: (Slot | undefined)[];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;
  /** Workers stopped because a job overran its limits or crashed them (for metrics and tests). */
  replaced = 0;

  constructor(private readonly options: ParsePoolOptions) {
    this.slots = Array.from({ length: Math.max(1, options.workers) }, () => undefined);
  }

  run(job: unknown, options: ParseRunOptions = {}): Promise<unknown> {
    if (this.closed) return Promise.reject(new AppError('unavailable', 'the server is shutting down'));
    if (options.signal?.aborted) return Promise.reject(abortError());
    if (this.queue.length >= this.options.queueLimit) {
      return Promise.reject(
        new AppError('busy', 'too many files are being processed; try again in a minute', { retryAfterSec: 60 }),
      );
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => this.cancel(task);
      const task: Task = {
        id: this.nextId++,
        job,
        options,
        resolve,
        reject,
        detach: () => options.signal?.removeEventListener('abort', onAbort),
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(task);
      this.pump();
    });
  }

  /** Jobs waiting for a worker. */
  get waiting(): number {
    return this.queue.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) settle(task, new AppError('unavailable', 'the server is shutting down'));
    const slots = this.slots.splice(0, this.slots.length, ...this.slots.map(() => undefined));
    for (const slot of slots)
      if (slot?.task) this.release(slot, new AppError('unavailable', 'the server is shutting down'));
    await Promise.all(slots.map((slot) => slot?.worker.terminate()));
  }

  private pump(): void {
    if (this.closed) return;
    for (const [index, current] of this.slots.entries()) {
      if (this.queue.length === 0) return;
      const slot = current ?? this.spawn(index);
      if (!slot.ready || slot.task) continue;
      const task = this.queue.shift();
      if (task) this.start(slot, task);
    }
  }

  private spawn(index: number): Slot {
    const worker = moduleWorker(this.options.entry, {
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb },
    });
    const slot: Slot = { index, worker, ready: false, task: undefined, timer: undefined };
    this.slots[index] = slot;
    worker.on('message', (message: FromParseWorker) => this.onMessage(slot, message));
    worker.on('error', (error: Error & { code?: string }) => {
      const reason =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new AppError('unprocessable', `processing the file needed more than ${this.options.memoryMb} MB of memory`)
          : new AppError('internal', `the parse worker failed: ${error.message}`);
      this.stop(slot, reason);
    });
    worker.on('exit', () => this.stop(slot, new AppError('internal', 'the parse worker stopped unexpectedly')));
    return slot;
  }

  private start(slot: Slot, task: Task): void {
    slot.task = task;
    const { timeoutMs } = this.options;
    slot.timer = setTimeout(() => {
      const seconds = timeoutMs >= 10_000 ? Math.round(timeoutMs / 1000) : +(timeoutMs / 1000).toFixed(1);
      this.stop(slot, new AppError('unprocessable', `processing the file took longer than ${seconds} s`));
    }, timeoutMs);
    slot.worker.postMessage({ op: 'run', id: task.id, job: task.job }, task.options.transfer ?? []);
  }

  private onMessage(slot: Slot, message: FromParseWorker): void {
    if (message.op === 'ready') {
      slot.ready = true;
    } else if (slot.task?.id === message.id) {
      const error = message.op === 'error' ? new AppError(message.code, message.message) : undefined;
      this.release(slot, error, message.op === 'result' ? message.value : undefined);
    }
    this.pump();
  }

  /** Ends the slot's job (if any) with `error` or `value`, leaving the worker free. */
  private release(slot: Slot, error: unknown, value?: unknown): void {
    clearTimeout(slot.timer);
    const task = slot.task;
    slot.task = undefined;
    if (task) settle(task, error, value);
  }

  /** Stops a worker for good (overrun, crash, cancellation): its job fails with `reason`, a new worker takes over. */
  private stop(slot: Slot, reason: unknown): void {
    if (this.slots[slot.index] !== slot) return; // already replaced, or closed
    this.slots[slot.index] = undefined;
    if (slot.task) {
      this.replaced++;
      this.options.log.warn({ worker: slot.index, reason: (reason as Error).message }, 'parse job stopped');
    }
    this.release(slot, reason);
    void slot.worker.terminate();
    // A worker that dies before it is ready would die again: fail the queue instead of restarting it forever.
    if (!slot.ready) for (const task of this.queue.splice(0)) settle(task, reason);
    this.pump();
  }

  private cancel(task: Task): void {
    const queued = this.queue.indexOf(task);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      settle(task, abortError());
      return;
    }
    // A running job cannot be interrupted inside its worker: the worker goes, and the next one takes the queue.
    const slot = this.slots.find((s) => s?.task === task);
    if (slot) this.stop(slot, abortError());
  }
}

function settle(task: Task, error: unknown, value?: unknown): void {
  task.detach();
  if (error) task.reject(error);
  else task.resolve(value);
}

function abortError(): Error {
  return new DOMException('the request was cancelled', 'AbortError');
}
