import { Validator } from '@seriousme/openapi-schema-validator';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpApp, type HttpDeps } from '../../src/adapters/http/app.js';
import { InflightTracker } from '../../src/core/inflight.js';
import type { SkillRunner } from '../../src/core/run-skill.js';
import { createLogger } from '../../src/log.js';
import { createMetrics } from '../../src/metrics.js';
import type { AnySkill } from '../../src/skills/skill.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

type Operation = {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: { properties?: object } }> }>;
};
type Document = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  webhooks: Record<string, unknown>;
};

async function validate(doc: Document) {
  const validator = new Validator();
  const result = await validator.validate(doc);
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
  expect(validator.version).toBe('3.1');
}

/** GET /openapi.json: generated from the zod schemas that validate requests, and valid OpenAPI 3.1. */
describe('the OpenAPI document', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { API_KEYS: 'k' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('validates as OpenAPI 3 and covers every skill, the collections and the webhooks', async () => {
    const res = await fetch(`${server.url}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Document;
    await validate(doc);

    const listed = await fetch(`${server.url}/v1/skills`, { headers: { authorization: 'Bearer k' } });
    const { skills } = (await listed.json()) as { skills: { name: string; input: Record<string, unknown> }[] };
    expect(skills.length).toBeGreaterThan(5);
    for (const skill of skills) {
      const operation = doc.paths[`/v1/skills/${skill.name}`]?.post;
      expect(operation, skill.name).toBeDefined();
      // Uploads (and describe's links): their bodies are a file or a URL, not the skill's input as JSON.
      if (skill.name === 'transcribe' || skill.name === 'describe') continue;
      const { $schema: _, ...input } = skill.input;
      expect(operation?.requestBody?.content['application/json']?.schema, skill.name).toEqual(input);
    }
    for (const path of [
      '/v1/collections/{name}/documents',
      '/v1/webhooks/inbound',
      '/v1/webhooks/inbound/{id}/rotate',
      '/hooks/{id}',
      '/v1/webhooks/outbound',
      '/v1/webhooks/outbound/{id}/deliveries',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(Object.keys(doc.webhooks)).toContain('image.ready');
    const sentiment = doc.paths['/v1/skills/sentiment']?.post;
    expect(Object.keys(sentiment?.responses['200']?.content?.['application/json']?.schema.properties ?? {})).toEqual([
      'label',
      'scores',
      'model',
    ]);
  });
});

const skill = (name: string, input: z.ZodType): AnySkill => ({
  name,
  description: `The ${name} skill`,
  models: [],
  input,
  run: async () => ({}),
  render: () => ({ text: '' }),
});

/** An app with every optional part on; nothing here is called, the routes are only listed and documented. */
function everyPart(): HttpDeps {
  const inert = {} as never;
  return {
    log: createLogger('silent'),
    metrics: createMetrics(),
    runner: { get: () => undefined } as unknown as SkillRunner,
    skills: [
      skill('echo', z.object({ text: z.string() })),
      skill('kb', z.object({ do: z.string().optional() })),
      skill('imagine', z.object({ prompt: z.string() })),
      skill('transcribe', z.object({})),
    ],
    apiKeys: ['k'],
    keys: inert,
    doctor: async () => ({ ok: true }),
    bodyLimitBytes: 1024,
    uploadLimitBytes: 1024,
    audioLimitBytes: 1024,
    readForm: inert,
    inflight: new InflightTracker(),
    isReady: () => true,
    isDraining: () => false,
    outbound: { outbox: inert, allowHosts: [] },
    inbound: inert,
    toxicity: { languages: ['en'], detect: () => 'en', score: async () => ({}) },
    modelAudit: inert,
  };
}

describe('the routes and the document', () => {
  it('documents every route the app serves, and serves every documented operation', async () => {
    const app = createHttpApp(everyPart());
    const doc = (await (await app.request('/openapi.json')).json()) as Document;
    await validate(doc);

    // The served routes, matched the way the app matches them: each answers with its own method and pattern.
    const served = new Hono();
    const patterns = new Set<string>();
    for (const { method, path } of app.routes) {
      const route = `${method} ${path}`;
      if (method === 'ALL' || patterns.has(route)) continue;
      patterns.add(route);
      served.on(method, path, (c) => c.text(route));
    }
    const hit = new Set<string>();
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations)) {
        const concrete = path.replaceAll(/\{[^}]+\}/g, 'x1');
        const res = await served.request(concrete, { method: method.toUpperCase() });
        expect(res.status, `${method} ${path} is documented but not served`).toBe(200);
        hit.add(await res.text());
      }
    }
    expect([...patterns].filter((route) => !hit.has(route))).toEqual([]);
  });

  it('names each operation once and says who may call it', async () => {
    const app = createHttpApp(everyPart());
    const doc = (await (await app.request('/openapi.json')).json()) as Document;
    const operations = Object.values(doc.paths).flatMap((byMethod) => Object.values(byMethod));
    const ids = operations.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain(undefined);

    // Probes, the playground and signed deliveries need no key; /v1 names the scopes routeNeeds enforces.
    expect(doc.paths['/healthz']?.get?.security).toEqual([]);
    expect(doc.paths['/hooks/{id}']?.post?.security).toEqual([]);
    expect(doc.paths['/v1/keys']?.post?.security).toEqual([{ apiKey: ['operator'] }]);
    expect(doc.paths['/v1/keys/me']?.get?.security).toEqual([{ apiKey: [] }]);
    expect(doc.paths['/v1alpha1/comments:analyze']?.post?.security).toEqual([{ apiKey: ['skills'] }]);
    expect(doc.paths['/v1/collections/{name}/documents']?.get?.security).toEqual([{ apiKey: ['kb:read'] }]);
    expect(doc.paths['/v1/skills/echo']?.post?.security).toEqual([{ apiKey: ['skills'] }]);
    expect(doc.paths['/v1/skills/kb']?.post?.security).toEqual([{ apiKey: ['kb:write'] }, { apiKey: ['kb:read'] }]);
    const query = doc.paths['/v1/skills/transcribe']?.post?.parameters?.filter((p) => p.in === 'query');
    expect(query?.map((p) => p.name)).toEqual(['format', 'tenant']);
    // Every /v1 operation may be refused for its key.
    for (const [path, byMethod] of Object.entries(doc.paths)) {
      if (!path.startsWith('/v1/')) continue;
      for (const operation of Object.values(byMethod)) expect(Object.keys(operation.responses)).toContain('401');
    }
  });
});
