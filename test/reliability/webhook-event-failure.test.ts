import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../adapters/contract.js';
import { RecordingAdapter } from '../fakes/recording-adapter.js';
import { notingSkill } from '../fakes/skills.js';
import { createPostgresDatabase } from '../helpers/db.js';
import { requiredEnv } from '../helpers/requires.js';
import { postJson, startTestServer, type TestServer } from '../helpers/server.js';
import { type Receiver, startReceiver } from '../webhooks/outbound-receiver.js';

/**
 * A run whose webhook event cannot be written fails, visibly: the error is logged with its code and the person (or
 * API caller) gets a reason. The database refuses the write for real (a trigger), so this needs Postgres, which the
 * test reaches beside the server.
 */
const baseUrl = requiredEnv('DATABASE_URL');

describe.skipIf(!baseUrl)('a webhook event that cannot be written', () => {
  let server: TestServer | undefined;
  let receiver: Receiver;
  let drop: () => Promise<void>;
  let sql: pg.Client;

  beforeEach(async () => {
    const created = await createPostgresDatabase(baseUrl ?? '');
    drop = created.drop;
    receiver = await startReceiver(() => ({ status: 204 }));
    const chat = new RecordingAdapter();
    server = await startTestServer({
      adapters: [chat],
      extraSkills: [notingSkill()],
      env: {
        DATABASE_URL: created.url,
        API_KEYS: 'k',
        WEBHOOK_ALLOW_HOSTS: `127.0.0.1:${receiver.port}`,
        WEBHOOK_POLL_MS: '100',
      },
    });
    sql = new pg.Client({ connectionString: created.url });
    await sql.connect();
    Object.assign(server, { chat });
  });
  afterEach(async () => {
    await server?.close();
    await sql.end();
    await receiver.close();
    await drop();
  });

  it('fails the run with a logged code and a reason, in chat and over the API', async () => {
    const s = server as TestServer & { chat: RecordingAdapter };
    // The chat's tenant subscribes (RecordingAdapter events belong to tenant "tenant-1"; the API key acts for "api").
    for (const tenant of ['tenant-1', 'api']) {
      const res = await postJson(s, `/v1/webhooks/outbound?tenant=${tenant}`, {
        url: `${receiver.url}/${tenant}`,
        events: ['transcript.ready'],
      });
      expect(res.status).toBe(201);
    }
    const where = { channelId: 'c1', userId: 'u1' };
    // Baseline: the event is written and delivered.
    await s.chat.command('note', { text: 'first' }, where);
    expect(s.chat.visible(where)).toEqual(['noted: first']);
    await eventually(() => expect(receiver.received.map((r) => r.path)).toEqual(['/tenant-1']), 15_000);

    // The database now refuses webhook events.
    await sql.query(`create function refuse_event() returns trigger language plpgsql as $$
      begin raise exception 'outbox write refused (test)'; end $$`);
    await sql.query('create trigger refuse_event before insert on webhook_outbox execute function refuse_event()');

    await s.chat.command('note', { text: 'second' }, where);
    const reply = s.chat.visible(where)[1] ?? '';
    expect(reply).toMatch(/^Sorry, I couldn't do that: .*transcript\.ready event .* could not be recorded/);
    const errorId = /\(error id: ([^)]+)\)/.exec(reply)?.[1];
    expect(errorId).toBeTruthy();
    const logged = s.lines.find((l) => l.code === 'event_not_recorded' && l.runId === errorId);
    expect(logged).toMatchObject({ level: 50, msg: 'could not write a webhook event', type: 'transcript.ready' });
    expect(JSON.stringify(logged?.err)).toContain('outbox write refused (test)');

    const api = await postJson(s, '/v1/skills/note', { text: 'third' });
    expect(api.status).toBe(500);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('event_not_recorded');
    // Nothing was delivered for the failed runs.
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.received).toHaveLength(1);
  }, 90_000);
});
