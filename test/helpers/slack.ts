import { SlackAdapter } from '../../src/adapters/slack/adapter.js';
import type { Env } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import type { AnySkill } from '../../src/skills/skill.js';
import type { FakeSlack } from '../fakes/fake-slack/index.js';
import { startTestServer, type TestServer } from './server.js';

/** Our Slack adapter in Socket Mode against a fake Slack (a short ping timeout, so lost sockets are noticed fast). */
export function socketAdapter(fake: FakeSlack): SlackAdapter {
  return new SlackAdapter({
    botToken: fake.identity.botToken,
    appToken: fake.identity.appToken,
    apiUrl: fake.apiUrl,
    bodyLimitBytes: 1024 * 1024,
    log: createLogger('silent'),
    socketPingTimeoutMs: 200,
  });
}

/** A test server with that adapter, resolved once the fake has its socket connection. */
export async function startSlackSocketServer(
  fake: FakeSlack,
  options: { env?: Env; extraSkills?: AnySkill[] } = {},
): Promise<TestServer> {
  const server = await startTestServer({ ...options, adapters: [socketAdapter(fake)] });
  await fake.socket.waitForConnection();
  return server;
}

/** The environment of a server taking Slack over HTTP (Events API, signed requests) from a fake Slack. */
export function slackHttpEnv(fake: FakeSlack, signingSecret: string, env: Env = {}): Env {
  return {
    SLACK_BOT_TOKEN: fake.identity.botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: fake.apiUrl,
    ...env,
  };
}
