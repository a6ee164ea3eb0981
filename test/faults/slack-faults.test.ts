import { afterEach, describe, expect, it } from 'vitest';
import { SlackAdapter } from '../../src/adapters/slack/adapter.js';
import { eventually } from '../adapters/contract.js';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack/index.js';
import { echoSkill } from '../fakes/skills.js';
import { captureLogs } from '../helpers/logs.js';
import { platformStatus, startTestServer, type TestServer } from '../helpers/server.js';

const fatalLines = (lines: Record<string, unknown>[]) => lines.filter((l) => Number(l.level) >= 60);

describe('Slack failing mid-run (Socket Mode against the fake Slack)', () => {
  let fake: FakeSlack | undefined;
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    await fake?.close();
    server = undefined;
    fake = undefined;
  });

  async function start(slack: FakeSlack) {
    const logs = captureLogs();
    const adapter = new SlackAdapter({
      botToken: slack.identity.botToken,
      appToken: slack.identity.appToken,
      apiUrl: slack.apiUrl,
      bodyLimitBytes: 1024 * 1024,
      log: logs.log,
      socketPingTimeoutMs: 200,
    });
    server = await startTestServer({ adapters: [adapter], extraSkills: [echoSkill()] });
    return { adapter, server, logs };
  }

  it('a bot token revoked while running (token_revoked on a post) halts every further call, with one fatal line', async () => {
    fake = await startFakeSlack();
    const slack = fake;
    const { adapter, server: running, logs } = await start(slack);
    await slack.socket.waitForConnection();
    const posts = () => slack.calls('chat.postMessage').length;

    await slack.socket.send('events_api', slack.payloads.appMention({ text: 'hello', channel: 'S1' }));
    await eventually(() => expect(posts()).toBe(1));
    // The first answer is finished (its placeholder edited into the reply) before the token goes: on a busy machine
    // that edit could otherwise still be on its way when the halt is observed, and be counted as a call after it.
    await eventually(() =>
      expect(slack.messages('S1').map((m) => m.text)).toContainEqual(expect.stringContaining('knowledge base')),
    );

    // Someone revokes the token: the next post is refused by Slack.
    slack.failNext('chat.postMessage', { error: 'token_revoked' }, 1);
    await slack.socket.send('events_api', slack.payloads.appMention({ text: 'hello again', channel: 'S1' }));
    await eventually(async () =>
      expect(await platformStatus(running, 'slack')).toMatchObject({
        state: 'fatal',
        reason: expect.stringMatching(/^Slack rejected SLACK_BOT_TOKEN \(token_revoked\): .*reinstall the app/),
      }),
    );
    const callsAtHalt = slack.calls().length;

    // Nothing more reaches Slack: a post fails here, without a request; the socket is closed, not retried.
    await expect(adapter.post('S1', { text: 'anyone there?' })).rejects.toThrow(/^Slack calls are stopped: /);
    await expect(adapter.client.auth.test()).rejects.toThrow(/^Slack calls are stopped: /);
    await eventually(() => expect(slack.socket.connections()).toBe(0));
    await new Promise((r) => setTimeout(r, 1500));
    expect(
      slack
        .calls()
        .slice(callsAtHalt)
        .filter((c) => c.token === slack.identity.botToken),
    ).toEqual([]);

    // The operator: one fatal line saying what to fix, and the metrics.
    const fatal = fatalLines(logs.lines);
    expect(fatal).toHaveLength(1);
    expect(String(fatal[0]?.msg)).toMatch(/^Slack rejected SLACK_BOT_TOKEN \(token_revoked\).*xoxb-/);
    const metrics = await (await fetch(`${running.url}/metrics`)).text();
    // Only the platform lines, so that a failure shows what they said.
    const platformLines = metrics.split('\n').filter((line) => line.startsWith('platform_'));
    expect(platformLines).toContain('platform_connection_state{platform="slack",state="fatal"} 1');
    expect(platformLines).toContain('platform_connected{platform="slack"} 0');
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  });

  it('apps.connections.open failing (503s) is retried with backoff, reported, and then connects and answers', async () => {
    fake = await startFakeSlack();
    const slack = fake;
    // More failures than one attempt's own retries: our loop has to try again.
    slack.failNext('apps.connections.open', { status: 503 }, 5);
    const { server: running, logs } = await start(slack);
    await eventually(
      async () =>
        expect(await platformStatus(running, 'slack')).toMatchObject({
          state: 'retrying',
          lastError: expect.any(String),
          nextAttemptAt: expect.any(String),
        }),
      20_000,
    );
    const metrics = await (await fetch(`${running.url}/metrics`)).text();
    expect(metrics).toContain('platform_connection_state{platform="slack",state="retrying"} 1');
    expect(logs.lines.some((l) => String(l.msg).startsWith('Slack connection failed; retrying in'))).toBe(true);

    await slack.socket.waitForConnection(1, 30_000);
    await eventually(async () => expect((await platformStatus(running, 'slack'))?.state).toBe('ready'), 10_000);
    const command = slack.payloads.slashCommand({ command: '/echo', text: 'back' });
    await slack.socket.send('slash_commands', command);
    await eventually(() => expect(JSON.stringify(slack.responses(command.response_url))).toContain('echo: back'));
    expect(slack.calls('apps.connections.open').length).toBeGreaterThan(5);
    expect(fatalLines(logs.lines)).toEqual([]);
  }, 60_000);
});
