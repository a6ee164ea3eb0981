import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { anyObject, body, errors, jsonBody, ok, pathParams } from './openapi.js';

/** /v1/webhooks/inbound's routes and /hooks/{id} as documented: bodies, answers, the signed delivery. */

export const inboundHookBody = z.object({
  skill: z.string().min(1).describe('The skill each delivery runs (its body is the skill input)'),
  destination: z
    .object({ platform: z.string().min(1).describe('discord or slack'), channelId: z.string().min(1) })
    .optional()
    .describe('A channel where each result is also posted'),
});

export const inboundHookCreated = z.object({
  id: z.string(),
  url: z.string().describe('Where deliveries go: POST, signed per Standard Webhooks'),
  skill: z.string(),
  destination: inboundHookBody.shape.destination,
  secret: z.string().describe('whsec_…: shown once'),
});

const hookId = pathParams({ id: 'The hook' });

export const createHookRoute = createRoute({
  method: 'post',
  path: '/webhooks/inbound',
  tags: ['webhooks'],
  operationId: 'createInboundHook',
  request: { body: { required: true, content: jsonBody(inboundHookBody, 'input') } },
  responses: {
    201: { description: 'The hook and its secret (shown once)', content: jsonBody(inboundHookCreated) },
    ...errors(400, 413, 503),
  },
});

export const listHooksRoute = createRoute({
  method: 'get',
  path: '/webhooks/inbound',
  tags: ['webhooks'],
  operationId: 'listInboundHooks',
  responses: {
    200: {
      description: 'The hooks, without secrets',
      content: jsonBody(
        z.object({
          hooks: z.array(
            z.object({
              id: z.string(),
              tenantId: z.string(),
              skill: z.string(),
              destination: inboundHookBody.shape.destination,
              createdAt: z.iso.datetime(),
            }),
          ),
        }),
      ),
    },
    ...errors(503),
  },
});

export const rotateHookRoute = createRoute({
  method: 'post',
  path: '/webhooks/inbound/{id}/rotate',
  tags: ['webhooks'],
  operationId: 'rotateInboundHook',
  request: { params: hookId },
  responses: {
    200: {
      description: 'The new secret; the old one works until previousValidUntil',
      content: jsonBody(z.object({ secret: z.string(), previousValidUntil: z.iso.datetime() })),
    },
    ...errors(404, 503),
  },
});

export const deleteHookRoute = createRoute({
  method: 'delete',
  path: '/webhooks/inbound/{id}',
  tags: ['webhooks'],
  operationId: 'deleteInboundHook',
  request: { params: hookId },
  responses: { 204: { description: 'Deleted' }, ...errors(404, 503) },
});

export const deliverRoute = createRoute({
  method: 'post',
  path: '/hooks/{id}',
  tags: ['webhooks'],
  operationId: 'deliverToHook',
  summary: "A delivery, signed per Standard Webhooks: its body is the hook's skill input",
  security: [],
  request: {
    params: hookId,
    headers: z.object({
      'webhook-id': z.string().describe('The message id: a redelivery with the same id gets the first answer'),
      'webhook-timestamp': z.string().describe('Unix seconds, within 5 minutes of now'),
      'webhook-signature': z.string().describe("v1,<base64 HMAC-SHA256> with one of the hook's secrets"),
    }),
    body: { required: true, content: body('application/json', anyObject) },
  },
  responses: {
    200: ok("The skill's result"),
    202: ok('Accepted: a slow skill, run as a stored job; hook.completed (or hook.failed) follows'),
    ...errors(400, 401, 403, 404, 409, 413, 422, 429, 503),
  },
});
