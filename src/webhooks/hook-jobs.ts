import { and, eq, or, sql } from 'drizzle-orm';
import type { WebhookEventType } from '../core/webhook-events.js';
import type { Db } from '../db/client.js';
import { inboundDeliveries } from '../db/schema.js';
import type { DbWebhookOutbox } from './outbox.js';

/** A slow inbound-hook run, stored with its input when its delivery was answered 202. */
export interface HookJob {
  hookId: string;
  messageId: string;
  input: unknown;
  /** 1 for the first run; more when earlier runs were cut off (their process stopped or died). */
  attempt: number;
}

/** The webhook event that ends a job: `hook.completed` (the skill ran, well or not) or `hook.failed`. */
export interface JobEnd {
  tenantId: string;
  type: Extract<WebhookEventType, 'hook.completed' | 'hook.failed'>;
  data: Record<string, unknown>;
}

/**
 * Slow inbound-hook runs as stored jobs in `inbound_deliveries`: a job is `pending` until the event that ends it is
 * written, in the same transaction that marks it `done`. A process runs a job while it holds its lease (renewed
 * while it runs); a job whose lease ran out (its process stopped or died) is taken again by whichever process
 * looks first, so no accepted delivery ends in silence.
 */
export class DbHookJobs {
  constructor(
    private readonly db: Db,
    private readonly outbox: DbWebhookOutbox,
    private readonly leaseSec: number,
  ) {}

  get renewEveryMs(): number {
    return Math.max(250, Math.floor((this.leaseSec * 1000) / 3));
  }

  /** Takes one job (the one just accepted, or one a redelivery asks about) if it is pending and nobody holds it. */
  async claim(hookId: string, messageId: string): Promise<HookJob | undefined> {
    const t = inboundDeliveries;
    const [job] = await this.take(and(eq(t.hookId, hookId), eq(t.messageId, messageId)), 1);
    return job;
  }

  /** Takes up to `limit` pending jobs nobody holds: those of processes that stopped or died. */
  async claimDue(limit = 10): Promise<HookJob[]> {
    return this.take(undefined, limit);
  }

  async renew(job: HookJob): Promise<void> {
    await this.db.update(inboundDeliveries).set({ jobLeaseUntil: this.leaseEnd() }).where(this.held(job));
  }

  /** Gives a job back (shutdown cut its run short): the next process takes it at once. */
  async release(job: HookJob): Promise<void> {
    await this.db.update(inboundDeliveries).set({ jobLeaseUntil: null }).where(this.held(job));
  }

  /**
   * Writes the event that ends the job and marks it done, in one transaction: either both happen or neither (and
   * the job runs again). False when another process ended it meanwhile (this one had lost its lease).
   */
  async finish(job: HookJob, end: JobEnd): Promise<boolean> {
    const ended = await this.db.transaction(async (tx) => {
      const marked = await tx
        .update(inboundDeliveries)
        .set({ jobState: 'done', jobLeaseUntil: null })
        .where(this.held(job))
        .returning({ hookId: inboundDeliveries.hookId });
      if (marked.length === 0) return false;
      await this.outbox.emitIn(tx, end.tenantId, end.type, end.data);
      return true;
    });
    if (ended) this.outbox.notify();
    return ended;
  }

  private async take(where: ReturnType<typeof and>, limit: number): Promise<HookJob[]> {
    const t = inboundDeliveries;
    const free = or(sql`${t.jobLeaseUntil} is null`, sql`${t.jobLeaseUntil} < now()`);
    const ids = this.db
      .select({ hookId: t.hookId, messageId: t.messageId })
      .from(t)
      .where(and(eq(t.jobState, 'pending'), free, where))
      .limit(limit)
      .for('update', { skipLocked: true });
    const rows = await this.db
      .update(t)
      .set({ jobLeaseUntil: this.leaseEnd(), jobAttempts: sql`${t.jobAttempts} + 1` })
      .where(and(sql`(${t.hookId}, ${t.messageId}) in ${ids}`, eq(t.jobState, 'pending'), free))
      .returning({ hookId: t.hookId, messageId: t.messageId, input: t.jobInput, attempt: t.jobAttempts });
    return rows;
  }

  /** The job's row while this attempt holds it (a later attempt by another process owns it otherwise). */
  private held(job: HookJob) {
    const t = inboundDeliveries;
    return and(
      eq(t.hookId, job.hookId),
      eq(t.messageId, job.messageId),
      eq(t.jobState, 'pending'),
      eq(t.jobAttempts, job.attempt),
    );
  }

  private leaseEnd() {
    return sql`now() + ${this.leaseSec} * interval '1 second'`;
  }
}
