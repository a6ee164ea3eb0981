import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordingAdapter } from '../fakes/recording-adapter.js';
import { echoSkill } from '../fakes/skills.js';
import { createPostgresDatabase } from '../helpers/db.js';
import { requiredEnv } from '../helpers/requires.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The reply's idempotency key, on any platform: the messages sent for an event are recorded once posted, and a rerun
 * of the event (its first process died after posting, before done) edits them instead of posting again. The test
 * plays the dead process by taking the lease away in the database, which it reaches beside the server (Postgres).
 */
const baseUrl = requiredEnv('DATABASE_URL');

describe.skipIf(!baseUrl)('a rerun event replies once', () => {
  let server: TestServer | undefined;
  let drop: () => Promise<void>;
  let sql: pg.Client;
  let chat: RecordingAdapter;
  const runs: string[] = [];

  beforeEach(async () => {
    const created = await createPostgresDatabase(baseUrl ?? '');
    drop = created.drop;
    chat = new RecordingAdapter();
    server = await startTestServer({
      adapters: [chat],
      extraSkills: [echoSkill(runs)],
      env: { DATABASE_URL: created.url },
    });
    sql = new pg.Client({ connectionString: created.url });
    await sql.connect();
  });
  afterEach(async () => {
    await server?.close();
    await sql.end();
    await drop();
  });

  /** As if the process running `eventId` had died before marking it done, its lease since run out. */
  const dieBeforeDone = (eventId: string) =>
    sql.query(
      `update processed_events set done_at = null, lease_until = now() - interval '1 second' where event_id = $1`,
      [eventId],
    );

  it('edits the message an earlier run posted, and answers hostile redeliveries with nothing more', async () => {
    const where = { channelId: 'c1', userId: 'u1' };
    expect(await chat.command('echo', { text: 'first' }, where, 'ev-1')).toBe('handled');
    expect(chat.visible(where)).toEqual(['echo: first']);
    const { rows } = await sql.query(`select reply_refs, attempts from processed_events where event_id = 'ev-1'`);
    expect(rows).toEqual([{ reply_refs: [{ id: expect.any(String), channelId: 'c1' }], attempts: 1 }]);

    await dieBeforeDone('ev-1');
    // The redelivery reruns the event (the skill runs again); its reply replaces the first instead of adding one.
    expect(await chat.command('echo', { text: 'second' }, where, 'ev-1')).toBe('handled');
    expect(runs.filter((r) => r.startsWith('end:'))).toEqual(['end:first', 'end:second']);
    expect(chat.visible(where)).toEqual(['echo: second']);

    // Done now: a flood of redeliveries is all duplicates.
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => chat.command('echo', { text: 'x' }, where, 'ev-1')),
    );
    expect(new Set(outcomes)).toEqual(new Set(['duplicate']));
    expect(chat.visible(where)).toEqual(['echo: second']);

    // Redeliveries racing for an expired lease: one reruns, the rest are duplicates, still one message.
    await dieBeforeDone('ev-1');
    const raced = await Promise.all(
      Array.from({ length: 5 }, () => chat.command('echo', { text: 'y' }, where, 'ev-1')),
    );
    expect(raced.filter((o) => o === 'handled')).toHaveLength(1);
    expect(chat.visible(where)).toEqual(['echo: y']);
  }, 90_000);
});
