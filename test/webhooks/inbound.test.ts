import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventually } from '../adapters/contract.js';
import { RecordingAdapter } from '../fakes/recording-adapter.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';
import { fixtureEnv, postJson, startTestServer, type TestServer } from '../helpers/server.js';

describe('the standardwebhooks library against the spec test vector', () => {
  const vector = {
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    timestamp: 1614265330,
    body: '{"test": 2432232314}',
    signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  };
  afterEach(() => {
    vi.useRealTimers();
  });

  it('signs and verifies the published vector, and refuses it five minutes later', () => {
    const hook = new Webhook(vector.secret);
    expect(hook.sign(vector.id, new Date(vector.timestamp * 1000), vector.body)).toBe(vector.signature);
    const headers = {
      'webhook-id': vector.id,
      'webhook-timestamp': String(vector.timestamp),
      'webhook-signature': `v1,bm9wZQ== ${vector.signature}`,
    };
    vi.useFakeTimers({ now: vector.timestamp * 1000, toFake: ['Date'] });
    expect(hook.verify(vector.body, headers)).toEqual({ test: 2432232314 });
    vi.setSystemTime((vector.timestamp + 301) * 1000);
    expect(() => hook.verify(vector.body, headers)).toThrow(/too old/i);
  });
});

/** Inbound hooks on the sentiment fixture through the real server: Standard Webhooks deliveries run the skill once. */
describe('inbound webhooks', () => {
  const modelsDir = tempDir('omb-models-');
  const chat = new RecordingAdapter();
  let server: TestServer;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['sentiment'] });
    server = await startTestServer({ adapters: [chat], env: fixtureEnv(modelsDir) });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  interface Created {
    id: string;
    url: string;
    secret: string;
  }
  const createHook = async (body: object): Promise<Created> => {
    const res = await postJson(server, '/v1/webhooks/inbound', body);
    expect(res.status).toBe(201);
    return (await res.json()) as Created;
  };
  let messages = 0;
  /** A delivery as a sender makes it: its own webhook-id unless given, signed now (or `skewSec` off) with `secret`. */
  const deliver = (url: string, secret: string, body: object, options: { id?: string; skewSec?: number } = {}) => {
    const raw = JSON.stringify(body);
    const id = options.id ?? `msg_${++messages}`;
    const at = new Date(Date.now() + (options.skewSec ?? 0) * 1000);
    const headers = {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, at, raw),
    };
    return fetch(url, { method: 'POST', headers, body: raw });
  };
  const sentimentRuns = async () => {
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    return Number(/skill_runs_total\{skill="sentiment",status="ok"\} (\d+)/.exec(metrics)?.[1] ?? 0);
  };

  it('runs the skill for a signed delivery, posts to the destination, and answers a duplicate the same, once', async () => {
    const hook = await createHook({ skill: 'sentiment', destination: { platform: 'recording', channelId: 'ci' } });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(hook.url).toBe(`${server.url}/hooks/${hook.id}`);
    const before = await sentimentRuns();
    const first = await deliver(hook.url, hook.secret, { text: 'I love this, it is wonderful' }, { id: 'msg_dup' });
    expect(first.status).toBe(200);
    const answer = (await first.json()) as { label: string };
    expect(answer.label).toBeTruthy();
    await eventually(() => expect(chat.platformOps.filter((op) => op.op === 'post')).toHaveLength(1));
    expect(chat.visible({ channelId: 'ci' })).toHaveLength(1);

    const again = await deliver(hook.url, hook.secret, { text: 'I love this, it is wonderful' }, { id: 'msg_dup' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(answer);
    expect(await sentimentRuns()).toBe(before + 1);
    expect(chat.platformOps.filter((op) => op.op === 'post')).toHaveLength(1);
  });

  it('refuses forged, stale, future and unsigned deliveries with 401, and unknown hooks with 404', async () => {
    const hook = await createHook({ skill: 'sentiment' });
    const body = { text: 'fine' };
    const forged = await deliver(hook.url, 'whsec_bm90IHRoZSBzZWNyZXQgYXQgYWxsIQ==', body);
    const stale = await deliver(hook.url, hook.secret, body, { skewSec: -400 });
    const future = await deliver(hook.url, hook.secret, body, { skewSec: 400 });
    const unsigned = await fetch(hook.url, { method: 'POST', body: JSON.stringify(body) });
    expect([forged.status, stale.status, future.status, unsigned.status]).toEqual([401, 401, 401, 401]);
    const reasons = await Promise.all(
      [forged, stale, future].map(async (r) => ((await r.json()) as { error: { message: string } }).error.message),
    );
    expect(reasons[0]).toMatch(/signature/);
    expect(reasons[1]).toMatch(/too old/);
    expect(reasons[2]).toMatch(/too new/);
    expect((await deliver(`${server.url}/hooks/hook_nope`, hook.secret, body)).status).toBe(404);
  });

  it('accepts the previous secret after a rotation, and several signatures in one header', async () => {
    const hook = await createHook({ skill: 'sentiment' });
    const rotated = await postJson(server, `/v1/webhooks/inbound/${hook.id}/rotate`, {});
    const { secret } = (await rotated.json()) as { secret: string };
    expect(secret).not.toBe(hook.secret);
    expect((await deliver(hook.url, hook.secret, { text: 'old secret' })).status).toBe(200);
    expect((await deliver(hook.url, secret, { text: 'new secret' })).status).toBe(200);

    const raw = JSON.stringify({ text: 'both' });
    const at = new Date();
    const headers = {
      'webhook-id': 'msg_both',
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': `v1,${Buffer.from('not it').toString('base64')} ${new Webhook(secret).sign('msg_both', at, raw)}`,
    };
    expect((await fetch(hook.url, { method: 'POST', headers, body: raw })).status).toBe(200);
  });

  it('lists hooks without secrets, refuses unknown skills and platforms, and deletes', async () => {
    const bad = await postJson(server, '/v1/webhooks/inbound', { skill: 'nope' });
    expect(bad.status).toBe(400);
    const nowhere = await postJson(server, '/v1/webhooks/inbound', {
      skill: 'sentiment',
      destination: { platform: 'irc', channelId: '#x' },
    });
    expect(((await nowhere.json()) as { error: { message: string } }).error.message).toMatch(/no connected platform/);
    const hook = await createHook({ skill: 'sentiment' });
    const listed = await fetch(`${server.url}/v1/webhooks/inbound`, { headers: { authorization: 'Bearer k' } });
    const text = await listed.text();
    expect(text).toContain(hook.id);
    expect(text).not.toContain('whsec_');
    const gone = await fetch(`${server.url}/v1/webhooks/inbound/${hook.id}`, {
      method: 'DELETE',
      headers: { authorization: 'Bearer k' },
    });
    expect(gone.status).toBe(204);
    expect((await deliver(hook.url, hook.secret, { text: 'x' })).status).toBe(404);
  });
});

