import type { Worker } from 'node:worker_threads';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import { BatchBacklog, type BatchPolicy, comparePending, type Pending, planBatch, retryAfterSec } from './batcher.js';
import { evictions, leastLoaded } from './placement.js';
import type { FromWorker, ModelHandle, ToWorker, WorkerSetup } from './protocol.js';
import { BATCHED_TASKS, type Priority } from './tasks.js';
import { createWorker, stopWorker, transferables } from './worker-thread.js';

export interface PoolOptions extends BatchPolicy {
  workers: number;
  threadsPerWorker: number;
  /** Requests waiting per model before callers get `busy`. */
  maxQueuePerModel: number;
  /** A batch running longer than this is stopped by replacing its worker. */
  runTimeoutMs: number;
  /** Loaded models unused for this long are unloaded. */
  idleUnloadMs: number;
  /** Sum of loaded model sizes the pool keeps under, unloading least recently used idle models first. */
  memoryBudgetBytes: number;
  log: Logger;
  observer?: PoolObserver;
}

/** What the pool reports, for metrics. */
export interface PoolObserver {
  batch(model: string, size: number, inferMs: number, loadMs: number): void;
  load(model: string): void;
  unload(model: string): void;
}

export interface RunOptions {
  priority?: Priority;
  signal?: AbortSignal;
  /** Receives streamed text pieces (generation). */
  onToken?: (text: string) => void;
  /** Replaces the pool's runTimeoutMs for the batch this request runs in (the longest in a batch wins). */
  timeoutMs?: number;
  /** Move the input's typed arrays (audio) to the worker instead of copying them: the caller's become empty. */
  transfer?: boolean;
}

interface Job extends Pending {
  model: ModelState;
  input: unknown;
  resolve(output: unknown): void;
  reject(error: unknown): void;
  options: RunOptions;
  detach(): void;
  /** Its caller went away while it ran in a batch. */
  cancelled?: boolean;
}

interface ModelState {
  handle: ModelHandle;
  backlog: BatchBacklog<Job>;
  slot: WorkerSlot | undefined;
  loaded: boolean;
  running: boolean;
  lastUsed: number;
  avgBatchMs: number;
}

interface Running {
  batchId: number;
  jobs: Job[];
  model: ModelState;
  timer: NodeJS.Timeout;
}

interface WorkerSlot {
  index: number;
  worker: Worker;
  running: Running | undefined;
  /** Set when we stop the worker on purpose (watchdog), so the crash report says why. */
  stopReason?: string;
}

/**
 * The shared inference pool. Models load lazily inside worker threads; each model lives in exactly one worker
 * (memory is not duplicated), and the main thread only schedules: per-model priority backlogs, micro-batches,
 * bounded backlogs with a retry-after estimate, cancellation, a watchdog, and replacement of crashed workers.
 */
