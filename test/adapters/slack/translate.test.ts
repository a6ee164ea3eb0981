import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackEmoji } from '../../../src/adapters/slack/reactions.js';
import { type FakeSlack, type SlackMessage, startFakeSlack } from '../../fakes/fake-slack/index.js';
import { writeFixtures } from '../../fixtures/models/generate.js';
import { translatedText } from '../../fixtures/models/translator.js';
import { tempDir } from '../../helpers/db.js';
import { fixtureEnv, type TestServer } from '../../helpers/server.js';
import { startSlackSocketServer } from '../../helpers/slack.js';
import { eventually } from '../contract.js';

describe('slackEmoji', () => {
  it('turns Slack flag names into the Unicode flag, whatever Slack calls them; anything else stays :name:', () => {
    expect(slackEmoji('flag-de')).toBe('🇩🇪');
    expect(slackEmoji('de')).toBe('🇩🇪');
    expect(slackEmoji('flag-br')).toBe('🇧🇷');
    expect(slackEmoji('uk')).toBe('🇬🇧');
    expect(slackEmoji('us')).toBe('🇺🇸');
    expect(slackEmoji('thumbsup::skin-tone-3')).toBe(':thumbsup:');
    expect(slackEmoji('flag-england')).toBe(':flag-england:');
  });
});

/** Flag reactions through real Bolt in Socket Mode against a fake Slack, on the fixture translator. */
describe('Slack: a flag reaction is answered with a translation in a thread on the message, once', () => {
  const modelsDir = tempDir('omb-models-');
  let fake: FakeSlack;
  let server: TestServer;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['translator'] });
    fake = await startFakeSlack();
    server = await startSlackSocketServer(fake, { env: fixtureEnv(modelsDir) });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  const react = (message: SlackMessage, reaction: string, user = 'U0READER01') =>
    fake.socket.send('events_api', fake.payloads.reactionAdded({ reaction, message, user }));
  /** What the bot posted in the thread `ts` of `channel`. */
  const botPosts = (channel: string, ts: string) =>
    fake
      .thread(channel, ts)
      .filter((m) => m.user === fake.identity.botUserId)
      .map((m) => m.text ?? '');
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

  it('flag-fr → one French translation in a thread on the message; the same flag again → nothing more', async () => {
    const message = fake.seed({
      channel: 'C1',
      text: 'Hallo Welt und Freunde <@U0OTHER001> &amp; <@U0THIRD001|Kim> 👋',
      user: 'U0AUTHOR01',
    });
    await react(message, 'flag-fr');
    await eventually(() => expect(botPosts('C1', message.ts).join('\n')).toContain('Salut monde et amis'));
    const answer = botPosts('C1', message.ts).join('\n');
    expect(answer).toContain('Machine translation de → fr');
    // Slack's markup is read as people see it: names for mentions (users.info), `&` once. Plain text: no pings.
    expect(answer).toContain('@user-U0OTHER001 &amp; @Kim');
    expect(answer).not.toContain('&amp;amp;');
    expect(answer).not.toMatch(/<@U/);
    // The same flag by someone else, and Slack's short name for it: no second French reply.
    await react(message, 'flag-fr', 'U0READER02');
    await react(message, 'fr', 'U0READER03');
    // Another flag is another language, in the same thread; Slack's `uk` is 🇬🇧.
    await react(message, 'uk');
    await eventually(() => expect(botPosts('C1', message.ts).join('\n')).toContain('Hello world and friends'));
    await settle();
    expect(botPosts('C1', message.ts).filter((t) => t.includes('Salut monde'))).toHaveLength(1);
    expect(botPosts('C1', message.ts).filter((t) => t.includes('Hello world'))).toHaveLength(1);
  });

  it('a reaction on a reply is answered in its thread', async () => {
    const parent = fake.seed({ channel: 'C1', text: 'Guten Morgen' });
    const reply = fake.seed({ channel: 'C1', text: 'Hallo Freunde', thread_ts: parent.ts });
    await react(reply, 'flag-gb');
    await eventually(() =>
      expect(botPosts('C1', parent.ts).join('\n')).toContain(translatedText('Hallo Freunde', 'en')),
    );
    expect(botPosts('C1', parent.ts).join('\n')).not.toContain('Good morning');
  });

  it('a message made to ping the channel is translated without pinging anyone', async () => {
    const message = fake.seed({ channel: 'C1', text: 'Hallo <!channel> und <!everyone> Welt' });
    await react(message, 'flag-fr');
    await eventually(() => expect(botPosts('C1', message.ts).join('\n')).toContain('Salut'));
    const answer = botPosts('C1', message.ts).join('\n');
    expect(answer).not.toMatch(/<!(channel|everyone|here)>/);
    // Shown as the words people saw, in text Slack is told to take verbatim (no automatic @channel parsing).
    expect(answer).toContain('@channel');
    const blocks = fake
      .thread('C1', message.ts)
      .flatMap((m) => (m.user === fake.identity.botUserId ? (m.blocks ?? []) : []));
    expect(JSON.stringify(blocks)).toContain('"verbatim":true');
  });

  it('answers nothing to other emoji, to its own reactions, or on a message that is gone', async () => {
    const message = fake.seed({ channel: 'C1', text: 'Guten Morgen Freunde' });
    await react(message, 'thumbsup');
    await react(message, 'flag-fr', fake.identity.botUserId);
    const gone = { ...fake.seed({ channel: 'C1', text: 'Hallo Welt' }) };
    fake.remove('C1', gone.ts);
    await react(gone, 'flag-fr');
    await settle();
    expect(botPosts('C1', message.ts)).toEqual([]);
    expect(botPosts('C1', gone.ts)).toEqual([]);
    // Still listening: a flag now is answered.
    await react(message, 'flag-fr');
    await eventually(() => expect(botPosts('C1', message.ts).join('\n')).toContain('Bon'));
  });
});
