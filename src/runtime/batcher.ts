import { PRIORITY_ORDER, type Priority } from './tasks.js';

/**
 * Pure scheduling pieces of the pool, kept free of threads and timers so they can be tested directly.
 *
 * BatchBacklog: the requests waiting for one model to be batched, by priority (interactive before background
 * moderation before ingestion), oldest first within a priority, removable by id (cancellation). In memory, in the
 * process that owns the pool: not the Redis job queue between processes (runtime/remote).
 */
export interface Pending {
  id: number;
  priority: Priority;
  enqueuedAt: number;
}

export class BatchBacklog<T extends Pending> {
  private readonly lanes = new Map<Priority, T[]>(PRIORITY_ORDER.map((p) => [p, []]));

  get size(): number {
    let n = 0;
    for (const lane of this.lanes.values()) n += lane.length;
    return n;
  }

  push(item: T): void {
    this.lanes.get(item.priority)?.push(item);
  }

  /** Removes a waiting item; false if it was not waiting (already taken). */
  remove(id: number): boolean {
    for (const lane of this.lanes.values()) {
      const index = lane.findIndex((item) => item.id === id);
      if (index >= 0) {
        lane.splice(index, 1);
        return true;
      }
    }
    return false;
  }

  /** The item that would be taken next. */
  peek(): T | undefined {
    for (const priority of PRIORITY_ORDER) {
      const first = this.lanes.get(priority)?.[0];
      if (first) return first;
    }
    return undefined;
  }

  /** Takes up to `max` items, highest priority first. */
  take(max: number): T[] {
    const taken: T[] = [];
    for (const priority of PRIORITY_ORDER) {
      const lane = this.lanes.get(priority) ?? [];
      while (taken.length < max && lane.length > 0) {
        const item = lane.shift();
        if (item) taken.push(item);
      }
    }
    return taken;
  }
}

export interface BatchPolicy {
  /** Most requests in one run. */
  maxBatch: number;
  /** How long the oldest background request may wait for company before running anyway (interactive: none). */
  maxWaitMs: number;
}

export type BatchPlan = { run: number } | { waitMs: number } | { idle: true };

/**
 * Micro-batching, asked when the model's worker is free: run now when a full batch is waiting, when a person is
 * waiting (an interactive request: company that may come within the window is worth less than its latency, and
 * whatever arrives while this batch runs gathers into the next), when the oldest request has waited long enough,
 * or when the work is not batched; otherwise wait for the rest of the window.
 */
export function planBatch(
  backlog: BatchBacklog<Pending>,
  now: number,
  policy: BatchPolicy,
  batched: boolean,
): BatchPlan {
  const size = backlog.size;
  const oldest = backlog.peek();
  if (!oldest || size === 0) return { idle: true };
  if (!batched) return { run: 1 };
  if (size >= policy.maxBatch) return { run: policy.maxBatch };
  if (oldest.priority === 'interactive') return { run: size };
  const waited = now - oldest.enqueuedAt;
  if (waited >= policy.maxWaitMs) return { run: size };
  return { waitMs: policy.maxWaitMs - waited };
}

/** Estimated seconds until a new request would start, for "busy, try again in N s" answers. */
export function retryAfterSec(queued: number, maxBatch: number, avgBatchMs: number): number {
  const batchesAhead = Math.ceil((queued + 1) / Math.max(1, maxBatch));
  return Math.max(1, Math.ceil((batchesAhead * Math.max(avgBatchMs, 1)) / 1000));
}

/** Which of two waiting requests runs first: higher priority, then older. */
export function comparePending(a: Pending | undefined, b: Pending | undefined): number {
  if (!a || !b) return a ? -1 : 1;
  return PRIORITY_ORDER.indexOf(a.priority) - PRIORITY_ORDER.indexOf(b.priority) || a.enqueuedAt - b.enqueuedAt;
}