export class WorkerPool {
  /** Workers start on first need, so a server whose skills use no model runs none. */
  private readonly slots: (WorkerSlot | undefined)[];
  private readonly models = new Map<string, ModelState>();
  private nextId = 1;
  private wakeTimer: NodeJS.Timeout | undefined;
  private pumpScheduled = false;
  private readonly idleTimer: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly options: PoolOptions) {
    this.slots = Array.from({ length: options.workers }, () => undefined);
    this.idleTimer = setInterval(() => this.unloadIdle(), Math.max(1000, options.idleUnloadMs / 2));
    this.idleTimer.unref();
  }

  run(handle: ModelHandle, input: unknown, options: RunOptions = {}): Promise<unknown> {
    if (this.closed) return Promise.reject(new AppError('unavailable', 'the inference pool is shutting down'));
    if (options.signal?.aborted) return Promise.reject(abortError());
    const model = this.modelState(handle);
    if (model.backlog.size >= this.options.maxQueuePerModel) {
      const wait = retryAfterSec(model.backlog.size, this.options.maxBatch, model.avgBatchMs);
      return Promise.reject(
        new AppError('busy', `the ${handle.task} model is busy; try again in ${wait} s`, { retryAfterSec: wait }),
      );
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => this.cancel(job);
      const job: Job = {
        id: this.nextId++,
        priority: options.priority ?? 'interactive',
        enqueuedAt: performance.now(),
        model,
        input,
        resolve,
        reject,
        options,
        detach: () => options.signal?.removeEventListener('abort', onAbort),
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      model.backlog.push(job);
      this.pumpSoon();
    });
  }

  /** Requests waiting, per model key. */
  queueDepths(): Map<string, number> {
    return new Map([...this.models].map(([key, m]) => [key, m.backlog.size]));
  }

  /** The models with a session in a worker now. */
  loadedKeys(): string[] {
    return [...this.models].filter(([, m]) => m.loaded).map(([key]) => key);
  }

  /** Which worker holds each loaded model (for tests and diagnostics). */
  placement(): Map<string, number | undefined> {
    return new Map([...this.models].map(([key, m]) => [key, m.slot?.index]));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.idleTimer);
    clearTimeout(this.wakeTimer);
    for (const model of this.models.values()) {
      for (const job of model.backlog.take(Number.MAX_SAFE_INTEGER)) {
        this.settle(job, new AppError('unavailable', 'the inference pool is shutting down'));
      }
    }
    await Promise.all(this.slots.map((slot) => slot && stopWorker(slot.worker)));
  }

  private modelState(handle: ModelHandle): ModelState {
    let model = this.models.get(handle.key);
    if (!model) {
      model = {
        handle,
        backlog: new BatchBacklog<Job>(),
        slot: undefined,
        loaded: false,
        running: false,
        lastUsed: 0,
        avgBatchMs: 0,
      };
      this.models.set(handle.key, model);
    }
    return model;
  }

  private spawn(index: number): WorkerSlot {
    const setup: WorkerSetup = { threads: this.options.threadsPerWorker };
    const worker = createWorker(setup);
    const slot: WorkerSlot = { index, worker, running: undefined };
    worker.on('message', (message: FromWorker) => this.onMessage(slot, message));
    worker.on('error', (error) => this.onCrash(slot, `it failed: ${error.message}`));
    worker.on('exit', (code) => {
      if (!this.closed) this.onCrash(slot, `it exited with code ${code}`);
    });
    worker.unref();
    return slot;
  }

  /**
   * Pumps once the current turn of the event loop is done, so requests made together (a burst, the texts of one
   * message) are planned together rather than the first running alone.
   */
  private pumpSoon(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** Starts work on every idle worker that has something to do. */
  private pump(): void {
    if (this.closed) return;
    clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    let soonest = Number.POSITIVE_INFINITY;
    const now = performance.now();
    for (const model of this.models.values()) {
      if (model.backlog.size > 0 && !model.slot) this.place(model);
    }
    for (const slot of this.slots) {
      if (!slot || slot.running) continue;
      const candidates = [...this.models.values()].filter((m) => m.slot === slot && m.backlog.size > 0);
      candidates.sort((a, b) => comparePending(a.backlog.peek(), b.backlog.peek()));
      for (const model of candidates) {
        const plan = planBatch(model.backlog, now, this.options, BATCHED_TASKS.has(model.handle.task));
        if ('run' in plan) {
          this.start(slot, model, model.backlog.take(plan.run));
          break;
        }
        if ('waitMs' in plan) soonest = Math.min(soonest, plan.waitMs);
      }
    }
    if (Number.isFinite(soonest)) this.wakeTimer = setTimeout(() => this.pump(), Math.ceil(soonest));
  }

  /** Model affinity: a model goes to the worker holding the fewest bytes, after making room in the budget. */
  private place(model: ModelState): void {
    const placed = [...this.models.values()].filter((m) => m.slot);
    const evict = evictions(
      placed.map((m) => ({ bytes: m.handle.bytes, lastUsed: m.lastUsed, busy: m.running || m.backlog.size > 0 })),
      model.handle.bytes,
      this.options.memoryBudgetBytes,
    );
    for (const index of evict) {
      const victim = placed[index];
      if (victim) this.unload(victim);
    }
    const index = leastLoaded(
      this.slots.map((slot) => this.modelsOn(slot).reduce((sum, m) => sum + m.handle.bytes, 0)),
    );
    const target = this.slots[index] ?? this.spawn(index);
    this.slots[index] = target;
    model.slot = target;
  }

  private modelsOn(slot: WorkerSlot | undefined): ModelState[] {
    return slot ? [...this.models.values()].filter((m) => m.slot === slot) : [];
  }

  private unloadIdle(): void {
    const cutoff = performance.now() - this.options.idleUnloadMs;
    for (const model of this.models.values()) {
      if (model.slot && !model.running && model.backlog.size === 0 && model.lastUsed < cutoff) this.unload(model);
    }
    // A worker left holding no model gives its memory back too; the next model starts a fresh one.
    this.slots.forEach((slot, index) => {
      if (!slot || slot.running || this.modelsOn(slot).length > 0) return;
      this.slots[index] = undefined;
      void slot.worker.terminate();
    });
  }

  private unload(model: ModelState): void {
    const slot = model.slot;
    model.slot = undefined;
    if (!slot || !model.loaded) return;
    model.loaded = false;
    this.post(slot, { op: 'unload', key: model.handle.key });
    this.options.observer?.unload(model.handle.key);
  }

  private start(slot: WorkerSlot, model: ModelState, jobs: Job[]): void {
    const batchId = this.nextId++;
    const timeoutMs = Math.max(...jobs.map((j) => j.options.timeoutMs ?? this.options.runTimeoutMs));
    const timer = setTimeout(() => {
      this.options.log.error({ model: model.handle.key, timeoutMs }, 'inference timed out');
      slot.stopReason = `it took longer than ${(timeoutMs / 1000).toFixed(1)} s`;
      void slot.worker.terminate();
    }, timeoutMs);
    slot.running = { batchId, jobs, model, timer };
    model.running = true;
    const transfer = [...new Set(jobs.flatMap((j) => (j.options.transfer ? transferables(j.input) : [])))];
    this.post(slot, { op: 'run', id: batchId, model: model.handle, inputs: jobs.map((j) => j.input) }, transfer);
  }

  private onMessage(slot: WorkerSlot, message: FromWorker): void {
    const running = slot.running;
    switch (message.op) {
      case 'token': {
        if (running?.batchId === message.id) running.jobs[0]?.options.onToken?.(message.text);
        return;
      }
      case 'unloaded':
        return;
      case 'result': {
        if (!running || running.batchId !== message.id) return;
        this.finish(slot, running);
        const { model } = running;
        if (!model.loaded) {
          model.loaded = true;
          this.options.observer?.load(model.handle.key);
        }
        model.avgBatchMs = model.avgBatchMs === 0 ? message.inferMs : model.avgBatchMs * 0.8 + message.inferMs * 0.2;
        this.options.observer?.batch(model.handle.key, running.jobs.length, message.inferMs, message.loadMs);
        running.jobs.forEach((job, i) => {
          const failed = message.failures?.[i];
          if (failed) this.settle(job, new AppError(failed.code, failed.message));
          else this.settle(job, undefined, message.outputs[i]);
        });
        break;
      }
      case 'error': {
        if (!running || running.batchId !== message.id) return;
        this.finish(slot, running);
        const error = new AppError(message.code, message.message);
        for (const job of running.jobs) this.settle(job, error);
        break;
      }
      default:
        assertNever(message);
    }
    this.pump();
  }

  private finish(slot: WorkerSlot, running: Running): void {
    clearTimeout(running.timer);
    slot.running = undefined;
    running.model.running = false;
    running.model.lastUsed = performance.now();
  }

  /** A worker died: its batch fails with a clear reason, its models reload elsewhere, queued work continues. */
  private onCrash(slot: WorkerSlot, why: string): void {
    if (this.slots[slot.index] !== slot) return; // already replaced
    why = slot.stopReason ?? why;
    const running = slot.running;
    this.options.log.error({ worker: slot.index, why, model: running?.model.handle.key }, 'inference worker stopped');
    if (running) {
      this.finish(slot, running);
      const error = new AppError(
        'unavailable',
        `the model worker stopped while running this request (${why}); please try again`,
      );
      for (const job of running.jobs) this.settle(job, error);
    }
    for (const model of this.models.values()) {
      if (model.slot === slot) {
        model.slot = undefined;
        model.loaded = false;
      }
    }
    this.slots[slot.index] = undefined;
    if (!this.closed) this.pump();
  }

  private cancel(job: Job): void {
    if (job.model.backlog.remove(job.id)) {
      this.settle(job, abortError());
      return;
    }
    // Already running: generation stops at the next token; a batch finishes but this caller stops waiting, unless
    // every caller of the batch went away (a batch of captions then stops at its next token).
    const slot = job.model.slot;
    const running = slot?.running;
    if (slot && running?.jobs.includes(job)) {
      if (!BATCHED_TASKS.has(job.model.handle.task)) this.post(slot, { op: 'cancel', id: running.batchId });
      else {
        job.cancelled = true;
        this.settle(job, abortError());
        if (running.jobs.every((j) => j.cancelled)) this.post(slot, { op: 'cancel', id: running.batchId });
      }
    }
  }

  private settle(job: Job, error: unknown, output?: unknown): void {
    job.detach();
    if (error) job.reject(error);
    else job.resolve(output);
  }

  private post(slot: WorkerSlot, message: ToWorker, transfer: ArrayBuffer[] = []): void {
    slot.worker.postMessage(message, transfer);
  }
}

function abortError(): Error {
  return new DOMException('the request was cancelled', 'AbortError');
}

function assertNever(value: never): never {
  throw new Error(`unexpected worker message ${JSON.stringify(value)}`);
}
