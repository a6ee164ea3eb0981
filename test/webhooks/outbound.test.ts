import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { outboundDeliveryLog, outboundEndpointList } from '../../src/adapters/http/webhooks-outbound-routes.js';
import { OutboundSender } from '../../src/webhooks/outbound-sender.js';
import { DbWebhookOutbox } from '../../src/webhooks/outbox.js';
import { eventually } from '../adapters/contract.js';
import { databaseVariants, type TestDatabase } from '../helpers/db.js';
import { captureLogs } from '../helpers/logs.js';
import { postJson, startTestServer, type TestServer } from '../helpers/server.js';
import { type Answer, type Received, type Receiver, sleep, startReceiver, verified } from './outbound-receiver.js';

const auth = { authorization: 'Bearer k' };
type DeliveryLog = z.output<typeof outboundDeliveryLog>;
type EndpointList = z.output<typeof outboundEndpointList>;

describe('outbound webhooks through the server', () => {
  let server: TestServer;
  let receiver: Receiver;
  /** How the receiver answers, per request path (each test subscribes its own path). */
  const answers = new Map<string, (r: Received, n: number) => Answer | Promise<Answer>>();
  const at = (path: string) => receiver.received.filter((r) => r.path === path);

  beforeAll(async () => {
    receiver = await startReceiver((r) => {
      const seen = receiver.received.filter((x) => x.path === r.path).length;
      return answers.get(r.path)?.(r, seen) ?? { status: 200 };
    });
    server = await startTestServer({
      adapters: [],
      env: {
        API_KEYS: 'k',
        WEBHOOK_ALLOW_HOSTS: `127.0.0.1:${receiver.port}`,
        WEBHOOK_RETRY_SCHEDULE: '0,1,1',
        WEBHOOK_POLL_MS: '100',
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await receiver?.close();
  });

  async function subscribe(path: string, events: string[]): Promise<{ id: string; secret: string }> {
    const res = await postJson(server, '/v1/webhooks/outbound', { url: `${receiver.url}${path}`, events });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; secret: string };
  }
  const get = (path: string) => fetch(`${server.url}/v1${path}`, { headers: auth });
  /** The delivery log of an endpoint (newest message first). */
  const deliveries = async (id: string) =>
    ((await (await get(`/webhooks/outbound/${id}/deliveries`)).json()) as DeliveryLog).deliveries;
  const endpoints = async () => ((await (await get('/webhooks/outbound')).json()) as EndpointList).endpoints;

  it('retries on schedule with the same webhook-id, honours Retry-After, signs every attempt, and redelivers', async () => {
    answers.set('/retry', (_r, n) =>
      n === 1 ? { status: 500 } : n === 2 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 204 },
    );
    const endpoint = await subscribe('/retry', ['image.ready']);
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    // Only subscribed types of this tenant are delivered.
    await server.webhookEvents.emit('api', 'answer.created', { id: 'nope' });
    await server.webhookEvents.emit('other-tenant', 'image.ready', { id: 'nope' });
    await server.webhookEvents.emit('api', 'image.ready', { id: 'img-1' });

    await eventually(() => expect(at('/retry')).toHaveLength(3), 20_000);
    const [first, second, third] = at('/retry') as [Received, Received, Received];
    const ids = new Set(at('/retry').map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^msg_/);
    for (const r of [first, second, third]) {
      expect(r.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      expect(r.headers['content-type']).toBe('application/json');
      expect(verified(endpoint.secret, r)).toMatchObject({ type: 'image.ready', data: { id: 'img-1' } });
    }
    // Schedule 0,1,1: 1 s after the 500; after the 429 the later of 1 s and Retry-After 2 s. No upper bounds.
    expect(second.at - first.at).toBeGreaterThanOrEqual(1000 - 20);
    expect(third.at - second.at).toBeGreaterThanOrEqual(2000 - 20);

    const [message, ...others] = await deliveries(endpoint.id);
    expect(others).toEqual([]);
    expect(message).toMatchObject({ id: first.headers['webhook-id'], status: 'delivered', attempts: 3 });
    expect(message?.log).toMatchObject([
      { attempt: 1, statusCode: 500, error: 'HTTP 500' },
      { attempt: 2, statusCode: 429, error: 'HTTP 429 (Retry-After 2 s)' },
      { attempt: 3, statusCode: 204, error: null },
    ]);

    const redeliver = await postJson(
      server,
      `/v1/webhooks/outbound/${endpoint.id}/deliveries/${first.headers['webhook-id']}/redeliver`,
      {},
    );
    expect(redeliver.status).toBe(202);
    await eventually(() => expect(at('/retry')).toHaveLength(4), 10_000);
    expect(at('/retry')[3]?.headers['webhook-id']).toBe(first.headers['webhook-id']);
    await eventually(async () => {
      const [after] = await deliveries(endpoint.id);
      expect(after).toMatchObject({ attempts: 4, status: 'delivered' });
    });
    const unknown = await postJson(server, `/v1/webhooks/outbound/${endpoint.id}/deliveries/msg_nope/redeliver`, {});
    expect(unknown.status).toBe(404);
  });

  it('does not follow redirects: a 3xx is a failure, retried with the same webhook-id', async () => {
    answers.set('/moved', (_r, n) =>
      n === 1 ? { status: 302, headers: { location: `${receiver.url}/elsewhere` } } : { status: 200 },
    );
    const endpoint = await subscribe('/moved', ['transcript.ready']);
    await server.webhookEvents.emit('api', 'transcript.ready', { id: 't-1' });
    await eventually(() => expect(at('/moved')).toHaveLength(2), 10_000);
    expect(at('/elsewhere')).toHaveLength(0);
    expect(at('/moved')[1]?.headers['webhook-id']).toBe(at('/moved')[0]?.headers['webhook-id']);
    const [message] = await deliveries(endpoint.id);
    expect(message?.log[0]).toMatchObject({ statusCode: 302, error: expect.stringContaining('not followed') });
  });

  it('disables an endpoint that answers 410 Gone and cancels what was pending for it', async () => {
    answers.set('/gone', (r) => (JSON.parse(r.body).data.which === 'b' ? { status: 410 } : { status: 500 }));
    const endpoint = await subscribe('/gone', ['document.ingested']);
    await server.webhookEvents.emit('api', 'document.ingested', { which: 'a' });
    await eventually(() => expect(at('/gone')).toHaveLength(1), 10_000);
    // "a" failed and waits for its retry; "b" is sent at once and answered 410.
    await server.webhookEvents.emit('api', 'document.ingested', { which: 'b' });
    await eventually(async () => {
      expect((await endpoints()).find((e) => e.id === endpoint.id)).toMatchObject({
        disabled: true,
        disabledAt: expect.any(String),
        disabledReason: 'the receiver answered 410 Gone',
      });
    }, 10_000);
    const count = at('/gone').length;
    await server.webhookEvents.emit('api', 'document.ingested', { which: 'c' });
    await sleep(2500);
    expect(at('/gone')).toHaveLength(count);
    expect((await deliveries(endpoint.id)).map((d) => d.status)).toEqual(['cancelled', 'cancelled']);
    expect((await endpoints()).every((e) => !('secret' in e))).toBe(true);
  });

  it('refuses non-public targets when subscribing unless the host is allow-listed', async () => {
    const refused = async (url: string, events = ['image.ready']) => {
      const res = await postJson(server, '/v1/webhooks/outbound', { url, events });
      expect(res.status).toBe(400);
      return ((await res.json()) as { error: { message: string } }).error.message;
    };
    // Only 127.0.0.1 on the receiver's port is allowed.
    expect(await refused('http://127.0.0.1:1/hook')).toMatch(/127\.0\.0\.1 is a loopback address.*WEBHOOK_ALLOW_HOSTS/);
    // A name's DNS answer stays unsaid: not the address, not even whether the name exists.
    const byName = await refused(`http://localhost:${receiver.port}/`);
    expect(byName).toMatch(/^url refused: localhost does not resolve to a public address: .*WEBHOOK_ALLOW_HOSTS/);
    expect(byName).not.toMatch(/127\.0\.0\.1|::1|loopback/);
    expect(await refused('http://no-such-host.invalid/')).toBe(byName.replace('localhost', 'no-such-host.invalid'));
    expect(await refused('http://[::1]/')).toMatch(/loopback/);
    expect(await refused('http://169.254.169.254/latest/meta-data')).toMatch(/link-local/);
    expect(await refused('http://10.1.2.3/')).toMatch(/private address/);
    expect(await refused('ftp://example.com/')).toMatch(/url/i);
    expect(await refused(`${receiver.url}/x`, ['no.such.event'])).toMatch(/events/);
    expect(await refused(`${receiver.url}/x`, [])).toMatch(/events/);
    expect(
      (await postJson(server, '/v1/webhooks/outbound', { url: `${receiver.url}/ok`, events: ['image.ready'] })).status,
    ).toBe(201);
  });

  it('lists, deletes and 404s unknown endpoints; /v1 needs the key', async () => {
    const endpoint = await subscribe('/deleted', ['appeal.decided']);
    expect((await endpoints()).find((e) => e.id === endpoint.id)).toMatchObject({
      url: `${receiver.url}/deleted`,
      events: ['appeal.decided'],
      disabled: false,
      disabledReason: null,
    });
    const del = (id: string) => fetch(`${server.url}/v1/webhooks/outbound/${id}`, { method: 'DELETE', headers: auth });
    expect((await del(endpoint.id)).status).toBe(204);
    expect((await del(endpoint.id)).status).toBe(404);
    expect((await get(`/webhooks/outbound/${endpoint.id}/deliveries`)).status).toBe(404);
    await server.webhookEvents.emit('api', 'appeal.decided', { case: 1 });
    await sleep(300);
    expect(at('/deleted')).toHaveLength(0);
    expect((await fetch(`${server.url}/v1/webhooks/outbound`)).status).toBe(401);
  });
});

describe.each(databaseVariants)('the outbox and sender on $name', (variant) => {
  let testDb: TestDatabase;
  let receiver: Receiver | undefined;
  let sender: OutboundSender | undefined;
  const logs = captureLogs();

  beforeAll(async () => {
    if (variant.skip) return;
    testDb = await variant.create();
    await testDb.database.migrate();
  });
  afterEach(async () => {
    await sender?.stop(100);
    await receiver?.close();
    sender = undefined;
    receiver = undefined;
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  const outboxWith = (schedule: number[]) =>
    new DbWebhookOutbox(testDb.database.db, { log: logs.log, retrySchedule: schedule });
  const senderFor = (outbox: DbWebhookOutbox, options: { allowHosts?: string[]; timeoutMs?: number } = {}) => {
    sender = new OutboundSender(outbox.due, {
      log: logs.log,
      allowHosts: [],
      timeoutMs: 15_000,
      pollMs: 50,
      ...options,
    });
    outbox.onEmitted(() => sender?.wake());
    sender.start();
    return sender;
  };

  it.skipIf(variant.skip)(
    'checks the address again when connecting (a name that now resolves to loopback)',
    async () => {
      receiver = await startReceiver(() => ({ status: 200 }));
      const outbox = outboxWith([0]);
      // Stored directly, as if localhost had resolved to a public address when it was subscribed (DNS rebinding).
      const byName = await outbox.subscribe('t1', `http://localhost:${receiver.port}/`, ['image.ready']);
      const byAddress = await outbox.subscribe('t1', `${receiver.url}/`, ['image.ready']);
      senderFor(outbox);
      await outbox.emit('t1', 'image.ready', { id: 1 });
      for (const endpoint of [byName, byAddress]) {
        await eventually(async () => {
          const [message] = (await outbox.deliveries('t1', endpoint.id)) ?? [];
          expect(message).toMatchObject({
            status: 'failed',
            log: [{ statusCode: null, error: expect.stringMatching(/loopback/) }],
          });
        }, 10_000);
      }
      // The name's refusal says what kind of address it reached, never which one.
      const [byNameMessage] = (await outbox.deliveries('t1', byName.id)) ?? [];
      expect(JSON.stringify(byNameMessage?.log)).not.toMatch(/127\.0\.0\.1|::1/);
      expect(receiver.received).toHaveLength(0);
      expect(await outbox.list('other')).toEqual([]);
      expect(await outbox.deliveries('other', byName.id)).toBeUndefined();
    },
  );

  it.skipIf(variant.skip)('gives up on a receiver that does not answer in time, and tries again', async () => {
    receiver = await startReceiver((_r, n) => (n === 1 ? new Promise<Answer>(() => {}) : { status: 200 }));
    const outbox = outboxWith([0, 0]);
    const endpoint = await outbox.subscribe('t2', `${receiver.url}/slow`, ['transcript.ready']);
    senderFor(outbox, { allowHosts: [`127.0.0.1:${receiver.port}`], timeoutMs: 300 });
    await outbox.emit('t2', 'transcript.ready', { id: 2 });
    await eventually(async () => {
      const [message] = (await outbox.deliveries('t2', endpoint.id)) ?? [];
      expect(message).toMatchObject({
        status: 'delivered',
        log: [{ statusCode: null, error: 'no answer within 300 ms' }, { statusCode: 200 }],
      });
    }, 10_000);
  });

  it.skipIf(variant.skip)('never hands the same message to two claimers at once', async () => {
    const outbox = outboxWith([0]);
    const endpoint = await outbox.subscribe('t3', 'https://example.com/hook', ['answer.created']);
    for (let i = 0; i < 20; i++) await outbox.emit('t3', 'answer.created', { i });
    const other = outboxWith([0]);
    const [a, b] = await Promise.all([outbox.due.claim(15, 60), other.due.claim(15, 60)]);
    const ids = [...(a ?? []), ...(b ?? [])].map((m) => m.id);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
    expect(await outbox.due.claim(15, 60)).toEqual([]);
    expect((await outbox.deliveries('t3', endpoint.id))?.every((d) => d.status === 'pending')).toBe(true);
  });
});
