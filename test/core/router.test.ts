import { afterEach, describe, expect, it } from 'vitest';
import { RecordingAdapter } from '../fakes/recording-adapter.js';
import { echoSkill, failingSkill, slowSkill } from '../fakes/skills.js';
import { createPostgresDatabase } from '../helpers/db.js';
import { type MemoryServer, startMemoryServer } from '../helpers/memory-server.js';
import { requiredEnv } from '../helpers/requires.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// The router's behaviour runs on the memory stores; only the database-failure case needs a real database.
let server: MemoryServer | TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(env: Record<string, string> = {}, runs: string[] = [], delayMs = 0) {
  const chat = new RecordingAdapter();
  const started = await startMemoryServer({
    adapters: [chat],
    extraSkills: [echoSkill(runs, delayMs), failingSkill(), slowSkill(300, 2)],
    env,
  });
  server = started;
  return { chat, server: started };
}

describe('router', () => {
  it('handles the same event delivered twice once', async () => {
    const runs: string[] = [];
    const { chat } = await setup({}, runs);
    const where = { channelId: 'c1', userId: 'u1' };
    const outcomes = await Promise.all([
      chat.command('echo', { text: 'hi' }, where, 'ev-dup'),
      chat.command('echo', { text: 'hi' }, where, 'ev-dup'),
    ]);
    expect(outcomes.sort()).toEqual(['duplicate', 'handled']);
    expect(await chat.command('echo', { text: 'hi' }, where, 'ev-dup')).toBe('duplicate');
    expect(runs).toEqual(['start:hi', 'end:hi']);
    expect(chat.visible(where)).toEqual(['echo: hi']);
  });

  it('runs events of one thread in order', async () => {
    const runs: string[] = [];
    const { chat } = await setup({}, runs, 150);
    const where = { channelId: 'c1', threadId: 't1', userId: 'u1' };
    await Promise.all([chat.command('echo', { text: 'a' }, where), chat.command('echo', { text: 'b' }, where)]);
    expect(runs).toEqual(['start:a', 'end:a', 'start:b', 'end:b']);
    expect(chat.visible(where)).toEqual(['echo: a', 'echo: b']);
  });

  it('runs events of different threads concurrently', async () => {
    const runs: string[] = [];
    const { chat } = await setup({}, runs, 150);
    await Promise.all([
      chat.command('echo', { text: 'a' }, { channelId: 'c1', threadId: 't1', userId: 'u1' }),
      chat.command('echo', { text: 'b' }, { channelId: 'c1', threadId: 't2', userId: 'u2' }),
    ]);
    expect(runs.slice(0, 2).sort()).toEqual(['start:a', 'start:b']);
  });

  it('answers a user over quota with when to try again', async () => {
    const { chat } = await setup({ QUOTA_USER_PER_MINUTE: '2' });
    const where = { channelId: 'c1', userId: 'u1' };
    for (let i = 0; i < 3; i++) await chat.command('echo', { text: `${i}` }, where);
    const [, , third] = chat.visible(where);
    expect(third).toMatch(/you have used all 2 requests allowed per minute; try again in \d+ s/);
    // Another user in the same channel is not affected.
    await chat.command('echo', { text: 'other' }, { channelId: 'c1', userId: 'u2' });
    expect(chat.visible(where).at(-1)).toBe('echo: other');
  });

  it('limits a busy channel across users', async () => {
    const { chat } = await setup({ QUOTA_CHANNEL_PER_MINUTE: '2' });
    for (const user of ['u1', 'u2', 'u3'])
      await chat.command('echo', { text: user }, { channelId: 'c9', userId: user });
    expect(chat.visible({ channelId: 'c9' })[2]).toMatch(/this channel has used all 2 requests .* try again in \d+ s/);
  });

  it('turns a throwing skill into a reply with an error id that is in the logs', async () => {
    const { chat, server } = await setup();
    const where = { channelId: 'c1', userId: 'u1' };
    await chat.command('boom', {}, where);
    const [text = ''] = chat.visible(where);
    const errorId = /error id: ([\w-]+)/.exec(text)?.[1];
    expect(errorId).toBeDefined();
    expect(text).toContain('something went wrong on our side');
    const logged = server.lines.find((l) => l.errorId === errorId && l.level === 50);
    expect(logged).toBeDefined();
    expect(JSON.stringify(logged)).toContain('hunter2');
  });

  it('explains invalid options instead of failing', async () => {
    const { chat } = await setup();
    const where = { channelId: 'c1', userId: 'u1' };
    await chat.command('echo', { text: 42 }, where);
    expect(chat.visible(where)[0]).toMatch(/invalid options for \/echo: text: .*(string)/i);
  });

  it('applies role gates per command and hides gated commands from help', async () => {
    const { chat, server } = await setup();
    await server.stores.settings.set('tenant-1', '', 'roles.echo', ['mods']);
    const where = { channelId: 'c1', userId: 'u1' };
    await chat.command('echo', { text: 'x' }, where);
    await chat.command('help', {}, where);
    const [denied, help] = chat.visible(where);
    expect(denied).toContain("you don't have a role that may use /echo here");
    expect(help).not.toContain('/echo');
    await chat.command('echo', { text: 'x' }, { ...where, roles: ['mods'] });
    expect(chat.visible(where)[2]).toBe('echo: x');
    // A channel override opens it up in one channel only.
    await server.stores.settings.set('tenant-1', 'c2', 'roles.echo', []);
    await chat.command('echo', { text: 'y' }, { channelId: 'c2', userId: 'u1' });
    expect(chat.visible({ channelId: 'c2' })).toEqual(['echo: y']);
  });

  it('shows progress in the deferred reply (edits at most once a second) and replaces it with the answer', async () => {
    const { chat } = await setup({ DEFER_AFTER_MS: '50' });
    const where = { channelId: 'c1', userId: 'u1' };
    await chat.command('slow', { text: 'r' }, where, 'ev-slow');
    const shown = chat.recorded.filter((r) => r.eventId === 'ev-slow');
    // Two progress steps 100 ms apart: the first shows at once, the second is overtaken by the answer.
    expect(shown.map((r) => r.op)).toEqual(['defer', 'send', 'edit']);
    expect(shown[1]?.op === 'send' && shown[1].reply.text).toBe('working… 1/2');
    expect(chat.visible(where)).toEqual(['done: r']);
  });

  it('never stays silent when addressed: mentions, unfetchable voice notes and buttons without a skill get reasons', async () => {
    const { chat } = await setup();
    const where = { channelId: 'c1', userId: 'u1' };
    await chat.mention('hello?', where);
    await chat.voiceNote({ id: 'a1', name: 'voice.ogg', url: 'https://cdn.example/voice.ogg' }, where);
    await chat.action('echo:again', 'x', where);
    const [mention, voice, action] = chat.visible(where);
    expect(mention).toContain('knowledge base, and it has no documents yet');
    expect(voice).toContain("I can't fetch voice.ogg from here");
    expect(action).toContain('this button no longer does anything');
  });

  it('ignores passive channel traffic when no moderation is enabled', async () => {
    const { chat } = await setup();
    const where = { channelId: 'c1', userId: 'u1' };
    expect(await chat.message('just chatting', where)).toBe('ignored');
    expect(chat.visible(where)).toEqual([]);
  });

  it('tells people the bot is restarting once shutdown has begun', async () => {
    const { chat, server } = await setup();
    server.router.close();
    const where = { channelId: 'c1', userId: 'u1' };
    expect(await chat.command('echo', { text: 'late' }, where)).toBe('refused');
    expect(chat.visible(where)[0]).toContain('restarting');
  });
});

const postgresUrl = requiredEnv('DATABASE_URL');

describe.skipIf(!postgresUrl)('router when the database fails', () => {
  it('still answers with a reason and an error id that is in the logs', async () => {
    const created = await createPostgresDatabase(postgresUrl ?? '');
    const chat = new RecordingAdapter();
    server = await startTestServer({ adapters: [chat], env: { DATABASE_URL: created.url } });
    const where = { channelId: 'c1', userId: 'u1' };
    await chat.command('help', {}, where);
    await created.drop(); // terminates the server's connections and removes the database
    await chat.command('help', {}, where);
    const [, failure = ''] = chat.visible(where);
    const errorId = /error id: ([\w-]+)/.exec(failure)?.[1];
    expect(failure).toContain('something went wrong on our side');
    expect(server.lines.some((l) => l.errorId === errorId && l.msg === 'event failed')).toBe(true);
  });
});
