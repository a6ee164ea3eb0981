import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackManifest } from '../../../src/adapters/slack/manifest.js';
import { type FakeSlack, startFakeSlack } from '../../fakes/fake-slack/index.js';
import { writeFixtures } from '../../fixtures/models/generate.js';
import { generatedText } from '../../fixtures/models/known.js';
import { tempDir } from '../../helpers/db.js';
import type { TestServer } from '../../helpers/server.js';
import { startSlackSocketServer } from '../../helpers/slack.js';
import { eventually } from '../contract.js';

describe('Slack history: summaries read conversations.replies / .history (real Bolt in Socket Mode, fake Slack)', () => {
  const modelsDir = tempDir('omb-models-');
  let fake: FakeSlack;
  let server: TestServer;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['generator'] });
    fake = await startFakeSlack();
    server = await startSlackSocketServer(fake, {
      env: { MODELS_DIR: modelsDir, MODELS_OFFLINE: '1', RUNTIME_WORKERS: '1' },
    });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  /** Every text the bot showed for one interaction: through its response_url, then in the channel. */
  const shown = (responseUrl: string, channel: string) => [
    ...fake.responses(responseUrl).map((b) => String(b.text)),
    ...fake.messages(channel).map((m) => m.text),
  ];

  it('"Summarize thread" on a message in a thread reads the whole thread with conversations.replies', async () => {
    const parent = fake.seed({ channel: 'C1', text: 'the game server crashed after the patch', user: 'U0ANA00001' });
    for (let i = 0; i < 230; i++) {
      const user = i % 2 ? 'U0BO000001' : 'U0ANA00001';
      fake.seed({ channel: 'C1', thread_ts: parent.ts, text: i ? `ok ${i}` : 'ask <@U0BO000001>', user });
    }
    fake.seed({ channel: 'C1', thread_ts: parent.ts, text: 'restart it with the old build', bot: true });
    const reply = fake.messages('C1').at(-1);
    const shortcut = {
      type: 'message_action',
      callback_id: 'summarize',
      trigger_id: '7.8.9',
      response_url: `${fake.url}/response/shortcut/summarize`,
      team: { id: fake.identity.teamId, domain: 'fake' },
      channel: { id: 'C1', name: 'general' },
      user: { id: 'U0USER0001', username: 'user', name: 'user', team_id: fake.identity.teamId },
      message: { type: 'message', ts: reply?.ts, thread_ts: parent.ts, text: reply?.text, user: reply?.user },
      message_ts: reply?.ts,
      action_ts: '1700000001.000000',
      token: 'fake-verification-token',
    };
    await fake.socket.send('interactive', shortcut);
    // A generous wait: 200 messages make a long prompt, and the test machine is shared.
    await eventually(
      () =>
        expect(shown(shortcut.response_url, 'C1')).toContain(
          `*Summary of this thread* (200 messages)\n${generatedText({ lastLine: 'user-U0USER0001 (bot): restart it with the old build' })}`,
        ),
      15_000,
    );
    // 232 messages: two pages (the parent heads both), the latest 200 kept; authors' names looked up once each.
    const replies = fake.calls('conversations.replies');
    expect(replies.map((c) => c.args)).toEqual([
      { channel: 'C1', ts: parent.ts, limit: '200' },
      { channel: 'C1', ts: parent.ts, limit: '200', cursor: expect.any(String) },
    ]);
    const looked = fake.calls('users.info').map((c) => c.args.user);
    expect(looked.filter((id) => id === 'U0ANA00001')).toHaveLength(1);
    expect(looked.filter((id) => id === 'U0BO000001')).toHaveLength(1);
    expect(fake.calls('conversations.history')).toEqual([]);
  });

  it('/summarize channel reads the channel’s latest top-level messages with conversations.history', async () => {
    const top = ['anyone up for a game tonight?', 'yes, after the update', 'the update is out'];
    const first = fake.seed({ channel: 'C2', text: 'an old message' });
    fake.seed({ channel: 'C2', thread_ts: first.ts, text: 'a reply, which stays in its thread' });
    for (const text of top) fake.seed({ channel: 'C2', text });
    const command = fake.payloads.slashCommand({ command: '/summarize', text: 'channel messages:3', channel_id: 'C2' });
    await fake.socket.send('slash_commands', command);
    await eventually(() =>
      expect(shown(command.response_url, 'C2')).toContain(
        `*Summary of the last 3 messages in this channel*\n${generatedText({ lastLine: 'user-U0USER0001: the update is out' })}`,
      ),
    );
    expect(fake.calls('conversations.history').map((c) => c.args)).toEqual([{ channel: 'C2', limit: '3' }]);
  });

  it('explains that a slash command has no thread, and why a channel cannot be read', async () => {
    const command = fake.payloads.slashCommand({ command: '/summarize', text: 'thread', channel_id: 'C3' });
    await fake.socket.send('slash_commands', command);
    await eventually(() => expect(shown(command.response_url, 'C3').join('\n')).toContain('there is no thread here'));

    fake.failNext('conversations.history', { error: 'not_in_channel' });
    const refused = fake.payloads.slashCommand({ command: '/summarize', text: 'channel', channel_id: 'C4' });
    await fake.socket.send('slash_commands', refused);
    await eventually(() => expect(shown(refused.response_url, 'C4').join('\n')).toContain('invite me to the channel'));
  });

  it('asks for the history scopes in the app manifest', () => {
    const scopes = slackManifest([], undefined).oauth_config.scopes.bot;
    expect(scopes).toEqual(
      expect.arrayContaining(['channels:history', 'groups:history', 'im:history', 'mpim:history', 'users:read']),
    );
  });
});
