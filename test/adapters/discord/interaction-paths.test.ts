import { generateKeyPairSync, sign } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordGatewayAdapter } from '../../../src/adapters/discord/gateway.js';
import { DiscordInteractionsAdapter } from '../../../src/adapters/discord/interactions.js';
import type { Bot, HandleOutcome } from '../../../src/core/bot.js';
import type { IncomingEvent } from '../../../src/core/event.js';
import { createLogger } from '../../../src/log.js';
import { FakeDiscord } from '../../fakes/fake-discord/gateway.js';
import { eventually } from '../contract.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const publicHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
const user = (id: string) => ({ id, username: `user${id}`, discriminator: '0', global_name: null, avatar: null });
const member = (id: string, roles: string[], permissions: bigint) => ({
  user: user(id),
  roles,
  permissions: String(permissions),
  joined_at: new Date(0).toISOString(),
  deaf: false,
  mute: false,
  flags: 0,
});
const channel = { id: 'c1', type: 0, guild_id: 'g1', name: 'general', position: 0, permission_overwrites: [] };
const thread = { id: 't1', type: 11, guild_id: 'g1', parent_id: 'c1', name: 'a thread' };
const adults = { ...channel, id: 'c-adults', name: 'adults', nsfw: true };
const MANAGE_GUILD = 1n << 5n;
const MANAGE_MESSAGES = 1n << 13n;
const ADMINISTRATOR = 1n << 3n;
const SEND_MESSAGES = 1n << 11n;

/** Interactions as Discord sends them, over either transport: each must become the same event. */
const TABLE: [string, Record<string, unknown>][] = [
  [
    'a slash command by a Manage Server member, in German',
    {
      type: 2,
      member: member('u1', ['r1', 'r2'], MANAGE_GUILD | SEND_MESSAGES),
      channel,
      locale: 'de',
      data: { id: 'cmd1', name: 'echo', type: 1, options: [{ name: 'text', type: 3, value: 'hallo' }] },
    },
  ],
  [
    'a slash command in a thread by a plain member',
    {
      type: 2,
      member: member('u2', ['r3'], SEND_MESSAGES),
      channel: thread,
      channel_id: 't1',
      locale: 'fr',
      data: { id: 'cmd1', name: 'echo', type: 1, options: [{ name: 'text', type: 3, value: 'salut' }] },
    },
  ],
  [
    'an administrator in an age-restricted channel',
    {
      type: 2,
      member: member('u3', [], ADMINISTRATOR),
      channel: adults,
      channel_id: 'c-adults',
      data: { id: 'c', name: 'help', type: 1 },
    },
  ],
  [
    'a Manage Messages member pressing a button',
    {
      type: 3,
      member: member('u4', ['r1'], MANAGE_MESSAGES),
      channel,
      message: { id: 'm9', channel_id: 'c1' },
      data: { custom_id: 'echo:again|42', component_type: 2 },
    },
  ],
  [
    'a menu choice',
    {
      type: 3,
      member: member('u5', [], 0n),
      channel,
      message: { id: 'm10', channel_id: 'c1' },
      data: { custom_id: 'feedback:rate', component_type: 3, values: ['bad'] },
    },
  ],
  [
    'a form submitted',
    {
      type: 5,
      member: member('u6', [], 0n),
      channel,
      data: {
        custom_id: 'feedback:submit|bad',
        components: [{ type: 1, components: [{ type: 4, custom_id: 'comment', value: 'too long' }] }],
      },
    },
  ],
  [
    'a message context menu',
    {
      type: 2,
      member: member('u7', [], 0n),
      channel,
      data: {
        id: 'cmd2',
        name: 'Tag entities',
        type: 3,
        target_id: 'm1',
        resolved: { messages: { m1: { id: 'm1', content: 'Ada in Paris', author: user('u8'), attachments: [] } } },
      },
    },
  ],
  [
    'a command in a DM',
    {
      type: 2,
      user: user('u9'),
      channel: { id: 'd1', type: 1 },
      channel_id: 'd1',
      data: { id: 'c', name: 'help', type: 1 },
    },
  ],
];

