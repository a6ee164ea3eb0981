import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../../fakes/fake-discord/gateway.js';
import { writeFixtures } from '../../fixtures/models/generate.js';
import { generatedText } from '../../fixtures/models/known.js';
import { tempDir } from '../../helpers/db.js';
import { discordFixtureEnv, startTestServer, type TestServer } from '../../helpers/server.js';
import { eventually } from '../contract.js';

describe('Discord history: /summarize reads the thread or channel (real discord.js, fake Discord)', () => {
  const discord = new FakeDiscord();
  const modelsDir = tempDir('omb-models-');
  let server: TestServer;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['generator'] });
    await discord.start();
    server = await startTestServer({
      env: discordFixtureEnv(discord, modelsDir),
    });
  });
  afterAll(async () => {
    await server?.close();
    await discord.stop();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  const historyGets = (channelId: string) =>
    discord.calls.filter((c) => c.method === 'GET' && c.path === `/channels/${channelId}/messages`);
  const summarize = (options: { name: string; type: number; value: unknown }[], channelId: string) =>
    discord.interaction(2, { id: 'cmd-summarize', name: 'summarize', type: 1, options }, channelId);

  it('/summarize in a thread reads the thread’s messages page by page (100, then older ones)', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => discord.seed('t1', `note ${i}`));
    discord.seed('c1', 'a message in the parent channel, not in the thread');
    summarize([{ name: 'what', type: 3, value: 'thread' }], 't1');
    // A generous wait: the first run loads the model, and the test machine is shared.
    await eventually(
      () =>
        expect(discord.visible('t1').at(-1)).toBe(
          `**Summary of this thread** (150 messages)\n${generatedText({ lastLine: 'useru1: note 149' })}`,
        ),
      15_000,
    );
    const gets = historyGets('t1');
    expect(gets.map((c) => c.query)).toEqual([{ limit: '100' }, { limit: '100', before: ids[50] }]);
    expect(historyGets('c1')).toEqual([]);
  });

  it('/summarize what:channel reads the channel’s latest messages, as many as asked; an empty one says so', async () => {
    const channelOf = (messages: number) => [
      { name: 'what', type: 3, value: 'channel' },
      { name: 'messages', type: 4, value: messages },
    ];
    summarize(channelOf(3), 'c2');
    await eventually(() =>
      expect(discord.visible('c2')).toEqual(['There are no messages in this channel to summarize yet.']),
    );
    for (const text of ['anyone up for a game tonight?', 'yes, after the update', 'the update is out', 'cool'])
      discord.seed('c3', text);
    summarize(channelOf(3), 'c3');
    await eventually(() =>
      expect(discord.visible('c3').at(-1)).toBe(
        `**Summary of the last 3 messages in this channel**\n${generatedText({ lastLine: 'useru1: cool' })}`,
      ),
    );
    expect(historyGets('c3').map((c) => c.query)).toEqual([{ limit: '3' }]);
  });

  it('says why when Discord refuses to show the history (a missing permission)', async () => {
    discord.seed('c4', 'secret plans');
    discord.failing = { path: '/channels/c4/messages', status: 403 };
    try {
      summarize([{ name: 'what', type: 3, value: 'channel' }], 'c4');
      await eventually(() => expect(discord.visible('c4').at(-1)).toContain('Read Message History'));
    } finally {
      discord.failing = undefined;
    }
  });
});
