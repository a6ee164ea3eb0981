import { rmSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.js';
import { webhookOutbox } from '../../src/db/schema.js';
import { DbWebhookOutbox } from '../../src/webhooks/outbox.js';
import { eventually } from '../adapters/contract.js';
import { createPostgresDatabase, tempDir } from '../helpers/db.js';
import { captureLogs } from '../helpers/logs.js';
import { type ServerProcess, spawnCli } from '../helpers/process.js';
import { requiredEnv } from '../helpers/requires.js';
import { type Answer, type Receiver, startReceiver, verified } from './outbound-receiver.js';

/**
 * The outbox survives a crash: the server process is killed with SIGKILL while a delivery is pending (or in flight),
 * and a new process on the same database delivers it with the same webhook-id. The test process writes the event
 * into the shared database itself, so this needs a real Postgres (the embedded one is open in one process only).
 */
const baseUrl = requiredEnv('DATABASE_URL');

describe.skipIf(!baseUrl)('outbound webhooks across kill -9', () => {
  let dropDatabase: () => Promise<void>;
  let databaseUrl: string;
  let database: Database;
  let dir: string;
  let receiver: Receiver;
  let answer: () => Answer | Promise<Answer>;
  const children: ServerProcess[] = [];

  beforeEach(async () => {
    const created = await createPostgresDatabase(baseUrl ?? '');
    databaseUrl = created.url;
    dropDatabase = created.drop;
    database = await openDatabase({ url: databaseUrl, embeddedDir: '' });
    dir = tempDir();
    receiver = await startReceiver(() => answer());
  });
  afterEach(async () => {
    for (const c of children.splice(0)) c.child.kill('SIGKILL');
    await receiver.close();
    await database.close();
    await dropDatabase();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A server process on the shared database and data directory; resolves once it is ready. */
  async function start(env: Record<string, string> = {}): Promise<{ proc: ServerProcess; url: string }> {
    const proc = spawnCli(
      ['start'],
      {
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dir,
        DATABASE_URL: databaseUrl,
        API_KEYS: 'k',
        WEBHOOK_ALLOW_HOSTS: `127.0.0.1:${receiver.port}`,
        WEBHOOK_POLL_MS: '100',
        WEBHOOK_RETRY_SCHEDULE: '0,3,3,3',
        ...env,
      },
      dir,
    );
    children.push(proc);
    const url = `http://127.0.0.1:${await proc.listening}`;
    await eventually(async () => expect((await fetch(`${url}/readyz`)).status).toBe(200), 15_000);
    return { proc, url };
  }

  async function subscribe(url: string): Promise<{ id: string; secret: string }> {
    const res = await fetch(`${url}/v1/webhooks/outbound`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ url: `${receiver.url}/hook`, events: ['transcript.ready'] }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; secret: string };
  }

  /** The event, written into the outbox by another process (as any process of a deployment would). */
  async function emit(): Promise<string> {
    const outbox = new DbWebhookOutbox(database.db, { log: captureLogs().log, retrySchedule: [0, 3, 3, 3] });
    await outbox.emit('api', 'transcript.ready', { id: 'tr-1' });
    const [row] = await database.db.select().from(webhookOutbox);
    return row?.id ?? '';
  }

  const row = async (id: string) => (await database.db.select().from(webhookOutbox).where(eq(webhookOutbox.id, id)))[0];

  async function kill(proc: ServerProcess): Promise<void> {
    proc.child.kill('SIGKILL');
    await proc.exited;
  }

  it('delivers a pending retry after the process was killed, with the same webhook-id', async () => {
    answer = () => ({ status: 500 });
    const first = await start();
    const endpoint = await subscribe(first.url);
    const messageId = await emit();
    await eventually(() => expect(receiver.received).toHaveLength(1), 10_000);
    // The failure is recorded: the message is pending, its next attempt 3 s away.
    await eventually(
      async () => expect(await row(messageId)).toMatchObject({ status: 'pending', attempts: 1 }),
      10_000,
    );
    await kill(first.proc);

    answer = () => ({ status: 200 });
    const restartedAt = Date.now();
    await start();
    await eventually(
      async () => expect(await row(messageId)).toMatchObject({ status: 'delivered', attempts: 2 }),
      20_000,
    );
    const [failed, delivered] = receiver.received;
    expect(receiver.received).toHaveLength(2);
    expect(delivered?.at).toBeGreaterThanOrEqual(restartedAt);
    expect(delivered && failed && delivered.at - failed.at).toBeGreaterThanOrEqual(3000 - 20);
    for (const r of receiver.received) {
      expect(r.headers['webhook-id']).toBe(messageId);
      expect(verified(endpoint.secret, r)).toMatchObject({ type: 'transcript.ready', data: { id: 'tr-1' } });
    }
  }, 60_000);

  it('sends again a delivery that was in flight when the process was killed, once its claim runs out', async () => {
    // The receiver holds the first request open: the process dies before it knows the outcome.
    answer = () => (receiver.received.length === 1 ? new Promise<Answer>(() => {}) : { status: 204 });
    const first = await start({ WEBHOOK_TIMEOUT_MS: '1000' });
    const endpoint = await subscribe(first.url);
    const messageId = await emit();
    await eventually(() => expect(receiver.received).toHaveLength(1), 10_000);
    await kill(first.proc);
    expect(await row(messageId)).toMatchObject({ status: 'pending', attempts: 0, lockedUntil: expect.any(Date) });

    await start({ WEBHOOK_TIMEOUT_MS: '1000' });
    // The claim was for the 1 s timeout plus a 15 s margin.
    await eventually(
      async () => expect(await row(messageId)).toMatchObject({ status: 'delivered', attempts: 1 }),
      40_000,
    );
    expect(receiver.received).toHaveLength(2);
    for (const r of receiver.received) expect(r.headers['webhook-id']).toBe(messageId);
    for (const r of receiver.received) expect(verified(endpoint.secret, r)).toMatchObject({ data: { id: 'tr-1' } });
  }, 90_000);
});
