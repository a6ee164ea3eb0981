import { and, eq, lt, sql } from 'drizzle-orm';
import type { EventClaims, EventLease } from '../core/ports.js';
import type { MessageRef } from '../core/reply.js';
import type { Db } from '../db/client.js';
import { processedEvents } from '../db/schema.js';

/** The core's event claims plus the housekeeping the server runs: events past their TTL are forgotten. */
export interface DedupeStore extends EventClaims {
  sweep(): Promise<unknown>;
}

/**
 * Platforms redeliver: Slack retries an unacked event, gateways replay after a resume, webhooks retry. `claim`
 * takes (platform, eventId) with a lease of `leaseSec`: a redelivery while the lease lives, or after the run said
 * done, is a duplicate (undefined); one after a lease ran out without done (its process died mid-run) runs again.
 * Rows are the source of truth and every time is the database's, so every process of a deployment agrees.
 */
export class EventDedupe implements DedupeStore {
  constructor(
    private readonly db: Db,
    private readonly ttlSec: number,
    private readonly leaseSec = 300,
  ) {}

  /** How often a running event renews its lease: a few times per lease, so one slow write does not lose it. */
  get renewEveryMs(): number {
    return Math.max(250, Math.floor((this.leaseSec * 1000) / 3));
  }

  async claim(platform: string, eventId: string): Promise<EventLease | undefined> {
    const t = processedEvents;
    const leaseUntil = sql`now() + ${this.leaseSec} * interval '1 second'`;
    const expiresAt = sql`now() + ${this.ttlSec} * interval '1 second'`;
    // A row past its TTL is a new delivery of a recycled id: it starts over, forgetting the old replies.
    const recycled = sql`${t.expiresAt} < now()`;
    const [row] = await this.db
      .insert(t)
      .values({ platform, eventId, expiresAt, leaseUntil })
      .onConflictDoUpdate({
        target: [t.platform, t.eventId],
        set: {
          leaseUntil,
          expiresAt,
          doneAt: null,
          receivedAt: sql`now()`,
          attempts: sql`case when ${recycled} then 1 else ${t.attempts} + 1 end`,
          replyRefs: sql`case when ${recycled} then '[]'::jsonb else ${t.replyRefs} end`,
        },
        setWhere: sql`${recycled} or (${t.doneAt} is null and (${t.leaseUntil} is null or ${t.leaseUntil} < now()))`,
      })
      .returning({ attempts: t.attempts });
    return row ? this.lease(platform, eventId, row.attempts) : undefined;
  }

  /** Deletes expired rows; returns how many. */
  async sweep(): Promise<number> {
    const removed = await this.db
      .delete(processedEvents)
      .where(lt(processedEvents.expiresAt, new Date()))
      .returning({ eventId: processedEvents.eventId });
    return removed.length;
  }

  private lease(platform: string, eventId: string, attempt: number): EventLease {
    const t = processedEvents;
    // Only the attempt that holds the row writes to it: a process that lost its lease (stalled past it) is ignored.
    const mine = and(eq(t.platform, platform), eq(t.eventId, eventId), eq(t.attempts, attempt));
    return {
      attempt,
      renew: async () => {
        await this.db
          .update(t)
          .set({ leaseUntil: sql`now() + ${this.leaseSec} * interval '1 second'` })
          .where(and(mine, sql`${t.doneAt} is null`));
      },
      done: async () => {
        await this.db.update(t).set({ doneAt: sql`now()`, leaseUntil: null }).where(mine);
      },
      replies: {
        get: async (index) => {
          const [row] = await this.db
            .select({ ref: sql<MessageRef | null>`${t.replyRefs} -> ${index}::int` })
            .from(t)
            .where(and(eq(t.platform, platform), eq(t.eventId, eventId)));
          return row?.ref ?? undefined;
        },
        record: async (index, ref) => {
          const refs = JSON.stringify([{ id: ref.id, channelId: ref.channelId }]);
          await this.db
            .update(t)
            .set({ replyRefs: sql`${t.replyRefs} || ${refs}::jsonb` })
            .where(and(mine, sql`jsonb_array_length(${t.replyRefs}) = ${index}`));
        },
      },
    };
  }
}