/** A bot that records events and answers each one, so both transports get their initial response. */
function recordingBot(events: IncomingEvent[]): Bot {
  return {
    async handle(event): Promise<HandleOutcome> {
      events.push(event);
      await event.ctx.reply.send({ text: 'ok', ephemeral: true });
      return 'handled';
    },
    commands: () => [{ name: 'entities', description: 'd', slash: true, options: [], messageAction: 'Tag entities' }],
  };
}

/** What an event says about who, where and what, without its transport's replier and platform actions. */
function comparable(event: IncomingEvent | undefined) {
  if (!event) return undefined;
  const { ctx, ...rest } = event;
  const { reply: _reply, actions: _actions, eventId: _id, ...who } = ctx;
  return JSON.parse(JSON.stringify({ ...rest, ctx: who }));
}

describe('one path for Discord interactions: the same payload over the gateway and over HTTP gives the same event', () => {
  const discord = new FakeDiscord();
  const overGateway: IncomingEvent[] = [];
  const overHttp: IncomingEvent[] = [];
  let gateway: DiscordGatewayAdapter;
  const app = new Hono();
  const log = createLogger('silent');

  beforeAll(async () => {
    await discord.start();
    gateway = new DiscordGatewayAdapter({ token: 'fake-token', appId: 'app1', apiUrl: discord.apiUrl, log });
    await gateway.start(recordingBot(overGateway));
    await eventually(() => expect(gateway.status().state).toBe('ready'));
    const http = new DiscordInteractionsAdapter({
      appId: 'app1',
      publicKeyHex: publicHex,
      apiUrl: discord.apiUrl,
      bodyLimitBytes: 1024 * 1024,
      log,
    });
    http.mount(app);
    await http.start(recordingBot(overHttp));
  });
  afterAll(async () => {
    await gateway?.stop();
    await discord.stop();
  });

  it.each(TABLE)('%s', async (_name, shape) => {
    const payload = {
      id: `i-${overHttp.length}`,
      application_id: 'app1',
      token: `tok-${overHttp.length}`,
      version: 1,
      ...(shape.member ? { guild_id: 'g1' } : {}),
      channel_id: 'c1',
      app_permissions: '0',
      locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': 'g1' },
      context: shape.member ? 0 : 1,
      ...shape,
    };
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
    const res = await app.request('/discord/interactions', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature-ed25519': signature,
        'x-signature-timestamp': timestamp,
      },
      body,
    });
    expect(res.status).toBe(200);
    const before = overGateway.length;
    discord.dispatch('INTERACTION_CREATE', payload);
    await eventually(() => expect(overGateway.length).toBe(before + 1));
    const [fromHttp, fromGateway] = [comparable(overHttp.at(-1)), comparable(overGateway.at(-1))];
    expect(fromHttp).toBeDefined();
    expect(fromGateway).toEqual(fromHttp);
  });

  it('reads moderator rights, roles and locale from the payload', () => {
    const ctxs = overHttp.map((e) => e.ctx);
    expect(ctxs.map((c) => c.isModerator)).toEqual([true, false, true, true, false, false, false, false]);
    expect(ctxs[0]).toMatchObject({ roles: ['r1', 'r2'], locale: 'de', tenantId: 'g1', channelId: 'c1' });
    expect(ctxs[1]).toMatchObject({ channelId: 'c1', threadId: 't1', roles: ['r3'], locale: 'fr' });
    expect(ctxs[2]?.ageRestricted).toBe(true);
    expect(ctxs[7]).toMatchObject({ tenantId: 'dm:u9', userId: 'u9', isModerator: false });
    expect(overHttp.map((e) => e.kind)).toEqual([
      'command',
      'command',
      'command',
      'action',
      'action',
      'action',
      'message-action',
      'command',
    ]);
  });
});
