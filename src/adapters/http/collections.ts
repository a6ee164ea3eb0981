import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import type { SkillRunner } from '../../core/run-skill.js';
import type { FormReader } from '../../parse/index.js';
import type { Caller } from '../../skills/skill.js';
import type { ApiEnv } from './access.js';
import { cappedBody, errorResponse } from './errors.js';
import { readUpload } from './form.js';
import { anyObject, body, errors, jsonSchema, ok, pathParams, serve } from './openapi.js';

const collection = pathParams({ name: 'The collection' });

const documentUpload = z.object({
  file: z.string().meta({ contentMediaType: 'application/octet-stream' }).describe('The document (PDF, HTML, text, …)'),
  title: z.string().optional(),
});

const addDocumentRoute = createRoute({
  method: 'post',
  path: '/collections/{name}/documents',
  tags: ['collections'],
  operationId: 'addDocument',
  summary: "Adds a document: an upload, or JSON as the kb skill's add takes it (text or url, title)",
  request: {
    params: collection,
    body: {
      required: true,
      content: {
        ...body('application/json', anyObject),
        ...body('multipart/form-data', jsonSchema(documentUpload, 'input')),
      },
    },
  },
  responses: { 201: ok('The document was added'), ...errors(400, 413, 415, 422, 429, 503) },
});

const listDocumentsRoute = createRoute({
  method: 'get',
  path: '/collections/{name}/documents',
  tags: ['collections'],
  operationId: 'listDocuments',
  request: { params: collection },
  responses: { 200: ok('The documents'), ...errors(429, 503) },
});

const deleteDocumentRoute = createRoute({
  method: 'delete',
  path: '/collections/{name}/documents/{id}',
  tags: ['collections'],
  operationId: 'deleteDocument',
  request: { params: collection.extend(pathParams({ id: 'The document' }).shape) },
  responses: { 204: { description: 'Deleted' }, ...errors(404, 429, 503) },
});

/**
 * /v1/collections/{name}/documents: the knowledge base over REST, through the `kb` skill (so quotas, audit and
 * errors are the same as everywhere), for the tenant the key acts for (an operator's `?tenant=`, a Discord guild or
 * Slack team; without it, the API's own).
 */
export function mountCollections(
  api: OpenAPIHono<ApiEnv>,
  runner: SkillRunner,
  uploadLimitBytes: number,
  readForm: FormReader,
): void {
  const caller = (c: Context<ApiEnv>): Caller => c.get('caller');
  const run = async (c: Context<ApiEnv>, input: object, status: 200 | 201 = 200) => {
    const result = await runner.run('kb', input, caller(c), { signal: c.req.raw.signal });
    return result.ok ? c.json(result.output as object, status) : errorResponse(c, result.error);
  };

  serve(api, addDocumentRoute, cappedBody(uploadLimitBytes), async (c) => {
    const collection = c.req.param('name');
    const type = c.req.header('content-type') ?? '';
    if (type.startsWith('multipart/form-data')) {
      const form = await readUpload(c, readForm);
      const file = form?.files.file;
      if (!file) {
        return errorResponse(c, {
          code: 'bad_request',
          message: 'send the document as a multipart field named "file"',
        });
      }
      const title = form?.fields.title;
      const upload = { bytes: file.bytes, filename: file.name, contentType: file.type };
      return run(c, { do: 'add', collection, upload, ...(typeof title === 'string' ? { title } : {}) }, 201);
    }
    let body: Record<string, unknown>;
    try {
      body = (await c.req.json()) as Record<string, unknown>;
    } catch {
      return errorResponse(c, { code: 'invalid_json', message: 'the request body is not valid JSON' });
    }
    return run(c, { ...body, do: 'add', collection }, 201);
  });

  serve(api, listDocumentsRoute, (c) => run(c, { do: 'list', collection: c.req.param('name') }));

  serve(api, deleteDocumentRoute, async (c) => {
    const result = await runner.run(
      'kb',
      { do: 'delete', collection: c.req.param('name'), document: c.req.param('id') },
      caller(c),
    );
    return result.ok ? c.body(null, 204) : errorResponse(c, result.error);
  });
}
