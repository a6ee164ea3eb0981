import { rmSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordGatewayAdapter } from '../../../src/adapters/discord/gateway.js';
import { BOT_USER, FakeDiscord } from '../../fakes/fake-discord/gateway.js';
import { tempDir } from '../../helpers/db.js';
import { captureLogs } from '../../helpers/logs.js';
import { type ServerProcess, spawnCli } from '../../helpers/process.js';
import { platformStatus, startTestServer, type TestServer } from '../../helpers/server.js';
import { eventually } from '../contract.js';

/** A port nothing listens on (yet): connections to it are refused, as to a Discord that cannot be reached. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function metric(server: { url: string }, series: string): Promise<number | undefined> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const connected = 'platform_connected{platform="discord"}';
const inState = (state: string) => `platform_connection_state{platform="discord",state="${state}"}`;

/** Interaction ids unique across fakes (each fake counts from the same number; the bot dedupes by id). */
let interactionIds = 900_000;
const help = (discord: FakeDiscord) =>
  discord.interaction(2, { id: 'cmd-help', name: 'help', type: 1 }, 'c1', String(interactionIds++));

/** Sends /help as a slash command and resolves once the bot answered it. */
async function answersHelp(discord: FakeDiscord): Promise<{ id: string }> {
  const { id, token } = help(discord);
  await eventually(() => {
    const callback = discord.calls.find((c) => c.path === `/interactions/${id}/${token}/callback`);
    expect(String((callback?.body.data as { content?: string } | undefined)?.content)).toContain('/help');
  });
  return { id };
}

const answersTo = (discord: FakeDiscord, interactionId: string) =>
  discord.calls.filter((c) => c.path.startsWith(`/interactions/${interactionId}/`)).length;

/** Log lines at error level or above (pino: 50 error, 60 fatal). */
const errorLines = (server: TestServer) => server.lines.filter((l) => Number(l.level) >= 50);

