import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TENANT_SCOPE } from '../../../src/store/settings.js';
import { DEFAULT_CHANNEL, DEFAULT_USER, type FakeSlack, startFakeSlack } from '../../fakes/fake-slack/index.js';
import { writeFixtures } from '../../fixtures/models/generate.js';
import { tempDir } from '../../helpers/db.js';
import { fixtureEnv, type TestServer } from '../../helpers/server.js';
import { startSlackSocketServer } from '../../helpers/slack.js';
import { eventually } from '../contract.js';

/**
 * Moderation nobody can sidestep, over real Bolt (Socket Mode) against the fake Slack on fixture models: an
 * @-mention is judged before it is answered, and an edit is judged again. A bot token cannot delete people's
 * messages on Slack, so the case and its report are what moderation does there.
 */
describe('moderation covers mentions and edits (Slack)', () => {
  const modelsDir = tempDir('omb-models-');
  let fake: FakeSlack;
  let server: TestServer;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['toxicity', 'sentiment'] });
    fake = await startFakeSlack();
    server = await startSlackSocketServer(fake, { env: fixtureEnv(modelsDir) });
    // A low threshold: the fixture scores a sentence by all its words ("you worthless idiot" is ~0.28 toxic).
    const policy = { enabled: true, modChannel: 'CMODS00001', thresholds: { toxic: { remove: 0.1 } } };
    await server.settings.set(fake.identity.teamId, TENANT_SCOPE, 'moderation.policy', policy);
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  const reports = () => fake.messages('CMODS00001').map((m) => String(m.text) + JSON.stringify(m.blocks));
  const reported = (text: string) => reports().some((r) => r.includes(text));
  const botPostsIn = (ts: string) =>
    fake.thread(DEFAULT_CHANNEL, ts).filter((m) => m.user === fake.identity.botUserId && m.ts !== ts);

  it('judges a mention before answering it: a case, and no answer', async () => {
    const abusive = fake.payloads.appMention({ text: 'you worthless idiot' });
    const abusiveTs = String(abusive.event.ts);
    await fake.socket.send('events_api', abusive);
    await eventually(() => expect(reported('you worthless idiot')).toBe(true), 30_000);
    // A clean mention in the same channel is answered: the bot is not simply silent.
    const clean = fake.payloads.appMention({ text: 'what can you do?' });
    await fake.socket.send('events_api', clean);
    await eventually(() => expect(botPostsIn(String(clean.event.ts))).toHaveLength(1), 30_000);
    expect(botPostsIn(abusiveTs)).toEqual([]);
  });

  it('judges an edit again: the case shows the edited text', async () => {
    const original = fake.payloads.message({ text: 'hello friends' });
    await fake.socket.send('events_api', original);
    const ts = String(original.event.ts);
    const edited = fake.payloads.message({ text: 'hello friends, you moron' });
    edited.event = {
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel: DEFAULT_CHANNEL,
      ts: fake.nextTs(),
      event_ts: fake.nextTs(),
      message: {
        type: 'message',
        user: DEFAULT_USER,
        text: 'hello friends, you moron',
        ts,
        edited: { user: DEFAULT_USER, ts: fake.nextTs() },
      },
      previous_message: { type: 'message', user: DEFAULT_USER, text: 'hello friends', ts },
    };
    await fake.socket.send('events_api', edited);
    await eventually(() => expect(reported('hello friends, you moron')).toBe(true), 30_000);
    // One case, on the edit: the original was clean.
    expect(reports().filter((r) => r.includes('hello friends'))).toHaveLength(1);
  });
});
