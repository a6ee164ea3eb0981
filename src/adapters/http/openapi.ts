import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from '../../core/webhook-events.js';
import type { AnySkill } from '../../skills/skill.js';
import { keyCreateBody } from './keys.js';
import { inboundHookBody, inboundHookCreated } from './webhooks-inbound.js';
import {
  outboundDeliveryLog,
  outboundEndpointList,
  outboundSubscriptionBody,
  outboundSubscriptionCreated,
} from './webhooks-outbound.js';

type Json = Record<string, unknown>;

/** A zod schema as an OpenAPI 3.1 schema (JSON Schema 2020-12); what JSON cannot express becomes "any". */
function schemaOf(schema: z.ZodType, io: 'input' | 'output' = 'output'): Json {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return json;
}

const errorBody = z.object({
  error: z.object({
    code: z.string().describe('Machine-readable: bad_request, unauthorized, not_found, quota_exceeded, …'),
    message: z.string().describe('What went wrong, for people'),
    errorId: z.string().optional().describe('Find it in the server log'),
  }),
});

const json = (schema: Json) => ({ 'application/json': { schema } });
const anyObject = { type: 'object', additionalProperties: true };
const errors = {
  '400': { $ref: '#/components/responses/Error' },
  '401': { $ref: '#/components/responses/Error' },
  '429': { $ref: '#/components/responses/Error' },
  '503': { $ref: '#/components/responses/Error' },
};
const ok = (description: string, schema: Json = anyObject) => ({ description, content: json(schema) });
const pathParam = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});

/** One skill's route: the generic JSON route, or the upload and image routes of transcribe and imagine. */
function skillOperation(skill: AnySkill): Json {
  const base = { tags: ['skills'], summary: skill.description, operationId: `skill_${skill.name}` };
  if (skill.name === 'transcribe') {
    const form = {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' } },
    };
    return {
      ...base,
      parameters: [{ name: 'format', in: 'query', schema: { enum: ['json', 'vtt', 'txt'] } }],
      requestBody: { required: true, content: { 'multipart/form-data': { schema: form } } },
      responses: { '200': ok('The transcript; WebVTT or text with ?format='), ...errors },
    };
  }
  const body = { required: true, content: json(schemaOf(skill.input, 'input')) };
  if (skill.name === 'imagine') {
    const png = { 'image/png': { schema: { type: 'string', contentMediaType: 'image/png' } } };
    const responses = {
      '200': { description: 'The image (JSON with base64 when Accept: application/json)', content: png },
    };
    return {
      ...base,
      requestBody: body,
      responses: { ...responses, '422': { $ref: '#/components/responses/Error' }, ...errors },
    };
  }
  const stream = { 'text/event-stream': { schema: { type: 'string' } } };
  const responses = {
    '200': {
      description: "The skill's result; progress events first with Accept: text/event-stream",
      content: { ...json(skill.output ? schemaOf(skill.output) : anyObject), ...stream },
    },
  };
  return { ...base, requestBody: body, responses: { ...responses, ...errors } };
}

/** The webhook-id, webhook-timestamp and webhook-signature headers of a Standard Webhooks delivery. */
const signedHeaders = ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => ({
  name,
  in: 'header',
  required: true,
  schema: { type: 'string' },
}));

/**
 * The OpenAPI 3.1 document of the /v1 API, generated from the same zod schemas that validate requests: every
 * skill's input, the webhooks' bodies and answers, and the outbound events as `webhooks`.
 */
