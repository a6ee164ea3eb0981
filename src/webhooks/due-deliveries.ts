import { randomBytes } from 'node:crypto';
import { and, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { webhookAttempts, webhookEndpoints, webhookOutbox } from '../db/schema.js';
import { type DeliveryOutcome, nextAttemptDelay } from './outbox-schedule.js';

/** A claimed message, ready to sign and send. */
export interface DueMessage {
  /** The webhook-id: the same on every attempt. */
  id: string;
  endpointId: string;
  url: string;
  secret: string;
  /** The exact JSON that is signed and sent. */
  body: string;
  /** This attempt's number (1 for the first). */
  attempt: number;
}

/** What became of a message after an attempt. */
export type RecordedAs = 'delivered' | 'retrying' | 'failed' | 'endpoint_disabled';

/** Message, endpoint and attempt ids: a prefix and 128 random bits, safe in headers and URLs. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(16).toString('base64url')}`;
}

/** A timestamp `seconds` after the database's clock (every process schedules on the same clock). */
export const secondsFromNow = (seconds: number) => sql`now() + make_interval(secs => ${seconds}::double precision)`;

/**
 * The sender's side of the outbox: the deliveries that are due, as rows of the outbox table (durable, shared by every
 * process). Claim due messages, record each attempt, schedule the next.
 */
export class DueDeliveries {
  constructor(
    private readonly db: Db,
    private readonly schedule: readonly number[],
  ) {}

  /**
   * Claims up to `limit` due messages for `lockSec` seconds. The claim is a lease: rows locked by another process
   * are skipped, and a process killed mid-delivery leaves a lease that runs out, so the message is sent again.
   */
  async claim(limit: number, lockSec: number): Promise<DueMessage[]> {
    const due = this.db
      .select({ id: webhookOutbox.id })
      .from(webhookOutbox)
      .where(
        and(
          eq(webhookOutbox.status, 'pending'),
          lte(webhookOutbox.nextAttemptAt, sql`now()`),
          or(isNull(webhookOutbox.lockedUntil), lt(webhookOutbox.lockedUntil, sql`now()`)),
        ),
      )
      .orderBy(webhookOutbox.nextAttemptAt)
      .limit(limit)
      .for('update', { skipLocked: true });
    const claimed = await this.db
      .update(webhookOutbox)
      .set({ lockedUntil: secondsFromNow(lockSec) })
      .where(inArray(webhookOutbox.id, due))
      .returning();
    if (claimed.length === 0) return [];
    const endpoints = await this.db
      .select()
      .from(webhookEndpoints)
      .where(inArray(webhookEndpoints.id, [...new Set(claimed.map((r) => r.endpointId))]));
    const enabled = new Map(endpoints.filter((e) => !e.disabledAt).map((e) => [e.id, e]));
    const orphans = claimed.filter((r) => !enabled.has(r.endpointId)).map((r) => r.id);
    if (orphans.length > 0) {
      await this.db
        .update(webhookOutbox)
        .set({ status: 'cancelled', lockedUntil: null })
        .where(inArray(webhookOutbox.id, orphans));
    }
    return claimed.flatMap((row) => {
      const endpoint = enabled.get(row.endpointId);
      if (!endpoint) return [];
      const { id, endpointId, payload, attempts } = row;
      return [
        {
          id,
          endpointId,
          url: endpoint.url,
          secret: endpoint.secret,
          body: JSON.stringify(payload),
          attempt: attempts + 1,
        },
      ];
    });
  }

  /** Logs the attempt and moves the message on: delivered, retried later, failed for good, or cancelled (410). */
  async record(message: DueMessage, outcome: DeliveryOutcome, durationMs: number): Promise<RecordedAs> {
    return this.db.transaction(async (tx) => {
      await tx.insert(webhookAttempts).values({
        id: newId('att'),
        messageId: message.id,
        endpointId: message.endpointId,
        attempt: message.attempt,
        statusCode: outcome.statusCode,
        error: outcome.kind === 'delivered' ? null : outcome.error,
        durationMs: Math.round(durationMs),
      });
      const row = eq(webhookOutbox.id, message.id);
      const attempts = message.attempt;
      if (outcome.kind === 'delivered') {
        await tx
          .update(webhookOutbox)
          .set({ status: 'delivered', attempts, deliveredAt: sql`now()`, lockedUntil: null })
          .where(row);
        return 'delivered';
      }
      if (outcome.kind === 'gone') {
        await tx
          .update(webhookEndpoints)
          .set({ disabledAt: sql`now()`, disabledReason: outcome.error })
          .where(and(eq(webhookEndpoints.id, message.endpointId), isNull(webhookEndpoints.disabledAt)));
        await tx.update(webhookOutbox).set({ attempts }).where(row);
        await tx
          .update(webhookOutbox)
          .set({ status: 'cancelled', lockedUntil: null })
          .where(and(eq(webhookOutbox.endpointId, message.endpointId), eq(webhookOutbox.status, 'pending')));
        return 'endpoint_disabled';
      }
      const delay = nextAttemptDelay(this.schedule, attempts, outcome.retryAfterSec);
      await tx
        .update(webhookOutbox)
        .set(
          delay === undefined
            ? { status: 'failed', attempts, lockedUntil: null }
            : { attempts, lockedUntil: null, nextAttemptAt: secondsFromNow(delay) },
        )
        .where(and(row, eq(webhookOutbox.status, 'pending')));
      return delay === undefined ? 'failed' : 'retrying';
    });
  }

  /** Gives a claimed message back unsent (the sender is stopping): it is due again at once. */
  async release(message: DueMessage): Promise<void> {
    await this.db
      .update(webhookOutbox)
      .set({ lockedUntil: null })
      .where(and(eq(webhookOutbox.id, message.id), eq(webhookOutbox.status, 'pending')));
  }
}
