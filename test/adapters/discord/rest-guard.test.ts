import { afterEach, describe, expect, it } from 'vitest';
import { RestGuard } from '../../../src/adapters/discord/rest-guard.js';
import { BOT_USER, FakeDiscord } from '../../fakes/fake-discord/gateway.js';
import { captureLogs } from '../../helpers/logs.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { eventually } from '../contract.js';

describe('RestGuard', () => {
  it('counts invalid requests over 10 minutes', () => {
    let now = 0;
    const guard = new RestGuard(captureLogs().log, undefined, () => now);
    for (const status of [200, 401, 403, 429, 204]) guard.observe(status, '/x');
    expect(guard.invalidRequests()).toBe(3);
    now += 10 * 60 * 1000 + 1;
    expect(guard.invalidRequests()).toBe(0);
  });

  it('opens a channel breaker after repeated 403s, for 10 minutes, and names the fix', () => {
    let now = 0;
    const { log, lines } = captureLogs();
    const opened: string[] = [];
    const guard = new RestGuard(
      log,
      (channelId) => opened.push(channelId),
      () => now,
    );
    guard.forbiddenIn('c1', 'g1', 'Missing Permissions');
    guard.forbiddenIn('c1', 'g1', 'Missing Permissions');
    expect(guard.allows('c1')).toEqual({ ok: true });
    guard.forbiddenIn('c1', 'g1', 'Missing Permissions');
    expect(guard.allows('c1')).toMatchObject({ ok: false });
    expect(guard.allows('c2')).toEqual({ ok: true });
    expect(String(lines.at(-1)?.msg)).toContain('Send Messages');
    guard.forbiddenIn('c1', 'g1', 'Missing Permissions');
    expect(opened).toEqual(['c1']);
    now += 10 * 60 * 1000 + 1;
    expect(guard.allows('c1')).toEqual({ ok: true });
  });

  it('stops everything after a 401, with an alert', () => {
    const { log, lines } = captureLogs();
    const guard = new RestGuard(log);
    guard.observe(401, '/channels/c1/messages');
    expect(guard.allows('any')).toMatchObject({ ok: false, reason: 'Discord rejected the bot token' });
    expect(lines.some((l) => l.level === 60)).toBe(true);
  });
});

describe('Discord REST failures, end to end', () => {
  let discord: FakeDiscord | undefined;
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    await discord?.stop();
  });

  async function setup() {
    discord = await new FakeDiscord().start();
    server = await startTestServer({
      env: { DISCORD_TOKEN: 'fake-token', DISCORD_APP_ID: 'app1', DISCORD_API_URL: discord.apiUrl },
    });
    return { discord, server };
  }

  it('stops posting to a channel that keeps answering 403, tells the owner, keeps serving others, counts the invalid requests', async () => {
    const { discord, server } = await setup();
    discord.failing = { path: '/channels/c1/', status: 403 };
    const posts = () => discord.calls.filter((c) => c.path.startsWith('/channels/c1/')).length;
    discord.message('c1', `<@${BOT_USER.id}> one`);
    await eventually(() => expect(posts()).toBeGreaterThanOrEqual(2));
    discord.message('c1', `<@${BOT_USER.id}> two`);
    await eventually(() => expect(posts()).toBeGreaterThanOrEqual(3));
    // The server's owner hears which permissions are missing, by DM (people in the channel see nothing).
    await eventually(() => {
      const dm = discord.calls.find((c) => c.method === 'POST' && c.path === '/channels/dm-u0/messages');
      expect(String(dm?.body.content)).toContain("I'm missing View Channel, Send Messages, Embed Links");
    });
    await new Promise((r) => setTimeout(r, 300));
    const before = posts();
    discord.message('c1', `<@${BOT_USER.id}> three`);
    await new Promise((r) => setTimeout(r, 500));
    expect(posts()).toBe(before);
    discord.message('t1', `<@${BOT_USER.id}> elsewhere`);
    await eventually(() => expect(discord.visible('t1')).toHaveLength(1));
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(Number(/^discord_invalid_requests_10m (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(3);
  });

  it('halts all calls after a 401 and raises an alert', async () => {
    const { discord, server } = await setup();
    discord.failing = { path: '/channels/c1/', status: 401 };
    discord.message('c1', `<@${BOT_USER.id}> hello`);
    await eventually(() =>
      expect(server.lines.some((l) => l.level === 60 && String(l.msg).includes('401'))).toBe(true),
    );
    discord.failing = undefined;
    const before = discord.calls.length;
    const { id } = discord.interaction(2, { id: 'cmd', name: 'help', type: 1 });
    await new Promise((r) => setTimeout(r, 500));
    expect(discord.calls.slice(before).filter((c) => c.path.includes(id))).toEqual([]);
  });
});
