import { randomUUID } from 'node:crypto';

/** Images a user has made on a UTC day ("2025-01-31"). Behind an interface so the skill can keep it in the DB. */
export interface DailyCounter {
  used(userId: string, day: string): Promise<number>;
  add(userId: string, day: string): Promise<void>;
}

export class MemoryDailyCounter implements DailyCounter {
  private readonly counts = new Map<string, number>();
  async used(userId: string, day: string): Promise<number> {
    return this.counts.get(`${day}|${userId}`) ?? 0;
  }
  async add(userId: string, day: string): Promise<void> {
    // Only today's keys matter; dropping older days keeps a long-running process from growing.
    for (const key of this.counts.keys()) if (!key.startsWith(`${day}|`)) this.counts.delete(key);
    this.counts.set(`${day}|${userId}`, (this.counts.get(`${day}|${userId}`) ?? 0) + 1);
  }
}

export interface FairImageQueueOptions<Job, Result> {
  /** Does the work. Call `onStart` when the real work begins (e.g. after a model load) so ETAs measure only that. */
  run: (job: Job, signal: AbortSignal, onStart: () => void) => Promise<Result>;
  /** Jobs running at once across all users (1: one image at a time on a CPU). */
  concurrency?: number;
  /** Jobs one user may have waiting or running at once. Counting waiting jobs, not just running ones, is what
   * stops one user from filling the line: with the default 1, a user queues their next image once one is done. */
  perUser?: number;
  /** Jobs accepted per user per UTC day. A job counts when accepted, even if later cancelled or failed. */
  dailyQuota?: number;
  counter?: DailyCounter;
  /** ms since the epoch; injectable so tests move time instead of sleeping. */
  now?: () => number;
  /** Seconds an image is assumed to take until some have finished, and how many recent ones the average uses. */
  defaultSeconds?: number;
  averageOver?: number;
}

/** What `onChange` reports: position 0 is running, n ≥ 1 is n-th in line. `etaSeconds` is until the image is done. */
export interface JobStatus {
  state: 'waiting' | 'running';
  position: number;
  etaSeconds: number;
}

/** Called soon after submit, then when state or position changes (batched per tick, never for ETA alone). */
export type OnChange = (status: JobStatus, jobId: string) => void | Promise<void>;

export type JobOutcome<Result> =
  | { status: 'done'; result: Result; seconds: number }
  | { status: 'cancelled'; byUserId: string; byModerator: boolean }
  | { status: 'failed'; error: unknown };

export type CancelResult =
  | { ok: true; was: 'waiting' | 'running' }
  | { ok: false; reason: 'not_found' | 'not_owner'; message: string };

export type Refusal =
  | {
      ok: false;
      reason: 'user_limit';
      limit: number;
      jobIds: string[];
      /** The soonest of those jobs' place in the queue (0: running). */
      position: number;
      retryAfterSeconds: number;
      message: string;
    }
  | { ok: false; reason: 'daily_quota'; limit: number; resetsAt: number; retryAfterSeconds: number; message: string };

export type Submitted<Result> = { ok: true; job: JobHandle<Result> };

export interface JobHandle<Result> {
  id: string;
  /** 0 running, n ≥ 1 waiting, undefined once finished or cancelled. */
  position(): number | undefined;
  eta(): number | undefined;
  cancel(byUserId: string, isModerator: boolean): CancelResult;
  /** Always resolves: failures and cancellations are outcomes, not rejections. */
  done: Promise<JobOutcome<Result>>;
}

interface Entry<Job, Result> {
  id: string;
  userId: string;
  job: Job;
  controller: AbortController;
  startedAt?: number;
  cancelledBy?: { byUserId: string; byModerator: boolean };
  onChange?: OnChange;
  shown?: string;
  resolve: (outcome: JobOutcome<Result>) => void;
}

const DAY_MS = 86_400_000;

/** "40 s", "3 min", "2 h 5 min", "12 h": for "You are #3 in the queue (about 40 s)" and refusals. */
export function humanSeconds(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  const m = Math.floor((s % 3600) / 60);
  return m ? `${Math.floor(s / 3600)} h ${m} min` : `${Math.floor(s / 3600)} h`;
}

/**
 * A fair line for image jobs. Fairness: the next job goes to the waiting user who was served longest ago (never
 * served comes first, ties by arrival), so two users alternate and a newcomer gets the next turn instead of waiting
 * behind everyone's backlog. FIFO within one user. Who was served is forgotten when the queue goes idle. In memory,
 * per process, above the runtime: each job's inference still goes through the pool (or the workers) as usual.
 */
