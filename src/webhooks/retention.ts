import { and, lt, ne } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { inboundDeliveries, webhookAttempts, webhookOutbox } from '../db/schema.js';

/** How long finished outbound messages and their attempts stay in the delivery log. */
export const OUTBOX_RETENTION_DAYS = 30;
/**
 * How long an inbound webhook-id is remembered: longer than a sender's retries (the Standard Webhooks schedule spans
 * about a day and a half), so a late redelivery still gets the first answer.
 */
export const INBOUND_RETENTION_DAYS = 3;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes what the retention periods let go (pending messages always stay); returns how many rows of each. */
export async function sweepWebhooks(db: Db, now = new Date()) {
  const outboxCutoff = new Date(now.getTime() - OUTBOX_RETENTION_DAYS * DAY_MS);
  const inboundCutoff = new Date(now.getTime() - INBOUND_RETENTION_DAYS * DAY_MS);
  const messages = await db
    .delete(webhookOutbox)
    .where(and(ne(webhookOutbox.status, 'pending'), lt(webhookOutbox.createdAt, outboxCutoff)))
    .returning({ id: webhookOutbox.id });
  const attempts = await db
    .delete(webhookAttempts)
    .where(lt(webhookAttempts.at, outboxCutoff))
    .returning({ id: webhookAttempts.id });
  const deliveries = await db
    .delete(inboundDeliveries)
    .where(lt(inboundDeliveries.createdAt, inboundCutoff))
    .returning({ id: inboundDeliveries.messageId });
  return { messages: messages.length, attempts: attempts.length, deliveries: deliveries.length };
}