describe('Discord outages: the server keeps serving, the bot connects when Discord is back', () => {
  let discord: FakeDiscord | undefined;
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    await discord?.stop().catch(() => {});
    server = undefined;
    discord = undefined;
  });

  it('Discord unreachable at start: the API answers, /readyz and metrics say retrying; once Discord is up the bot connects without a restart', async () => {
    const port = await closedPort();
    server = await startTestServer({
      waitForDiscord: false,
      env: {
        DISCORD_TOKEN: 'fake-token',
        DISCORD_APP_ID: 'app1',
        DISCORD_API_URL: `http://127.0.0.1:${port}/api`,
        API_KEYS: 'k',
      },
    });
    const url = server.url;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const skills = await fetch(`${url}/v1/skills`, { headers: { authorization: 'Bearer k' } });
    expect(skills.status).toBe(200);
    // Ready for API traffic while Discord is down: the status is 200, the body says how Discord is doing.
    await eventually(async () => {
      const res = await fetch(`${url}/readyz`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { status: string; platforms: Record<string, Record<string, unknown>> };
      expect(body.status).toBe('ready');
      expect(body.platforms.discord).toMatchObject({
        state: 'retrying',
        attempt: expect.any(Number),
        lastError: expect.stringContaining('ECONNREFUSED'),
        nextAttemptAt: expect.any(String),
      });
    });
    expect(await metric(server, connected)).toBe(0);
    expect(await metric(server, inState('retrying'))).toBe(1);
    expect(await metric(server, inState('ready'))).toBe(0);
    // Retries are logged as warnings; nothing at error level, and the server stays up.
    expect(server.lines.some((l) => String(l.msg).startsWith('Discord unreachable (connect ECONNREFUSED'))).toBe(true);
    expect(errorLines(server)).toEqual([]);

    discord = await new FakeDiscord().start(port);
    await eventually(async () => expect((await platformStatus(server as TestServer, 'discord'))?.state).toBe('ready'));
    expect(discord.identifies).toHaveLength(1);
    expect(discord.calls.some((c) => c.method === 'PUT' && c.path === '/applications/app1/commands')).toBe(true);
    await answersHelp(discord);
    discord.message('t1', `<@${BOT_USER.id}> are you there?`);
    await eventually(() => expect(discord?.visible('t1').join('\n')).toContain('no documents yet'));
    expect(await metric(server, connected)).toBe(1);
    expect(await metric(server, inState('ready'))).toBe(1);
    expect(await metric(server, inState('retrying'))).toBe(0);
  }, 45_000);

  it('Discord answering 5xx: retries with backoff, then connects', async () => {
    discord = await new FakeDiscord().start();
    // discord.js tries each request 4 times (retries: 3): two whole login attempts fail with 502/503.
    discord.gatewayBotFailures = [502, 502, 502, 502, 503, 503, 503, 503];
    server = await startTestServer({
      waitForDiscord: false,
      env: { DISCORD_TOKEN: 'fake-token', DISCORD_APP_ID: 'app1', DISCORD_API_URL: discord.apiUrl },
    });
    await eventually(async () =>
      expect(await platformStatus(server as TestServer, 'discord')).toMatchObject({
        state: 'retrying',
        lastError: expect.stringMatching(/Bad Gateway|Service Unavailable/),
      }),
    );
    await eventually(async () => expect((await platformStatus(server as TestServer, 'discord'))?.state).toBe('ready'));
    expect(discord.gatewayBotRequests).toBe(9);
    expect(discord.identifies).toHaveLength(1);
    const retries = server.lines.filter((l) => String(l.msg).startsWith('Discord unreachable'));
    expect(retries).toHaveLength(2);
    await answersHelp(discord);
  }, 30_000);

  it('disallowed intents (close code 4014) at start: no retry loop, one log line saying what to fix', async () => {
    discord = await new FakeDiscord().start();
    discord.identifyCloseCode = 4014;
    server = await startTestServer({
      waitForDiscord: false,
      env: { DISCORD_TOKEN: 'fake-token', DISCORD_APP_ID: 'app1', DISCORD_API_URL: discord.apiUrl, API_KEYS: 'k' },
    });
    await eventually(async () =>
      expect(await platformStatus(server as TestServer, 'discord')).toMatchObject({
        state: 'fatal',
        closeCode: 4014,
        reason: expect.stringContaining('Message Content Intent'),
      }),
    );
    await wait(3000);
    expect(discord.identifies).toHaveLength(1);
    expect(discord.connections).toBe(1);
    expect(discord.gatewayBotRequests).toBe(1);
    const errors = errorLines(server);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ level: 60, closeCode: 4014 });
    expect(String(errors[0]?.msg)).toContain('turn on Message Content Intent');
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${server.url}/v1/skills`, { headers: { authorization: 'Bearer k' } })).status).toBe(200);
    expect(await metric(server, inState('fatal'))).toBe(1);
    expect(await metric(server, connected)).toBe(0);
  }, 30_000);

  it('the token reset while running (re-identify closed with 4004): stops, one log line, no retry loop', async () => {
    discord = await new FakeDiscord().start();
    server = await startTestServer({
      env: { DISCORD_TOKEN: 'fake-token', DISCORD_APP_ID: 'app1', DISCORD_API_URL: discord.apiUrl },
    });
    expect(discord.identifies).toHaveLength(1);
    // Discord ends the session (INVALID_SESSION, not resumable); the next IDENTIFY's token is refused.
    discord.identifyCloseCode = 4004;
    discord.invalidateSession(false);
    await eventually(async () =>
      expect(await platformStatus(server as TestServer, 'discord')).toMatchObject({
        state: 'fatal',
        closeCode: 4004,
        reason: expect.stringContaining('set DISCORD_TOKEN'),
      }),
    );
    const connections = discord.connections;
    await wait(3000);
    expect(discord.identifies).toHaveLength(2);
    expect(discord.connections).toBe(connections);
    const errors = errorLines(server);
    expect(errors).toHaveLength(1);
    expect(String(errors[0]?.msg)).toMatch(/^Discord rejected the bot token \(close code 4004.*set DISCORD_TOKEN/);
    expect(await metric(server, inState('fatal'))).toBe(1);
  }, 30_000);

  it('a rejected token at login (401 on GET /gateway/bot): stops at once, one log line', async () => {
    discord = await new FakeDiscord().start();
    // One 401: a second login attempt would get through, and be counted.
    discord.gatewayBotFailures = [401];
    server = await startTestServer({
      waitForDiscord: false,
      env: { DISCORD_TOKEN: 'wrong-token', DISCORD_APP_ID: 'app1', DISCORD_API_URL: discord.apiUrl },
    });
    await eventually(async () =>
      expect(await platformStatus(server as TestServer, 'discord')).toMatchObject({
        state: 'fatal',
        reason: expect.stringContaining('401'),
      }),
    );
    await wait(2500);
    expect(discord.gatewayBotRequests).toBe(1);
    expect(discord.connections).toBe(0);
    const errors = errorLines(server);
    expect(errors).toHaveLength(1);
    expect(String(errors[0]?.msg)).toContain('set DISCORD_TOKEN to the bot token from the Developer Portal');
  }, 30_000);
});

describe('Discord asking the bot to reconnect (op 7) or re-identify (op 9), against the fake gateway', () => {
  let discord: FakeDiscord | undefined;
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    await discord?.stop();
    server = undefined;
    discord = undefined;
  });

  async function setup() {
    discord = await new FakeDiscord().start();
    server = await startTestServer({
      env: { DISCORD_TOKEN: 'fake-token', DISCORD_APP_ID: 'app1', DISCORD_API_URL: discord.apiUrl },
    });
    return { discord, server };
  }

  it('op 7 RECONNECT: reconnects and resumes the session; events sent meanwhile are replayed and handled once', async () => {
    const { discord, server } = await setup();
    const before = await answersHelp(discord);
    discord.reconnect();
    // Dispatched while the bot is between connections: Discord replays it after RESUME.
    const during = help(discord);
    await eventually(() => expect(discord.resumes).toHaveLength(1));
    expect(discord.resumes[0]).toMatchObject({ session_id: 'session-1', token: 'fake-token' });
    expect(discord.identifies).toHaveLength(1);
    expect(discord.connections).toBe(2);
    await eventually(() => expect(answersTo(discord, during.id)).toBe(1));
    const after = await answersHelp(discord);
    await wait(500);
    expect([before.id, during.id, after.id].map((id) => answersTo(discord, id))).toEqual([1, 1, 1]);
    expect((await platformStatus(server, 'discord'))?.state).toBe('ready');
  });

  it('a resumable close code (4000 unknown error): reconnects and resumes; events handled once', async () => {
    const { discord, server } = await setup();
    const before = await answersHelp(discord);
    discord.closeConnection(4000, 'Unknown error');
    await eventually(() => expect(discord.resumes).toHaveLength(1));
    expect(discord.identifies).toHaveLength(1);
    const after = await answersHelp(discord);
    await wait(500);
    expect([answersTo(discord, before.id), answersTo(discord, after.id)]).toEqual([1, 1]);
    expect((await platformStatus(server, 'discord'))?.state).toBe('ready');
    expect(errorLines(server)).toEqual([]);
  });

  it('op 9 INVALID_SESSION d=true: resumes on the same connection; events handled once', async () => {
    const { discord, server } = await setup();
    const before = await answersHelp(discord);
    discord.invalidateSession(true);
    await eventually(() => expect(discord.resumes).toHaveLength(1));
    expect(discord.identifies).toHaveLength(1);
    expect(discord.connections).toBe(1);
    const after = await answersHelp(discord);
    await wait(500);
    expect([answersTo(discord, before.id), answersTo(discord, after.id)]).toEqual([1, 1]);
    expect((await platformStatus(server, 'discord'))?.state).toBe('ready');
  });

  it('op 9 INVALID_SESSION d=false: identifies anew (a new session); later events handled once', async () => {
    const { discord, server } = await setup();
    const before = await answersHelp(discord);
    discord.invalidateSession(false);
    // discord.js waits out Discord's identify rate limit (5 s per identify) before identifying again.
    await eventually(() => expect(discord.identifies).toHaveLength(2), 20_000);
    expect(discord.resumes).toHaveLength(0);
    await eventually(async () => expect((await platformStatus(server, 'discord'))?.state).toBe('ready'));
    const after = await answersHelp(discord);
    await wait(500);
    expect([answersTo(discord, before.id), answersTo(discord, after.id)]).toEqual([1, 1]);
    expect(discord.lastDispatch('READY')).toMatchObject({ session_id: 'session-2' });
  }, 30_000);
});

describe('Discord lost after connecting', () => {
  let discord: FakeDiscord | undefined;
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    await discord?.stop().catch(() => {});
  });

  it('reconnects by itself for a while, then with backoff; when Discord is back, one new session (no stray one)', async () => {
    const first = await new FakeDiscord().start();
    const port = first.port;
    const { log, lines } = captureLogs();
    const adapter = new DiscordGatewayAdapter({
      token: 'fake-token',
      appId: 'app1',
      apiUrl: first.apiUrl,
      log,
      retry: { initialMs: 200, maxMs: 400, reconnectGraceMs: 1500 },
    });
    server = await startTestServer({ adapters: [adapter] });
    await answersHelp(first);
    await first.stop();
    await eventually(async () =>
      expect((await platformStatus(server as TestServer, 'discord'))?.state).toBe('reconnecting'),
    );
    // After the grace period the client is replaced, and attempts follow the backoff.
    await eventually(async () =>
      expect(await platformStatus(server as TestServer, 'discord')).toMatchObject({
        state: 'retrying',
        lastError: expect.stringContaining('ECONNREFUSED'),
      }),
    );
    expect(await metric(server, connected)).toBe(0);
    expect(lines.some((l) => l.msg === 'Discord connection dropped; reconnecting')).toBe(true);

    discord = await new FakeDiscord().start(port);
    await eventually(async () => expect((await platformStatus(server as TestServer, 'discord'))?.state).toBe('ready'));
    await answersHelp(discord);
    // Had a replaced client connected again anyway, there would be a second IDENTIFY (and answers twice).
    await wait(2000);
    expect(discord.identifies).toHaveLength(1);
    expect(discord.connections).toBe(1);
    expect(await metric(server, connected)).toBe(1);
  }, 45_000);
});

describe('the server process with Discord unreachable', () => {
  let proc: ServerProcess | undefined;
  let discord: FakeDiscord | undefined;
  const dir = tempDir();
  afterEach(async () => {
    proc?.child.kill('SIGKILL');
    await discord?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps running and serving (it used to exit with ECONNREFUSED), and connects when Discord comes up', async () => {
    const port = await closedPort();
    proc = spawnCli(
      ['start'],
      {
        PORT: '0',
        API_KEYS: 'k',
        DISCORD_TOKEN: 'fake-token',
        DISCORD_APP_ID: 'app1',
        DISCORD_API_URL: `http://127.0.0.1:${port}/api`,
      },
      dir,
    );
    const url = `http://127.0.0.1:${await proc.listening}`;
    await eventually(async () => expect((await platformStatus({ url }, 'discord'))?.state).toBe('retrying'));
    await wait(1500);
    expect(proc.child.exitCode).toBeNull();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect((await fetch(`${url}/v1/skills`, { headers: { authorization: 'Bearer k' } })).status).toBe(200);
    discord = await new FakeDiscord().start(port);
    await eventually(async () => expect((await platformStatus({ url }, 'discord'))?.state).toBe('ready'));
    expect(discord.identifies).toHaveLength(1);
    expect(proc.stderr.join('')).not.toContain('Failed');
  }, 60_000);
});