export class FairImageQueue<Job, Result = unknown> {
  private waiting: Entry<Job, Result>[] = []; // in arrival order; `pick` applies the fairness rule
  private readonly running = new Set<Entry<Job, Result>>();
  private readonly live = new Map<string, Entry<Job, Result>>();
  private readonly lastServed = new Map<string, number>();
  private readonly recent: number[] = [];
  private turn = 0;
  private admission: Promise<unknown> = Promise.resolve();
  private notifyScheduled = false;
  private readonly now: () => number;
  private readonly counter: DailyCounter;

  constructor(private readonly opts: FairImageQueueOptions<Job, Result>) {
    this.now = opts.now ?? Date.now;
    this.counter = opts.counter ?? new MemoryDailyCounter();
  }

  /** Admissions run one at a time so the limit and quota checks cannot race with each other's counting. */
  submit(userId: string, job: Job, opts: { onChange?: OnChange } = {}): Promise<Submitted<Result> | Refusal> {
    const result = this.admission.then(() => this.admit(userId, job, opts.onChange));
    this.admission = result.catch(() => {});
    return result;
  }

  private async admit(userId: string, job: Job, onChange?: OnChange): Promise<Submitted<Result> | Refusal> {
    // A cancelled job still winding down does not count: its owner may queue the next one at once.
    const mine = [...this.live.values()].filter((e) => e.userId === userId && !e.cancelledBy);
    const limit = this.opts.perUser ?? 1;
    if (mine.length >= limit) {
      const statuses = this.statuses();
      const now = mine.map((e) => statuses.get(e) ?? { position: 0, etaSeconds: 1 });
      const retry = Math.min(...now.map((s) => s.etaSeconds));
      const where = now.map((s) => (s.position === 0 ? 'running' : `#${s.position} in the queue`)).join(', ');
      const message = `You already have ${limit === 1 ? 'an image' : `${mine.length} images`} on the way (${where}); try again when ${limit === 1 ? 'it' : 'one'} is done (in about ${humanSeconds(retry)}).`;
      const jobIds = mine.map((e) => e.id);
      const position = Math.min(...now.map((s) => s.position));
      return { ok: false, reason: 'user_limit', limit, jobIds, position, retryAfterSeconds: retry, message };
    }
    const now = this.now();
    const day = new Date(now).toISOString().slice(0, 10);
    const quota = this.opts.dailyQuota ?? 20;
    if ((await this.counter.used(userId, day)) >= quota) {
      const resetsAt = (Math.floor(now / DAY_MS) + 1) * DAY_MS;
      const retry = Math.ceil((resetsAt - now) / 1000);
      const message = `You have made your ${quota} images for today; the quota resets at 00:00 UTC (in ${humanSeconds(retry)}).`;
      return { ok: false, reason: 'daily_quota', limit: quota, resetsAt, retryAfterSeconds: retry, message };
    }
    await this.counter.add(userId, day);
    let resolve: (outcome: JobOutcome<Result>) => void = () => {};
    const done = new Promise<JobOutcome<Result>>((r) => (resolve = r));
    const id = randomUUID();
    const entry: Entry<Job, Result> = { id, userId, job, controller: new AbortController(), resolve };
    if (onChange) entry.onChange = onChange;
    this.live.set(id, entry);
    this.waiting.push(entry);
    this.pump();
    const cancel = (by: string, mod: boolean) => this.cancel(id, by, mod);
    return { ok: true, job: { id, position: () => this.position(id), eta: () => this.eta(id), cancel, done } };
  }

  /** By job id, for buttons that carry only the id. Only the requester or a moderator may cancel. */
  cancel(id: string, byUserId: string, isModerator: boolean): CancelResult {
    const entry = this.live.get(id);
    if (!entry) return { ok: false, reason: 'not_found', message: 'That image is already finished or cancelled.' };
    const byModerator = entry.userId !== byUserId;
    if (byModerator && !isModerator) {
      return {
        ok: false,
        reason: 'not_owner',
        message: 'Only the person who asked for this image or a moderator can cancel it.',
      };
    }
    if (this.running.has(entry)) {
      // The slot stays taken until `run` settles: a run that ignores the signal is still using the CPU.
      entry.cancelledBy ??= { byUserId, byModerator };
      entry.controller.abort();
      return { ok: true, was: 'running' };
    }
    this.waiting = this.waiting.filter((e) => e !== entry);
    this.live.delete(id);
    entry.resolve({ status: 'cancelled', byUserId, byModerator });
    this.scheduleNotify();
    return { ok: true, was: 'waiting' };
  }

