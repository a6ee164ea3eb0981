import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Skill } from '../../../src/skills/skill.js';
import { type FakeSlack, startFakeSlack } from '../../fakes/fake-slack/index.js';
import { echoSkill } from '../../fakes/skills.js';
import type { TestServer } from '../../helpers/server.js';
import { socketAdapter, startSlackSocketServer } from '../../helpers/slack.js';
import { adapterContract, eventually, type Where } from '../contract.js';

/** What a person sees of a Block Kit message: its sections' text (the `text` beside blocks is only a preview). */
function shown(message: { text?: unknown; blocks?: unknown }): string {
  const blocks = (message.blocks ?? []) as { type: string; text?: { text: string } }[];
  const sections = blocks.filter((b) => b.type === 'section' && b.text).map((b) => b.text?.text);
  return sections.length ? sections.join('\n') : String(message.text ?? '');
}

/** Web API methods that show text to people: messages, edits, ephemerals, and the file upload steps (names, titles). */
const SHOWING = /^(chat\.(postMessage|update|postEphemeral)|files\.(getUploadURLExternal|completeUploadExternal))$/;

/** What the bot sent to Slack, and whether any of it is mention markup Slack would act on (`<!channel>`, `<@U…>`). */
function slackOutgoing(fake: FakeSlack) {
  const bodies = [...fake.calls().flatMap((c) => (SHOWING.test(c.method) ? [c.args] : [])), ...fake.responses()].map(
    (body) => JSON.stringify(body),
  );
  return bodies.map((body) => ({ body, wouldPing: /<[!@]/.test(body) ? 'unescaped mention markup' : undefined }));
}

let contractFake: FakeSlack;
const commandUrls = new Map<string, { channel: string; url: string }>();
const payloadsByEvent = new Map<string, object>();

adapterContract(
  'slack socket mode (real Bolt, fake Slack)',
  async () => {
    contractFake = await startFakeSlack();
    const fake = contractFake;
    const adapter = socketAdapter(fake);
    // Redeliveries (same eventId) send the very same payload again, as Slack does.
    const once = (eventId: string | undefined, make: () => object) => {
      if (!eventId) return make();
      const payload = payloadsByEvent.get(eventId) ?? make();
      payloadsByEvent.set(eventId, payload);
      return payload;
    };
    return {
      adapter,
      async command(name, options, where, eventId) {
        await fake.socket.waitForConnection();
        const payload = once(eventId, () => {
          const text = Object.values(options).join(' ');
          const command = fake.payloads.slashCommand({ command: `/${name}`, text, channel_id: where.channelId });
          commandUrls.set(eventId ?? String(command.trigger_id), {
            channel: where.channelId,
            url: command.response_url,
          });
          return command;
        });
        await fake.socket.send('slash_commands', payload);
      },
      async mention(text, where, eventId) {
        await fake.socket.waitForConnection();
        const thread_ts = where.threadId ? fake.nextTs() : undefined;
        if (thread_ts) threads.set(`${where.channelId}/${where.threadId}`, thread_ts);
        const payload = once(eventId, () => fake.payloads.appMention({ text, channel: where.channelId, thread_ts }));
        await fake.socket.send('events_api', payload);
      },
      visible: async (where) => visible(fake, where),
      sawDeferral: async (eventId) => {
        const command = commandUrls.get(eventId);
        return command ? fake.responses(command.url).some((r) => r.text === 'Working on it…') : false;
      },
      outgoing: async () => slackOutgoing(fake),
    };
  },
  () => contractFake.close(),
);

const threads = new Map<string, string>();

/** Response_url answers (replace_original replacing the last) and the bot's posts in the channel or thread. */
function visible(fake: FakeSlack, where: Pick<Where, 'channelId' | 'threadId'>): string[] {
  const seen: string[] = [];
  if (!where.threadId) {
    for (const { channel, url } of commandUrls.values()) {
      if (channel !== where.channelId) continue;
      const texts: string[] = [];
      for (const response of fake.responses(url)) {
        if (response.replace_original) texts.pop();
        texts.push(shown(response));
      }
      seen.push(...new Set(texts));
    }
  }
  const threadTs = where.threadId ? threads.get(`${where.channelId}/${where.threadId}`) : undefined;
  const posts = fake.messages(where.channelId).filter((m) => m.user === fake.identity.botUserId);
  seen.push(...posts.filter((m) => m.thread_ts === threadTs).map(shown));
  return seen;
}

/** Answers a mention with the words it was given: what skills see of a Slack message. */
const parrot: Skill<{ text: string }, { text: string }> = {
  name: 'parrot',
  description: 'Repeats what it is told',
  models: [],
  input: z.object({ text: z.string() }),
  reach: [{ kind: 'mention', matches: /^Tom/, input: ({ text }) => ({ text }) }],
  run: async ({ text }) => ({ text }),
  render: ({ text }) => ({ text: `heard: ${text}` }),
};

describe('Slack Socket Mode delivery', () => {
  let fake: FakeSlack;
  let server: TestServer;

  beforeAll(async () => {
    fake = await startFakeSlack();
    server = await startSlackSocketServer(fake, { extraSkills: [echoSkill(), parrot] });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  const botPosts = (channel: string) => fake.messages(channel).filter((m) => m.user === fake.identity.botUserId);

  it("gives skills a mention's words as people read them, and shows them back escaped once", async () => {
    const text = 'Tom &amp; Jerry &lt;3 <@U0ANA00001> <!here> <https://x.org|the site>';
    await fake.socket.send('events_api', fake.payloads.appMention({ text, channel: 'S2' }));
    // Slack shows `&amp;` and `&lt;` as & and <: the words as they were written, @here as words that ping nobody.
    const said = 'heard: Tom &amp; Jerry &lt;3 @user-U0ANA00001 @here the site (<https://x.org>)';
    await eventually(() => expect(botPosts('S2').map(shown)).toEqual([said]));
  });

  it('handles an envelope redelivered with retry_attempt once', async () => {
    const mention = fake.payloads.appMention({ text: 'hello', channel: 'S1' });
    for (const retryAttempt of [0, 1, 2]) {
      const ack = await fake.socket.send('events_api', mention, { retryAttempt, retryReason: 'timeout' });
      expect(ack.envelope_id).toBeTruthy();
    }
    await eventually(() => expect(botPosts('S1')).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 300));
    expect(botPosts('S1')).toHaveLength(1);
  });

  it('reconnects after a disconnect request and after a dropped socket; a redelivered envelope runs once', async () => {
    const command = fake.payloads.slashCommand({ command: '/echo', text: 'after the drop' });
    const reconnected = async (total: number) =>
      eventually(() => {
        expect(fake.socket.totalConnections()).toBe(total);
        expect(fake.socket.connections()).toBe(1);
      }, 5000);
    const before = fake.socket.totalConnections();
    fake.socket.disconnect('refresh_requested');
    await reconnected(before + 1);
    fake.socket.drop();
    await reconnected(before + 2);
    await fake.socket.send('slash_commands', command);
    // Slack redelivers what it did not see acknowledged (here: the same command again) on the new connection.
    await fake.socket.send('slash_commands', command, { retryAttempt: 1, retryReason: 'timeout' });
    await eventually(() => expect(fake.responses(command.response_url).length).toBeGreaterThan(0));
    await new Promise((r) => setTimeout(r, 500));
    const answers = fake.responses(command.response_url).filter((r) => shown(r).includes('echo: after the drop'));
    expect(answers).toHaveLength(1);
  });
});
