/**
 * The events outbound webhooks can subscribe to. Each is emitted once where it happens, with the tenant it belongs
 * to, and delivered to every enabled endpoint of that tenant subscribed to its type.
 */
export const WEBHOOK_EVENT_TYPES = [
  'moderation.case_created',
  'appeal.decided',
  'transcript.ready',
  'answer.created',
  'image.ready',
  'document.ingested',
  /** A slow skill run by an inbound hook finished (the delivery was answered 202). */
  'hook.completed',
  /** A slow run accepted by an inbound hook could not be completed (cut off too many times by restarts). */
  'hook.failed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * Where events go (the webhook outbox). `emit` resolves once the event is written and rejects when it could not be:
 * the caller fails its run rather than let an effect go unreported.
 */
export interface WebhookEvents {
  emit(tenantId: string, type: WebhookEventType, data: Record<string, unknown>): Promise<void>;
}

/** For servers (and tests) without outbound webhooks. */
export const noWebhookEvents: WebhookEvents = { emit: async () => {} };