  /** Where a job stands now; undefined once it has finished or been cancelled. */
  status(id: string): JobStatus | undefined {
    const entry = this.live.get(id);
    return entry && this.statuses().get(entry);
  }

  position(id: string): number | undefined {
    return this.status(id)?.position;
  }

  eta(id: string): number | undefined {
    return this.status(id)?.etaSeconds;
  }

  averageSeconds(): number {
    if (!this.recent.length) return this.opts.defaultSeconds ?? 20;
    return this.recent.reduce((a, b) => a + b, 0) / this.recent.length;
  }

  /**
   * Every live job's status, assuming each takes the recent average: a slot frees when its running job ends, and
   * each waiting job, in the order the fairness rule will pick them, takes the earliest free slot.
   */
  private statuses(): Map<Entry<Job, Result>, JobStatus> {
    const avg = this.averageSeconds();
    const now = this.now();
    const out = new Map<Entry<Job, Result>, JobStatus>();
    const free: number[] = [];
    for (const e of this.running) {
      const left = Math.max(1, avg - (now - (e.startedAt ?? now)) / 1000);
      free.push(left);
      out.set(e, { state: 'running', position: 0, etaSeconds: Math.ceil(left) });
    }
    while (free.length < (this.opts.concurrency ?? 1)) free.push(0);
    const served = new Map(this.lastServed);
    let [turn, position] = [this.turn, 0];
    for (let next = this.pick(served, out); next; next = this.pick(served, out)) {
      served.set(next.userId, ++turn);
      free.sort((a, b) => a - b);
      const start = free[0] ?? 0;
      free[0] = start + avg;
      out.set(next, { state: 'waiting', position: ++position, etaSeconds: Math.ceil(start + avg) });
    }
    return out;
  }

  /** The next job to run: the head of each user's line, from the user served longest ago (0: never). */
  private pick(served: Map<string, number>, skip?: Map<Entry<Job, Result>, unknown>): Entry<Job, Result> | undefined {
    let best: Entry<Job, Result> | undefined;
    const seen = new Set<string>();
    for (const e of this.waiting) {
      if (skip?.has(e) || seen.has(e.userId)) continue;
      seen.add(e.userId);
      if (!best || (served.get(e.userId) ?? 0) < (served.get(best.userId) ?? 0)) best = e;
    }
    return best;
  }

  private pump(): void {
    for (let e = this.pick(this.lastServed); e && this.running.size < (this.opts.concurrency ?? 1); ) {
      this.waiting = this.waiting.filter((w) => w !== e);
      this.running.add(e);
      this.lastServed.set(e.userId, ++this.turn);
      this.start(e);
      e = this.pick(this.lastServed);
    }
    this.scheduleNotify();
  }

  private start(entry: Entry<Job, Result>): void {
    entry.startedAt = this.now();
    const onStart = () => {
      entry.startedAt = this.now();
    };
    const settle = (outcome: JobOutcome<Result>) => {
      this.running.delete(entry);
      this.live.delete(entry.id);
      if (!this.live.size) this.lastServed.clear();
      entry.resolve(entry.cancelledBy ? { status: 'cancelled', ...entry.cancelledBy } : outcome);
      this.pump();
    };
    // Promise.resolve().then also catches a `run` that throws synchronously; a failure must not stall the line.
    Promise.resolve()
      .then(() => this.opts.run(entry.job, entry.controller.signal, onStart))
      .then(
        (result) => {
          const seconds = (this.now() - (entry.startedAt ?? this.now())) / 1000;
          // Only finished images say how long an image takes; cancelled ones stopped early.
          if (!entry.cancelledBy) this.recent.push(seconds);
          if (this.recent.length > (this.opts.averageOver ?? 10)) this.recent.shift();
          settle({ status: 'done', result, seconds });
        },
        (error: unknown) => settle({ status: 'failed', error }),
      );
  }

  /** One pass per tick after a burst of changes; a listener hears only when its state or position moved. */
  private scheduleNotify(): void {
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    queueMicrotask(() => {
      this.notifyScheduled = false;
      for (const [entry, status] of this.statuses()) {
        const key = `${status.state}:${status.position}`;
        const onChange = entry.onChange;
        if (!onChange || entry.shown === key) continue;
        entry.shown = key;
        // A listener that throws or rejects (a failed edit) must not break the queue for everyone else.
        Promise.resolve()
          .then(() => onChange(status, entry.id))
          .catch(() => {});
      }
    });
  }
}
