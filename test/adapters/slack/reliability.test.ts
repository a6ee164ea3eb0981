import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SlackAdapter } from '../../../src/adapters/slack/adapter.js';
import { createLogger } from '../../../src/log.js';
import type { Skill } from '../../../src/skills/skill.js';
import { type FakeSlack, postToBolt, signSlackRequest, startFakeSlack } from '../../fakes/fake-slack/index.js';
import { echoSkill, sleep } from '../../fakes/skills.js';
import { rawRequest } from '../../helpers/http.js';
import { counterSum } from '../../helpers/metrics.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { eventually } from '../contract.js';

const SECRET = 'slack-signing-secret';
/** The server's pinned clock: signatures are judged against this instant, however long the machine takes. */
const NOW_SEC = 1_900_000_000;
/** How long the stand-in `ask` takes: the Events API ack must come before it finishes ("within 1 s", by its clock). */
const ASK_DELAY_MS = 1000;

/** Stands in for `ask` (what a mention runs): records each run's start and end. */
function recordingAsk(log: string[]): Skill<{ question: string }, { question: string }> {
  return {
    name: 'ask',
    description: 'Records questions',
    models: [],
    input: z.object({ question: z.string() }).passthrough(),
    reach: [{ kind: 'command', options: [] }],
    async run({ question }) {
      log.push(`start:${question}`);
      await sleep(ASK_DELAY_MS);
      log.push(`end:${question}`);
      return { question };
    },
    render: ({ question }) => ({ text: `asked: ${question}` }),
  };
}