export function openApiDocument(skills: readonly AnySkill[]): Json {
  const paths: Json = {};
  for (const skill of skills) paths[`/v1/skills/${skill.name}`] = { post: skillOperation(skill) };
  const name = pathParam('name', 'The collection');
  paths['/v1/collections/{name}/documents'] = {
    get: {
      tags: ['collections'],
      operationId: 'listDocuments',
      parameters: [name],
      responses: { '200': ok('The documents'), ...errors },
    },
    post: {
      tags: ['collections'],
      operationId: 'addDocument',
      parameters: [name],
      requestBody: { content: { ...json(anyObject), 'multipart/form-data': { schema: anyObject } } },
      responses: { '201': ok('The document was added'), ...errors },
    },
  };
  paths['/v1/collections/{name}/documents/{id}'] = {
    delete: {
      tags: ['collections'],
      operationId: 'deleteDocument',
      parameters: [name, pathParam('id', 'The document')],
      responses: { '200': ok('Deleted'), ...errors },
    },
  };
  const tenant = {
    name: 'tenant',
    in: 'query',
    description: 'A Discord guild or Slack team id',
    schema: { type: 'string' },
  };
  paths['/v1/moderation/cases'] = {
    get: {
      tags: ['moderation'],
      operationId: 'listCases',
      parameters: [
        tenant,
        { name: 'user', in: 'query', schema: { type: 'string' } },
        { name: 'q', in: 'query', schema: { type: 'string' } },
      ],
      responses: { '200': ok('The cases, newest first'), ...errors },
    },
  };
  paths['/v1/moderation/cases/{number}'] = {
    get: {
      tags: ['moderation'],
      operationId: 'getCase',
      parameters: [tenant, pathParam('number', 'The case number')],
      responses: { '200': ok('The case'), '404': { $ref: '#/components/responses/Error' }, ...errors },
    },
  };
  paths['/v1/keys'] = {
    get: {
      tags: ['keys'],
      operationId: 'listKeys',
      responses: { '200': ok('Every key, never the keys themselves'), ...errors },
    },
    post: {
      tags: ['keys'],
      operationId: 'createKey',
      summary: "A tenant's key (operator keys only); the key is in the answer once",
      requestBody: { required: true, content: json(schemaOf(keyCreateBody, 'input')) },
      responses: { '201': ok('The key, its id, tenant and scopes'), ...errors },
    },
  };
  paths['/v1/keys/{id}'] = {
    delete: {
      tags: ['keys'],
      operationId: 'revokeKey',
      parameters: [pathParam('id', 'The key id')],
      responses: { '204': { description: 'Revoked' }, ...errors },
    },
  };
  paths['/v1/keys/me'] = {
    get: {
      tags: ['keys'],
      operationId: 'whoAmI',
      responses: { '200': ok("The key's kind, tenant and scopes"), ...errors },
    },
  };
  const hookId = pathParam('id', 'The hook');
  paths['/v1/webhooks/inbound'] = {
    get: {
      tags: ['webhooks'],
      operationId: 'listInboundHooks',
      responses: { '200': ok('The hooks, without secrets'), ...errors },
    },
    post: {
      tags: ['webhooks'],
      operationId: 'createInboundHook',
      requestBody: { required: true, content: json(schemaOf(inboundHookBody, 'input')) },
      responses: { '201': ok('The hook and its secret (shown once)', schemaOf(inboundHookCreated)), ...errors },
    },
  };
  paths['/v1/webhooks/inbound/{id}/rotate'] = {
    post: {
      tags: ['webhooks'],
      operationId: 'rotateInboundHook',
      parameters: [hookId],
      responses: { '200': ok('The new secret; the old one works until previousValidUntil'), ...errors },
    },
  };
  paths['/v1/webhooks/inbound/{id}'] = {
    delete: {
      tags: ['webhooks'],
      operationId: 'deleteInboundHook',
      parameters: [hookId],
      responses: { '204': { description: 'Deleted' }, ...errors },
    },
  };
  paths['/hooks/{id}'] = {
    post: {
      tags: ['webhooks'],
      operationId: 'deliverToHook',
      summary: "A delivery, signed per Standard Webhooks: its body is the hook's skill input",
      security: [],
      parameters: [hookId, ...signedHeaders],
      requestBody: { required: true, content: json(anyObject) },
      responses: {
        '200': ok("The skill's result"),
        '202': ok('Accepted: a slow skill, run as a stored job; hook.completed (or hook.failed) follows'),
        '404': { $ref: '#/components/responses/Error' },
        ...errors,
      },
    },
  };
  const endpointId = pathParam('id', 'The endpoint');
  paths['/v1/webhooks/outbound'] = {
    get: {
      tags: ['webhooks'],
      operationId: 'listOutboundEndpoints',
      responses: { '200': ok('The endpoints', schemaOf(outboundEndpointList)), ...errors },
    },
    post: {
      tags: ['webhooks'],
      operationId: 'subscribe',
      requestBody: { required: true, content: json(schemaOf(outboundSubscriptionBody, 'input')) },
      responses: {
        '201': ok('The endpoint and its secret (shown once)', schemaOf(outboundSubscriptionCreated)),
        ...errors,
      },
    },
  };
  paths['/v1/webhooks/outbound/{id}'] = {
    delete: {
      tags: ['webhooks'],
      operationId: 'unsubscribe',
      parameters: [endpointId],
      responses: { '204': { description: 'Deleted' }, ...errors },
    },
  };
  paths['/v1/webhooks/outbound/{id}/deliveries'] = {
    get: {
      tags: ['webhooks'],
      operationId: 'deliveryLog',
      parameters: [endpointId],
      responses: { '200': ok('Messages and their attempts', schemaOf(outboundDeliveryLog)), ...errors },
    },
  };
  paths['/v1/webhooks/outbound/{id}/deliveries/{messageId}/redeliver'] = {
    post: {
      tags: ['webhooks'],
      operationId: 'redeliver',
      parameters: [endpointId, pathParam('messageId', 'The webhook-id')],
      responses: { '202': ok('Queued again'), ...errors },
    },
  };
  const event = (type: string) => ({
    post: {
      summary: `${type}, signed per Standard Webhooks`,
      parameters: signedHeaders,
      requestBody: {
        content: json({
          type: 'object',
          required: ['type', 'timestamp', 'data'],
          properties: { type: { const: type }, timestamp: { type: 'string', format: 'date-time' }, data: anyObject },
        }),
      },
      responses: { '200': { description: 'Any 2xx: delivered. 410: the endpoint is disabled. Others are retried.' } },
    },
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'open-model-bot API',
      version: '1',
      description: 'Skills, collections and webhooks of this server.',
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    paths,
    webhooks: Object.fromEntries(WEBHOOK_EVENT_TYPES.map((t) => [t, event(t)])),
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'A key from API_KEYS' } },
      schemas: { Error: schemaOf(errorBody) },
      responses: { Error: { description: 'An error', content: json({ $ref: '#/components/schemas/Error' }) } },
    },
  };
}
