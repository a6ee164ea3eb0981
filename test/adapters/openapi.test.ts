import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

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
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>;
      webhooks: Record<string, unknown>;
    };
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');

    const listed = await fetch(`${server.url}/v1/skills`, { headers: { authorization: 'Bearer k' } });
    const { skills } = (await listed.json()) as { skills: { name: string; input: Record<string, unknown> }[] };
    expect(skills.length).toBeGreaterThan(5);
    for (const skill of skills) {
      const operation = doc.paths[`/v1/skills/${skill.name}`]?.post;
      expect(operation, skill.name).toBeDefined();
      if (skill.name === 'transcribe') continue;
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
    const sentiment = doc.paths['/v1/skills/sentiment']?.post as {
      responses: Record<string, { content: Record<string, { schema: { properties?: object } }> }>;
    };
    expect(Object.keys(sentiment.responses['200']?.content['application/json']?.schema.properties ?? {})).toEqual([
      'label',
      'scores',
      'model',
    ]);
  });
});