describe('Slack HTTP mode, reliability (pinned clock, counted handler runs)', () => {
  let fake: FakeSlack;
  let adapter: SlackAdapter;
  let server: TestServer;
  const asked: string[] = [];
  const echoed: string[] = [];

  beforeAll(async () => {
    fake = await startFakeSlack();
    adapter = new SlackAdapter({
      botToken: fake.identity.botToken,
      signingSecret: SECRET,
      apiUrl: fake.apiUrl,
      bodyLimitBytes: 1024 * 1024,
      log: createLogger('silent'),
      timeoutMs: 2000,
      now: () => NOW_SEC * 1000,
    });
    server = await startTestServer({ adapters: [adapter], extraSkills: [recordingAsk(asked), echoSkill(echoed)] });
    await eventually(() => expect(adapter.identity?.userId).toBe(fake.identity.botUserId));
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  const events = () => `${server.url}/slack/events`;
  const handled = () => counterSum(server, 'bot_events_total', { platform: 'slack' });
  /** Waits until `count` events were handled since `before` (counted when done), then checks no more follow. */
  const settled = async (before: number, count: number) => {
    await eventually(async () => expect((await handled()) - before).toBeGreaterThanOrEqual(count));
    await sleep(300);
    expect((await handled()) - before).toBe(count);
  };
  const botPosts = (channel: string) => fake.messages(channel).filter((m) => m.user === fake.identity.botUserId);
  const post = (body: string, headers: Record<string, string | string[]>, contentType = 'application/json') =>
    rawRequest(events(), { headers: { 'content-type': contentType, ...headers }, chunks: [body] });

  it('accepts a signature 299 s old or ahead, refuses one 301 s old or ahead (401), running only the accepted', async () => {
    const before = await handled();
    const mention = (text: string) => fake.payloads.appMention({ text, channel: 'CW' });
    const statuses: Record<string, number> = {};
    for (const skew of [-301, -299, 299, 301]) {
      const body = JSON.stringify(mention(`skew ${skew}`));
      statuses[skew] = (await post(body, signSlackRequest(SECRET, body, NOW_SEC + skew))).status;
    }
    expect(statuses).toEqual({ '-301': 401, '-299': 200, '299': 200, '301': 401 });
    await eventually(() => expect(asked.filter((a) => a.startsWith('end:skew'))).toHaveLength(2));
    await settled(before, 2);
    expect(asked.filter((a) => a.startsWith('start:')).sort()).toEqual(['start:skew -299', 'start:skew 299']);
  }, 20_000);

  it('refuses duplicated signature or timestamp headers and a signature without its timestamp: 401, never 500', async () => {
    const before = await handled();
    const body = JSON.stringify(fake.payloads.appMention({ text: 'headers', channel: 'CH' }));
    const good = signSlackRequest(SECRET, body, NOW_SEC);
    const other = signSlackRequest(SECRET, `${body} `, NOW_SEC);
    const sig = good['x-slack-signature'];
    const ts = good['x-slack-request-timestamp'];
    const responses = [
      await post(body, { ...good, 'x-slack-signature': [sig, sig] }),
      await post(body, { ...good, 'x-slack-signature': [sig, other['x-slack-signature']] }),
      await post(body, { ...good, 'x-slack-signature': [other['x-slack-signature'], sig] }),
      await post(body, { ...good, 'x-slack-request-timestamp': [ts, ts] }),
      await post(body, { 'x-slack-signature': sig }),
      await post(body, { 'x-slack-signature': sig, 'x-slack-request-timestamp': '' }),
    ];
    expect(responses.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401]);
    // The same request, correctly signed, is accepted: what was refused was the headers alone.
    expect((await post(body, good)).status).toBe(200);
    await eventually(() => expect(asked).toContain('end:headers'));
    await settled(before, 1);
    expect(asked.filter((a) => a === 'start:headers')).toHaveLength(1);
  }, 20_000);

  it('never dispatches an unsigned ssl_check smuggling a real event, command or action', async () => {
    const before = await handled();
    const command = fake.payloads.slashCommand({ command: '/echo', text: 'smuggled' });
    const mention = fake.payloads.appMention({ text: 'smuggled', channel: 'CS' });
    const press = fake.payloads.blockActions({ action_id: 'echo:again', value: 'smuggled', channel: 'CS' });
    const form = 'application/x-www-form-urlencoded';
    const smuggled = [
      await post(new URLSearchParams({ ssl_check: '1', ...command }).toString(), {}, form),
      await post(new URLSearchParams({ ssl_check: '1', payload: JSON.stringify(press) }).toString(), {}, form),
      await post(JSON.stringify({ ...mention, ssl_check: '1' }), {}),
    ];
    expect(smuggled.map((r) => [r.status, r.body])).toEqual([
      [200, ''],
      [200, ''],
      [200, ''],
    ]);
    // Signed and without ssl_check, the very same command runs: the bot was listening all along.
    const real = fake.payloads.slashCommand({ command: '/echo', text: 'real' });
    expect((await postToBolt(events(), SECRET, 'slash_commands', real, { timestamp: NOW_SEC })).status).toBe(200);
    await eventually(() => expect(echoed).toContain('end:real'));
    await settled(before, 1);
    expect(echoed).toEqual(['start:real', 'end:real']);
    expect(asked.filter((a) => a.includes('smuggled'))).toEqual([]);
    expect(fake.responses(command.response_url)).toEqual([]);
    expect(fake.responses(press.response_url)).toEqual([]);
  }, 20_000);

  it("ignores its own bot's messages and mentions and every bot_message, handling none of them", async () => {
    const before = await handled();
    const { botUserId, botId } = fake.identity;
    const send = (payload: object) => postToBolt(events(), SECRET, 'events_api', payload, { timestamp: NOW_SEC });
    const bots = [
      fake.payloads.message({ text: 'my own answer', channel: 'CB', store: false, user: botUserId, bot_id: botId }),
      fake.payloads.message({ text: 'my own answer, no bot_id', channel: 'CB', store: false, user: botUserId }),
      fake.payloads.message({ text: 'another bot', channel: 'CB', subtype: 'bot_message', bot_id: 'B0OTHER001' }),
      fake.payloads.message({ text: 'bot_message only', channel: 'CB', subtype: 'bot_message' }),
      fake.payloads.appMention({
        text: 'mentioning myself',
        channel: 'CB',
        store: false,
        user: botUserId,
        bot_id: botId,
      }),
      fake.payloads.appMention({ text: 'another bot asks', channel: 'CB', subtype: 'bot_message', bot_id: 'B0X' }),
    ];
    for (const payload of bots) expect((await send(payload)).status).toBe(200);
    // A person's message after them is handled (the counter counts), and is the only one.
    await send(fake.payloads.message({ text: 'a person', channel: 'CB' }));
    await settled(before, 1);
    expect(asked.filter((a) => /myself|asks/.test(a))).toEqual([]);
    expect(botPosts('CB')).toEqual([]);
  }, 20_000);

  it('acks an Events API mention before its skill finishes, and runs it once with one reply', async () => {
    const before = await handled();
    const mention = fake.payloads.appMention({ text: 'ack me', channel: 'CA' });
    const response = await postToBolt(events(), SECRET, 'events_api', mention, { timestamp: NOW_SEC });
    // Measured against the skill's own delay: when Slack has its 200, the skill has not finished (order, not speed).
    const atAck = [...asked];
    expect(response.status).toBe(200);
    expect(atAck).not.toContain('end:ack me');
    await eventually(() => expect(botPosts('CA').map((m) => m.text)).toContain('asked: ack me'), 15_000);
    await settled(before, 1);
    expect(asked.filter((a) => a === 'start:ack me')).toHaveLength(1);
    expect(botPosts('CA').filter((m) => m.text === 'asked: ack me')).toHaveLength(1);
  }, 20_000);
});
