import type { Hono } from 'hono';
import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from '../../core/webhook-events.js';
import type { Caller } from '../../skills/skill.js';
import { allowHostSet, refusedTarget } from '../../webhooks/outbound-target.js';
import type { DbWebhookOutbox, OutboundEndpoint } from '../../webhooks/outbox.js';
import type { ApiEnv } from './access.js';
import { errorResponse } from './errors.js';

export const outboundSubscriptionBody = z.object({
  url: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .describe('Where events are POSTed, signed per Standard Webhooks'),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).describe('The event types delivered to this endpoint'),
});

export const outboundEndpointView = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  disabled: z.boolean().describe('Nothing is sent to a disabled endpoint'),
  disabledAt: z.iso.datetime().nullable(),
  disabledReason: z.string().nullable().describe('Why it was disabled (e.g. the receiver answered 410 Gone)'),
  createdAt: z.iso.datetime(),
});

export const outboundSubscriptionCreated = outboundEndpointView.extend({
  secret: z.string().describe('whsec_…: verifies webhook-signature; shown once'),
});

export const outboundEndpointList = z.object({ endpoints: z.array(outboundEndpointView) });

export const outboundDeliveryLog = z.object({
  deliveries: z.array(
    z.object({
      id: z.string().describe('The webhook-id: the same on every attempt'),
      eventType: z.string(),
      status: z.enum(['pending', 'delivered', 'failed', 'cancelled']),
      attempts: z.number().int(),
      nextAttemptAt: z.iso.datetime().describe('When a pending message is sent next'),
      createdAt: z.iso.datetime(),
      deliveredAt: z.iso.datetime().nullable(),
      log: z.array(
        z.object({
          attempt: z.number().int(),
          statusCode: z.number().int().nullable().describe('Null when there was no answer'),
          error: z.string().nullable(),
          durationMs: z.number().int(),
          at: z.iso.datetime(),
        }),
      ),
    }),
  ),
});

export interface OutboundWebhookOptions {
  /** WEBHOOK_ALLOW_HOSTS: private hosts endpoints may point at. */
  allowHosts: readonly string[];
}

export interface OutboundWebhookDeps extends OutboundWebhookOptions {
  outbox: DbWebhookOutbox;
}

const NO_ENDPOINT = 'no such outbound webhook endpoint';

/**
 * /v1/webhooks/outbound: endpoints that receive this tenant's events, their delivery log, and redelivery. A tenant
 * only ever sees its own endpoints.
 */
export function mountOutboundWebhooks(
  api: Hono<ApiEnv>,
  outbox: DbWebhookOutbox,
  options: OutboundWebhookOptions,
): void {
  const allowHosts = allowHostSet(options.allowHosts);
  const tenant = (c: { get(key: 'caller'): Caller }) => c.get('caller').tenantId;

  api.post('/webhooks/outbound', async (c) => {
    const parsed = outboundSubscriptionBody.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return errorResponse(c, { code: 'bad_request', message: z.prettifyError(parsed.error) });
    const { url, events } = parsed.data;
    const refused = await refusedTarget(url, allowHosts);
    if (refused) return errorResponse(c, { code: 'bad_request', message: `url refused: ${refused}` });
    const { secret, ...endpoint } = await outbox.subscribe(tenant(c), url, events);
    const created: z.input<typeof outboundSubscriptionCreated> = { ...view(endpoint), secret };
    return c.json(created, 201);
  });

  api.get('/webhooks/outbound', async (c) => {
    const list: z.input<typeof outboundEndpointList> = { endpoints: (await outbox.list(tenant(c))).map(view) };
    return c.json(list);
  });

  api.delete('/webhooks/outbound/:id', async (c) =>
    (await outbox.remove(tenant(c), c.req.param('id')))
      ? c.body(null, 204)
      : errorResponse(c, { code: 'not_found', message: NO_ENDPOINT }),
  );

  api.get('/webhooks/outbound/:id/deliveries', async (c) => {
    const deliveries = await outbox.deliveries(tenant(c), c.req.param('id'));
    if (!deliveries) return errorResponse(c, { code: 'not_found', message: NO_ENDPOINT });
    const log: z.input<typeof outboundDeliveryLog> = {
      deliveries: deliveries.map((d) => ({
        ...d,
        nextAttemptAt: d.nextAttemptAt.toISOString(),
        createdAt: d.createdAt.toISOString(),
        deliveredAt: d.deliveredAt?.toISOString() ?? null,
        log: d.log.map((a) => ({ ...a, at: a.at.toISOString() })),
      })),
    };
    return c.json(log);
  });

  api.post('/webhooks/outbound/:id/deliveries/:messageId/redeliver', async (c) => {
    const messageId = c.req.param('messageId');
    const result = await outbox.redeliver(tenant(c), c.req.param('id'), messageId);
    if (result === 'not_found') return errorResponse(c, { code: 'not_found', message: 'no such endpoint or message' });
    if (result === 'disabled') {
      return errorResponse(c, { code: 'bad_request', message: 'the endpoint is disabled: nothing is sent to it' });
    }
    return c.json({ id: messageId, status: 'pending' }, 202);
  });
}

function view(endpoint: OutboundEndpoint): z.input<typeof outboundEndpointView> {
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events,
    disabled: endpoint.disabledAt !== null,
    disabledAt: endpoint.disabledAt?.toISOString() ?? null,
    disabledReason: endpoint.disabledReason,
    createdAt: endpoint.createdAt.toISOString(),
  };
}
