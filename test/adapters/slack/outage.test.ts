import { afterEach, describe, expect, it } from 'vitest';
import { SlackAdapter } from '../../../src/adapters/slack/adapter.js';
import { type FakeSlack, startFakeSlack } from '../../fakes/fake-slack/index.js';
import { captureLogs } from '../../helpers/logs.js';
import { platformStatus, startTestServer, type TestServer } from '../../helpers/server.js';
import { eventually } from '../contract.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const errorLines = (lines: Record<string, unknown>[]) => lines.filter((l) => Number(l.level) >= 50);

describe('Slack refusing the tokens, and Slack lost after connecting', () => {
  let fake: FakeSlack | undefined;
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    await fake?.close();
    server = undefined;
    fake = undefined;
  });

  it('a wrong bot token (invalid_auth) stops the attempts with one log line; the server keeps serving', async () => {
    fake = await startFakeSlack();
    server = await startTestServer({
      env: {
        SLACK_BOT_TOKEN: 'xoxb-not-the-right-one',
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_API_URL: fake.apiUrl,
        API_KEYS: 'k',
      },
    });
    await eventually(async () =>
      expect(await platformStatus(server as TestServer, 'slack')).toMatchObject({
        state: 'fatal',
        reason: expect.stringContaining('set SLACK_BOT_TOKEN to the Bot User OAuth Token'),
      }),
    );
    await wait(2500);
    expect(fake.calls('auth.test')).toHaveLength(1);
    const errors = errorLines(server.lines);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ level: 60 });
    expect(String(errors[0]?.msg)).toMatch(/^Slack rejected SLACK_BOT_TOKEN \(invalid_auth\)/);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${server.url}/v1/skills`, { headers: { authorization: 'Bearer k' } })).status).toBe(200);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('platform_connection_state{platform="slack",state="fatal"} 1');
    expect(metrics).toContain('platform_connected{platform="slack"} 0');
  });

  it('a revoked app token (Socket Mode, token_revoked) stops the attempts with one log line', async () => {
    fake = await startFakeSlack();
    fake.failNext('apps.connections.open', { error: 'token_revoked' });
    const { log, lines } = captureLogs();
    const adapter = new SlackAdapter({
      botToken: fake.identity.botToken,
      appToken: fake.identity.appToken,
      apiUrl: fake.apiUrl,
      bodyLimitBytes: 1024 * 1024,
      log,
    });
    server = await startTestServer({ adapters: [adapter] });
    await eventually(async () =>
      expect(await platformStatus(server as TestServer, 'slack')).toMatchObject({
        state: 'fatal',
        reason: expect.stringContaining('reinstall the app'),
      }),
    );
    await wait(2500);
    expect(fake.calls('apps.connections.open')).toHaveLength(1);
    expect(fake.socket.totalConnections()).toBe(0);
    const errors = errorLines(lines);
    expect(errors).toHaveLength(1);
    expect(String(errors[0]?.msg)).toMatch(/^Slack rejected SLACK_APP_TOKEN \(token_revoked\).*xapp-/);
  });

  it('Socket Mode: Slack gone (the server stays up, nothing unhandled), then back: reconnects and answers', async () => {
    fake = await startFakeSlack();
    const port = Number(new URL(fake.url).port);
    const { log, lines } = captureLogs();
    const adapter = new SlackAdapter({
      botToken: fake.identity.botToken,
      appToken: fake.identity.appToken,
      apiUrl: fake.apiUrl,
      bodyLimitBytes: 1024 * 1024,
      log,
      socketPingTimeoutMs: 200,
    });
    server = await startTestServer({ adapters: [adapter] });
    await fake.socket.waitForConnection();
    await eventually(async () => expect((await platformStatus(server as TestServer, 'slack'))?.state).toBe('ready'));
    await fake.close();
    fake = undefined;
    // The Web API client's own retries (about 7 s) come first; then ours, with backoff.
    await eventually(
      async () =>
        expect(await platformStatus(server as TestServer, 'slack')).toMatchObject({
          state: 'retrying',
          lastError: expect.any(String),
          nextAttemptAt: expect.any(String),
        }),
      20_000,
    );
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(lines.some((l) => String(l.msg).startsWith('Slack connection failed; retrying in'))).toBe(true);

    fake = await startFakeSlack({ port });
    await fake.socket.waitForConnection(1, 20_000);
    await eventually(async () => expect((await platformStatus(server as TestServer, 'slack'))?.state).toBe('ready'));
    const command = fake.payloads.slashCommand({ command: '/help' });
    await fake.socket.send('slash_commands', command);
    await eventually(() => expect(JSON.stringify(fake?.responses(command.response_url))).toContain('/help'));
    expect(errorLines(lines)).toEqual([]);
  }, 60_000);
});
