import { DiscordGatewayAdapter } from '../../../src/adapters/discord/gateway.js';
import { createLogger } from '../../../src/log.js';
import { BOT_USER, FakeDiscord } from '../../fakes/fake-discord/gateway.js';
import { adapterContract } from '../contract.js';

const discord = new FakeDiscord();

adapterContract(
  'discord gateway (real discord.js, fake Discord)',
  async () => {
    await discord.start();
    const adapter = new DiscordGatewayAdapter({
      token: 'fake-token',
      appId: 'app1',
      apiUrl: discord.apiUrl,
      log: createLogger('silent'),
    });
    const place = (where: { channelId: string; threadId?: string }) => where.threadId ?? where.channelId;
    return {
      adapter,
      command: async (name, options, where, eventId) => {
        const data = {
          id: `cmd-${name}`,
          name,
          type: 1,
          options: Object.entries(options).map(([n, value]) => ({ name: n, type: 3, value })),
        };
        discord.interaction(2, data, place(where), eventId);
      },
      // Mentions in a thread go to the fake's thread t1 (the thread the guild knows about).
      mention: async (text, where) => {
        discord.message(where.threadId ? 't1' : where.channelId, `<@${BOT_USER.id}> ${text}`);
      },
      visible: async (where) => discord.visible(where.threadId ? 't1' : where.channelId),
      sawDeferral: async (eventId) => discord.deferred(eventId),
      outgoing: async () => discord.outgoing(),
    };
  },
  () => discord.stop(),
);
