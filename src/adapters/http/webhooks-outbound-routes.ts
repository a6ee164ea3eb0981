import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from '../../core/webhook-events.js';
import { errors, jsonBody, jsonSchema, ok, pathParams } from './openapi.js';

/** /v1/webhooks/outbound's routes as documented (bodies, answers), and the events endpoints receive. */

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

const endpointId = pathParams({ id: 'The endpoint' });

export const subscribeRoute = createRoute({
  method: 'post',
  path: '/webhooks/outbound',
  tags: ['webhooks'],
  operationId: 'subscribe',
  request: { body: { required: true, content: jsonBody(outboundSubscriptionBody, 'input') } },
  responses: {
    201: { description: 'The endpoint and its secret (shown once)', content: jsonBody(outboundSubscriptionCreated) },
    ...errors(400, 413, 503),
  },
});
export const listEndpointsRoute = createRoute({
  method: 'get',
  path: '/webhooks/outbound',
  tags: ['webhooks'],
  operationId: 'listOutboundEndpoints',
  responses: { 200: { description: 'The endpoints', content: jsonBody(outboundEndpointList) }, ...errors(503) },
});
export const unsubscribeRoute = createRoute({
  method: 'delete',
  path: '/webhooks/outbound/{id}',
  tags: ['webhooks'],
  operationId: 'unsubscribe',
  request: { params: endpointId },
  responses: { 204: { description: 'Deleted' }, ...errors(404, 503) },
});
export const deliveryLogRoute = createRoute({
  method: 'get',
  path: '/webhooks/outbound/{id}/deliveries',
  tags: ['webhooks'],
  operationId: 'deliveryLog',
  request: { params: endpointId },
  responses: {
    200: { description: 'Messages and their attempts', content: jsonBody(outboundDeliveryLog) },
    ...errors(404, 503),
  },
});
export const redeliverRoute = createRoute({
  method: 'post',
  path: '/webhooks/outbound/{id}/deliveries/{messageId}/redeliver',
  tags: ['webhooks'],
  operationId: 'redeliver',
  request: { params: endpointId.extend(pathParams({ messageId: 'The webhook-id' }).shape) },
  responses: {
    202: ok('Queued again', jsonSchema(z.object({ id: z.string(), status: z.literal('pending') }))),
    ...errors(400, 404, 503),
  },
});

/** What an endpoint receives: one event, signed per Standard Webhooks. */
const signedHeaders = z.object({
  'webhook-id': z.string().describe('The message id: the same on every attempt'),
  'webhook-timestamp': z.string().describe('Unix seconds'),
  'webhook-signature': z.string().describe('v1,<base64 HMAC-SHA256> with the secret'),
});

/** The events (`webhooks` in the document) this server sends to subscribed endpoints. */
export function documentOutboundEvents(app: OpenAPIHono): void {
  for (const type of WEBHOOK_EVENT_TYPES) {
    const event = z.object({
      type: z.literal(type),
      timestamp: z.iso.datetime(),
      data: z.record(z.string(), z.unknown()),
    });
    app.openAPIRegistry.registerWebhook({
      method: 'post',
      path: type,
      summary: `${type}, signed per Standard Webhooks`,
      // Sent by this server: the receiver checks webhook-signature, not an API key.
      security: [],
      request: { headers: signedHeaders, body: { required: true, content: jsonBody(event) } },
      responses: {
        200: { description: 'Any 2xx: delivered. 410: the endpoint is disabled. Others are retried.' },
      },
    });
  }
}
