import { randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { WebhookEvents, WebhookEventType } from '../core/webhook-events.js';
import type { Db } from '../db/client.js';
import { webhookAttempts, webhookEndpoints, webhookOutbox } from '../db/schema.js';
import type { Logger } from '../log.js';
import { DueDeliveries, newId, secondsFromNow } from './due-deliveries.js';

export interface OutboundEndpoint {
  id: string;
  url: string;
  events: WebhookEventType[];
  disabledAt: Date | null;
  disabledReason: string | null;
  createdAt: Date;
}

export interface AttemptRecord {
  attempt: number;
  /** Null when there was no answer (timeout, refused connection). */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  at: Date;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

/** One message (one webhook-id) to one endpoint, with every attempt made so far. */
export interface DeliveryRecord {
  id: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  createdAt: Date;
  deliveredAt: Date | null;
  log: AttemptRecord[];
}

export interface OutboxOptions {
  log: Logger;
  /** Seconds before attempt 1, 2, 3, …: WEBHOOK_RETRY_SCHEDULE. */
  retrySchedule: readonly number[];
}

const LISTED_DELIVERIES = 50;

/**
 * Outbound webhooks over the database: endpoints per tenant, and the outbox every event goes through. Emitting
 * writes one row per subscribed endpoint; the sender claims due rows (`due`), so deliveries survive restarts and
 * two processes never send the same row at once.
 */
export class DbWebhookOutbox implements WebhookEvents {
  readonly due: DueDeliveries;
  private wakeUp: () => void = () => {};

  constructor(
    private readonly db: Db,
    private readonly options: OutboxOptions,
  ) {
    this.due = new DueDeliveries(db, options.retrySchedule);
  }

  /** Called after an event was written, so the sender need not wait for its next poll. */
  onEmitted(listener: () => void): void {
    this.wakeUp = listener;
  }

  /** Writes the event for each subscribed endpoint; a database failure is thrown to the caller, never swallowed. */
  async emit(tenantId: string, type: WebhookEventType, data: Record<string, unknown>): Promise<void> {
    if (await this.emitIn(this.db, tenantId, type, data)) this.wakeUp();
  }

  /**
   * Writes the event in `tx`, the transaction of the state change it reports; true when some endpoint gets it (then
   * call `notify` once committed).
   */
  async emitIn(tx: Db, tenantId: string, type: WebhookEventType, data: Record<string, unknown>): Promise<boolean> {
    const endpoints = await tx
      .select({ id: webhookEndpoints.id })
      .from(webhookEndpoints)
      .where(
        and(
          eq(webhookEndpoints.tenantId, tenantId),
          isNull(webhookEndpoints.disabledAt),
          sql`${webhookEndpoints.events} @> ${JSON.stringify([type])}::jsonb`,
        ),
      );
    if (endpoints.length === 0) return false;
    const payload = { type, timestamp: new Date().toISOString(), data };
    const firstDelay = this.options.retrySchedule[0] ?? 0;
    await tx.insert(webhookOutbox).values(
      endpoints.map((e) => ({
        id: newId('msg'),
        endpointId: e.id,
        eventType: type,
        payload,
        nextAttemptAt: secondsFromNow(firstDelay),
      })),
    );
    return true;
  }

  /** Wakes the sender for events committed by `emitIn`. */
  notify(): void {
    this.wakeUp();
  }

  /** A new endpoint with its signing secret (whsec_…, shown once). The target URL is checked by the caller. */
  async subscribe(
    tenantId: string,
    url: string,
    events: readonly WebhookEventType[],
  ): Promise<OutboundEndpoint & { secret: string }> {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const [row] = await this.db
      .insert(webhookEndpoints)
      .values({ id: newId('ep'), tenantId, url, events: [...new Set(events)], secret })
      .returning();
    if (!row) throw new Error('the endpoint was not stored');
    return { ...toEndpoint(row), secret };
  }

  async list(tenantId: string): Promise<OutboundEndpoint[]> {
    const rows = await this.db
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.tenantId, tenantId))
      .orderBy(webhookEndpoints.createdAt);
    return rows.map(toEndpoint);
  }

  async get(tenantId: string, id: string): Promise<OutboundEndpoint | undefined> {
    const [row] = await this.db
      .select()
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id)));
    return row ? toEndpoint(row) : undefined;
  }

  /** Deletes the endpoint; its pending messages are cancelled. False when the tenant has no such endpoint. */
  async remove(tenantId: string, id: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const deleted = await tx
        .delete(webhookEndpoints)
        .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id)))
        .returning({ id: webhookEndpoints.id });
      if (deleted.length === 0) return false;
      await tx
        .update(webhookOutbox)
        .set({ status: 'cancelled', lockedUntil: null })
        .where(and(eq(webhookOutbox.endpointId, id), eq(webhookOutbox.status, 'pending')));
      return true;
    });
  }

  /** The delivery log: the endpoint's latest messages, newest first, each with its attempts. */
  async deliveries(tenantId: string, endpointId: string): Promise<DeliveryRecord[] | undefined> {
    if (!(await this.get(tenantId, endpointId))) return undefined;
    const messages = await this.db
      .select()
      .from(webhookOutbox)
      .where(eq(webhookOutbox.endpointId, endpointId))
      .orderBy(desc(webhookOutbox.createdAt), desc(webhookOutbox.id))
      .limit(LISTED_DELIVERIES);
    const attempts = messages.length
      ? await this.db
          .select()
          .from(webhookAttempts)
          .where(
            inArray(
              webhookAttempts.messageId,
              messages.map((m) => m.id),
            ),
          )
          .orderBy(webhookAttempts.attempt, webhookAttempts.at)
      : [];
    return messages.map((m) => ({
      id: m.id,
      eventType: m.eventType,
      status: m.status as DeliveryStatus,
      attempts: m.attempts,
      nextAttemptAt: m.nextAttemptAt,
      createdAt: m.createdAt,
      deliveredAt: m.deliveredAt,
      log: attempts
        .filter((a) => a.messageId === m.id)
        .map(({ attempt, statusCode, error, durationMs, at }) => ({ attempt, statusCode, error, durationMs, at })),
    }));
  }

  /**
   * Sends a message again now, with the same webhook-id (one more attempt when its retries were used up).
   * 'disabled' when the endpoint is, 'not_found' when the tenant has no such endpoint or message.
   */
  async redeliver(
    tenantId: string,
    endpointId: string,
    messageId: string,
  ): Promise<'queued' | 'disabled' | 'not_found'> {
    const endpoint = await this.get(tenantId, endpointId);
    if (!endpoint) return 'not_found';
    if (endpoint.disabledAt) return 'disabled';
    const updated = await this.db
      .update(webhookOutbox)
      .set({ status: 'pending', nextAttemptAt: sql`now()` })
      .where(and(eq(webhookOutbox.id, messageId), eq(webhookOutbox.endpointId, endpointId)))
      .returning({ id: webhookOutbox.id });
    if (updated.length === 0) return 'not_found';
    this.wakeUp();
    return 'queued';
  }
}

function toEndpoint(row: typeof webhookEndpoints.$inferSelect): OutboundEndpoint {
  return {
    id: row.id,
    url: row.url,
    events: row.events as WebhookEventType[],
    disabledAt: row.disabledAt,
    disabledReason: row.disabledReason,
    createdAt: row.createdAt,
  };
}