/**
 * A slow skill (image generation on the SD fixture) behind an inbound hook: the delivery is answered 202 at once, and
 * the result reaches a subscribed outbound endpoint as hook.completed, next to the skill's own image.ready.
 */
describe('inbound webhooks for slow skills', () => {
  const modelsDir = tempDir('omb-models-');
  const received: { type: string; data: Record<string, unknown> }[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString()) as (typeof received)[number]);
      res.writeHead(204).end();
    });
  });
  let server: TestServer;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['imagine'] });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    server = await startTestServer({
      env: fixtureEnv(modelsDir, {
        IMAGINE_ACCEPT_LICENSES: 'LicenseRef-stabilityai-nc-community',
        WEBHOOK_ALLOW_HOSTS: `127.0.0.1:${port}`,
        WEBHOOK_POLL_MS: '100',
      }),
    });
    const subscribed = await postJson(server, '/v1/webhooks/outbound', {
      url: `http://127.0.0.1:${port}/events`,
      events: ['hook.completed', 'image.ready'],
    });
    expect(subscribed.status).toBe(201);
  });
  afterAll(async () => {
    await server?.close();
    receiver.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  it('answers 202, then sends hook.completed with the result and image.ready', async () => {
    const created = await postJson(server, '/v1/webhooks/inbound', { skill: 'imagine' });
    const hook = (await created.json()) as { url: string; secret: string };
    const raw = JSON.stringify({ prompt: 'a lighthouse', seed: 3, width: 256, height: 256 });
    const at = new Date();
    const res = await fetch(hook.url, {
      method: 'POST',
      headers: {
        'webhook-id': 'msg_slow',
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': new Webhook(hook.secret).sign('msg_slow', at, raw),
      },
      body: raw,
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ accepted: true, messageId: 'msg_slow', event: 'hook.completed' });
    await eventually(
      () => expect(received.map((e) => e.type).sort()).toEqual(['hook.completed', 'image.ready']),
      30_000,
    );
    const completed = received.find((e) => e.type === 'hook.completed');
    expect(completed?.data).toMatchObject({ messageId: 'msg_slow', skill: 'imagine', ok: true });
    const output = completed?.data.output as { png: string; seed: number };
    expect(Buffer.from(output.png, 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(received.find((e) => e.type === 'image.ready')?.data).toMatchObject({ prompt: 'a lighthouse', seed: 3 });
  });
});
