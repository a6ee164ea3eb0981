import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../adapters/contract.js';
import { BOT_USER, FakeDiscord } from '../fakes/fake-discord/gateway.js';
import { createPostgresDatabase, tempDir } from '../helpers/db.js';
import { type ServerProcess, spawnCli } from '../helpers/process.js';
import { requiredEnv } from '../helpers/requires.js';
import { platformStatus } from '../helpers/server.js';

/**
 * Nothing accepted and then lost: a server process killed with SIGKILL after it claimed an event and before it knew
 * its reply went out; the platform redelivers the event to a new process on the same database, and the person is
 * answered once. Two processes share the database, so this needs a real Postgres.
 */
const baseUrl = requiredEnv('DATABASE_URL');
const LEASE_SEC = 3;

describe.skipIf(!baseUrl)('platform events across kill -9', () => {
  let discord: FakeDiscord;
  let databaseUrl: string;
  let dropDatabase: () => Promise<void>;
  let dir: string;
  const children: ServerProcess[] = [];

  beforeEach(async () => {
    discord = await new FakeDiscord().start();
    const created = await createPostgresDatabase(baseUrl ?? '');
    databaseUrl = created.url;
    dropDatabase = created.drop;
    dir = tempDir();
    mkdirSync(path.join(dir, 'models'));
  });
  afterEach(async () => {
    for (const c of children.splice(0)) c.child.kill('SIGKILL');
    await discord.stop().catch(() => {});
    await dropDatabase();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A server process connected to the fake Discord; resolves once the bot is ready. */
  async function start(): Promise<ServerProcess> {
    const proc = spawnCli(
      ['start'],
      {
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dir,
        DATABASE_URL: databaseUrl,
        MODELS_DIR: path.join(dir, 'models'),
        MODELS_OFFLINE: '1',
        DISCORD_TOKEN: 'fake-token',
        DISCORD_APP_ID: 'app1',
        DISCORD_API_URL: discord.apiUrl,
        EVENT_LEASE_SEC: String(LEASE_SEC),
      },
      dir,
    );
    children.push(proc);
    const url = `http://127.0.0.1:${await proc.listening}`;
    await eventually(async () => expect((await platformStatus({ url }, 'discord'))?.state).toBe('ready'), 30_000);
    return proc;
  }

  const posts = () => discord.calls.filter((c) => c.method === 'POST' && c.path === '/channels/c1/messages');

  it('answers a mention once when the process died after posting the reply and before it knew', async () => {
    const first = await start();
    // Discord takes the reply and the process dies before the answer reaches it.
    discord.holdPosts = 'made';
    const id = discord.message('c1', `<@${BOT_USER.id}> what changed in the last release?`);
    await eventually(() => expect(posts()).toHaveLength(1), 30_000);
    const claimedAt = Date.now();
    first.child.kill('SIGKILL');
    await first.exited;
    discord.holdPosts = false;

    await start();
    // The dead process's lease runs out; the platform's redelivery then runs the event again.
    const expired = claimedAt + LEASE_SEC * 1000 + 500 - Date.now();
    if (expired > 0) await new Promise((r) => setTimeout(r, expired));
    discord.redeliver('MESSAGE_CREATE', id);
    await eventually(() => expect(posts()).toHaveLength(2), 30_000);
    const [held, rerun] = posts();
    // The same enforced nonce: Discord answers with the message the first post made instead of a second one.
    expect(rerun?.body.nonce).toBe(held?.body.nonce);
    expect(rerun?.body.enforce_nonce).toBe(true);
    const answers = discord.visible('c1').filter((text) => !text.startsWith(`<@${BOT_USER.id}>`));
    expect(answers).toHaveLength(1);
    expect(answers[0]).toContain('no documents');

    // Done now: another redelivery is a duplicate, with no post at all.
    discord.redeliver('MESSAGE_CREATE', id);
    await new Promise((r) => setTimeout(r, 1500));
    expect(posts()).toHaveLength(2);
  }, 120_000);

  it('answers a mention once when the process died before its reply went out', async () => {
    const first = await start();
    // The mention is claimed, then the process dies while it still works on it: Discord never saw a reply.
    discord.holdPosts = 'lost';
    const id = discord.message('c1', `<@${BOT_USER.id}> is the server up?`);
    await eventually(() => expect(discord.lostPosts).toBe(1), 30_000);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(discord.visible('c1').filter((t) => t.includes('no documents'))).toHaveLength(0);
    discord.holdPosts = false;

    await start();
    await new Promise((r) => setTimeout(r, LEASE_SEC * 1000 + 500));
    discord.redeliver('MESSAGE_CREATE', id);
    await eventually(() => expect(discord.visible('c1').filter((t) => t.includes('no documents'))).toHaveLength(1));
    discord.redeliver('MESSAGE_CREATE', id);
    await new Promise((r) => setTimeout(r, 1500));
    expect(discord.visible('c1').filter((t) => t.includes('no documents'))).toHaveLength(1);
  }, 120_000);
});
