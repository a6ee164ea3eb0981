import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../adapters/contract.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { MAP_REDUCED_SUMMARY } from '../fixtures/models/known.js';
import { createPostgresDatabase, tempDir } from '../helpers/db.js';
import { type ServerProcess, spawnCli } from '../helpers/process.js';
import { requiredEnv } from '../helpers/requires.js';
import { postJson, startTestServer } from '../helpers/server.js';
import { type Receiver, startReceiver } from '../webhooks/outbound-receiver.js';

/**
 * A slow inbound-hook run accepted with 202 is never lost: SIGTERM cuts it off (a short grace period), a new process
 * on the same database takes the stored job (the sender's redelivery gets the same 202), and `hook.completed`
 * reaches the outbound receiver. Two processes share the database, so this needs a real Postgres.
 */
const baseUrl = requiredEnv('DATABASE_URL');

/** Enough windows for the summarizer to be busy well past the first process's grace period. */
const LONG_TEXT = Array.from(
  { length: 600 },
  (_, i) => `Sentence ${i} of the minutes: the team agreed to ship the patch after the crash in the game server.`,
).join(' ');

describe.skipIf(!baseUrl)('slow inbound hooks across a restart', () => {
  const modelsDir = tempDir('omb-models-');
  let databaseUrl: string;
  let dropDatabase: () => Promise<void>;
  let dir: string;
  let receiver: Receiver;
  const children: ServerProcess[] = [];

  beforeAll(() => {
    writeFixtures(modelsDir, { only: ['generator'] });
  });
  afterAll(() => rmSync(modelsDir, { recursive: true, force: true }));
  beforeEach(async () => {
    const created = await createPostgresDatabase(baseUrl ?? '');
    databaseUrl = created.url;
    dropDatabase = created.drop;
    dir = tempDir();
    receiver = await startReceiver(() => ({ status: 204 }));
  });
  afterEach(async () => {
    for (const c of children.splice(0)) c.child.kill('SIGKILL');
    await receiver.close();
    await dropDatabase();
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(env: Record<string, string>): Promise<{ proc: ServerProcess; url: string }> {
    const proc = spawnCli(
      ['start'],
      {
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: path.join(dir, 'data'),
        DATABASE_URL: databaseUrl,
        MODELS_DIR: modelsDir,
        MODELS_OFFLINE: '1',
        RUNTIME_WORKERS: '1',
        API_KEYS: 'k',
        WEBHOOK_ALLOW_HOSTS: `127.0.0.1:${receiver.port}`,
        WEBHOOK_POLL_MS: '200',
        ...env,
      },
      dir,
    );
    children.push(proc);
    const url = `http://127.0.0.1:${await proc.listening}`;
    await eventually(async () => expect((await fetch(`${url}/readyz`)).status).toBe(200), 30_000);
    return { proc, url };
  }

  const api = (url: string, route: string, body: object) =>
    fetch(`${url}/v1${route}`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  /** The delivery as the sender makes it, signed now: the same webhook-id on every attempt. */
  const deliver = (hook: { url: string; secret: string }, id: string, raw: string) => {
    const at = new Date();
    return fetch(hook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': new Webhook(hook.secret).sign(id, at, raw),
      },
      body: raw,
    });
  };

  const events = () =>
    receiver.received.map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> });

  it('SIGTERM mid-run, restart, redelivery: hook.completed arrives, once', async () => {
    const first = await start({ SHUTDOWN_GRACE_MS: '300' });
    const subscribed = await api(first.url, '/webhooks/outbound', {
      url: `${receiver.url}/events`,
      events: ['hook.completed', 'hook.failed'],
    });
    expect(subscribed.status).toBe(201);
    const hook = (await (await api(first.url, '/webhooks/inbound', { skill: 'summarize' })).json()) as {
      url: string;
      secret: string;
    };
    const raw = JSON.stringify({ text: LONG_TEXT });
    const accepted = await deliver(hook, 'msg_restart', raw);
    expect(accepted.status).toBe(202);
    const promise = await accepted.json();

    first.proc.child.kill('SIGTERM');
    // Not SIGABRT: inference workers are stopped between native runs, never terminated inside one.
    expect(await first.proc.exited, first.proc.stderr.join('')).toBe(0);
    // The run was cut off: the grace period ended with it in flight, and no event was sent.
    expect(first.proc.logs.some((l) => l.msg === 'grace period over; closing with work in flight')).toBe(true);
    expect(events()).toEqual([]);

    const second = await start({});
    const hookUrl = new URL(new URL(hook.url).pathname, second.url).toString();
    const again = await deliver({ ...hook, url: hookUrl }, 'msg_restart', raw);
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual(promise);
    await eventually(() => expect(events().map((e) => e.type)).toEqual(['hook.completed']), 120_000);
    expect(events()[0]?.data).toMatchObject({
      messageId: 'msg_restart',
      skill: 'summarize',
      ok: true,
      output: { summary: expect.stringMatching(MAP_REDUCED_SUMMARY) },
    });
    // Once: a further redelivery gets the same 202 and no second event.
    expect((await deliver({ ...hook, url: hookUrl }, 'msg_restart', raw)).status).toBe(202);
    await new Promise((r) => setTimeout(r, 1000));
    expect(events()).toHaveLength(1);
    second.proc.child.kill('SIGTERM');
    expect(await second.proc.exited).toBe(0);
  }, 240_000);

  it('a job cut off by restarts three times ends with hook.failed, once', async () => {
    const server = await startTestServer({
      env: {
        DATABASE_URL: databaseUrl,
        API_KEYS: 'k',
        WEBHOOK_ALLOW_HOSTS: `127.0.0.1:${receiver.port}`,
        WEBHOOK_POLL_MS: '200',
      },
    });
    const sql = new pg.Client({ connectionString: databaseUrl });
    await sql.connect();
    try {
      const subscribed = await postJson(server, '/v1/webhooks/outbound', {
        url: `${receiver.url}/events`,
        events: ['hook.completed', 'hook.failed'],
      });
      expect(subscribed.status).toBe(201);
      const hook = (await (await postJson(server, '/v1/webhooks/inbound', { skill: 'help' })).json()) as { id: string };
      // An accepted delivery whose three runs were each cut off (their processes died holding it; the last lease
      // has run out), as a fourth process finds it.
      await sql.query(
        `insert into inbound_deliveries (hook_id, message_id, status, response, job_state, job_input, job_attempts, job_lease_until)
         values ($1, 'msg_cut', 202, '{"accepted":true}', 'pending', '{}', 3, now() - interval '1 second')`,
        [hook.id],
      );
      await eventually(() => expect(events().map((e) => e.type)).toEqual(['hook.failed']), 30_000);
      expect(events()[0]?.data).toMatchObject({
        hookId: hook.id,
        messageId: 'msg_cut',
        skill: 'help',
        ok: false,
        error: { code: 'interrupted' },
      });
      const { rows } = await sql.query(`select job_state from inbound_deliveries where message_id = 'msg_cut'`);
      expect(rows).toEqual([{ job_state: 'done' }]);
      await new Promise((r) => setTimeout(r, 1000));
      expect(events()).toHaveLength(1);
    } finally {
      await sql.end();
      await server.close();
    }
  }, 120_000);
});
