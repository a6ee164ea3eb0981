import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbWebhookOutbox } from '../../src/webhooks/outbox.js';
import { RecordingAdapter } from '../fakes/recording-adapter.js';
import { echoSkill, sleep } from '../fakes/skills.js';
import { createPostgresDatabase } from '../helpers/db.js';
import { requiredEnv } from '../helpers/requires.js';
import { postJson, startTestServer, type TestServer } from '../helpers/server.js';
import { startTcpProxy, type TcpProxy, targetOf } from '../helpers/tcp-proxy.js';

const baseUrl = requiredEnv('DATABASE_URL');
const REASON = 'the database is unreachable right now; please try again in a minute';

/** A webhook receiver on loopback that answers 503 until told to accept; it records each webhook-id it accepted. */
async function startReceiver() {
  const accepted: string[] = [];
  let open = false;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (!open) return void res.writeHead(503).end();
      accepted.push(String(req.headers['webhook-id']));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    host: `127.0.0.1:${port}`,
    accepted,
    accept: () => {
      open = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}

describe.skipIf(!baseUrl)('Postgres lost for 10 s mid-run and coming back (through a TCP proxy)', () => {
  let proxy: TcpProxy;
  let created: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const chat = new RecordingAdapter();

  beforeAll(async () => {
    created = await createPostgresDatabase(baseUrl ?? '');
    proxy = await startTcpProxy(targetOf(created.url, 5432));
    receiver = await startReceiver();
    server = await startTestServer({
      env: {
        DATABASE_URL: proxy.via(created.url),
        API_KEYS: 'k',
        QUOTA_USER_PER_MINUTE: '10000',
        QUOTA_CHANNEL_PER_MINUTE: '10000',
        WEBHOOK_ALLOW_HOSTS: receiver.host,
        WEBHOOK_RETRY_SCHEDULE: '0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1',
        WEBHOOK_POLL_MS: '200',
        WEBHOOK_TIMEOUT_MS: '2000',
      },
      adapters: [chat],
      extraSkills: [echoSkill([], 5)],
    });
  });
  afterAll(async () => {
    await server?.close();
    await proxy?.close();
    await receiver?.close();
    await created?.drop();
  });

  it('answers each of 200 chat events once (a reason while it is away), runs redeliveries after, and outbox deliveries resume', async () => {
    // Outbound webhooks queued before the outage, failing (503) until the receiver accepts during the outage.
    const outbox = server.webhookEvents;
    if (!(outbox instanceof DbWebhookOutbox)) throw new Error('the server has no database outbox');
    await outbox.subscribe('tenant-1', receiver.url, ['answer.created']);
    for (let i = 0; i < 20; i++) await outbox.emit('tenant-1', 'answer.created', { n: i });
    await until(() => server.lines.some((l) => l.msg === 'webhook failed'), 10_000);

    const where = (i: number) => ({ channelId: `c${i % 10}`, userId: `u${i % 7}` });
    const runs: Promise<unknown>[] = [];
    const duringCut: string[] = [];
    const cutAt = Date.now();
    for (let i = 0; i < 200; i++) {
      if (i === 50) {
        proxy.cut();
        receiver.accept();
      }
      if (i === 150) await proxy.restore();
      if (i >= 50 && i < 150) duringCut.push(`e${i}`);
      runs.push(chat.command('echo', { text: `m${i}` }, where(i), `e${i}`));
      // The middle hundred arrive over the 10 s the database is away.
      if (i >= 50 && i < 150) await sleep(100);
    }
    expect(Date.now() - cutAt).toBeGreaterThanOrEqual(10_000);
    await Promise.all(runs);

    // Every event answered exactly once: its echo, or the reason the database gives (with an error id).
    const answers = (eventId: string) =>
      chat.recorded.flatMap((r) => (r.op === 'send' && r.eventId === eventId ? [r.reply.text] : []));
    const refused: string[] = [];
    for (let i = 0; i < 200; i++) {
      const texts = answers(`e${i}`);
      expect(texts, `e${i}`).toHaveLength(1);
      const [text = ''] = texts;
      if (text === `echo: m${i}`) continue;
      expect(text).toMatch(new RegExp(`^Sorry, I couldn't do that: ${REASON}\\. \\(error id: [\\w-]+\\)$`));
      refused.push(`e${i}`);
    }
    // While it was away, nothing was answered as if it had worked; once it is back, everything is.
    expect(duringCut.every((id) => refused.includes(id))).toBe(true);
    for (let i = 150; i < 200; i++) expect(answers(`e${i}`)).toEqual([`echo: m${i}`]);

    // The platform redelivers what was refused: each now runs once; what was answered stays answered.
    await Promise.all(refused.map((id) => chat.command('echo', { text: id }, where(Number(id.slice(1))), id)));
    for (const id of refused) expect(answers(id)).toHaveLength(2);
    for (const id of refused) expect(answers(id)[1]).toBe(`echo: ${id}`);
    expect(await chat.command('echo', { text: 'again' }, where(199), 'e199')).toBe('duplicate');

    // What the operator sees: a log line per refused event and a metric.
    const logged = server.lines.filter((l) => l.msg === 'database unreachable: event answered with a reason');
    expect(
      logged.length + server.lines.filter((l) => String(l.msg).startsWith('database unreachable: skill')).length,
    ).toBe(refused.length);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain(`dependency_unavailable_total{dependency="database"} ${refused.length}`);
    expect(server.lines.some((l) => l.msg === 'could not read the webhook outbox')).toBe(true);

    // The outbox picks up where it stopped: every message delivered, each with its own webhook-id.
    await until(() => new Set(receiver.accepted).size === 20, 20_000);
    await until(async () => {
      const endpoints = await outbox.list('tenant-1');
      const log = await outbox.deliveries('tenant-1', endpoints[0]?.id ?? '');
      return log?.filter((d) => d.status === 'delivered').length === 20;
    }, 20_000);
  }, 60_000);

  it('answers the API with 503 and Retry-After while the database is away, and normally once it is back', async () => {
    proxy.cut();
    try {
      const res = await postJson(server, '/v1/skills/echo', { text: 'hello' });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('30');
      expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({
        code: 'unavailable',
        message: REASON,
      });
    } finally {
      await proxy.restore();
    }
    const res = await postJson(server, '/v1/skills/echo', { text: 'hello' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ text: 'hello' });
  }, 30_000);
});
