import { REST, Routes } from 'discord.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InteractionReplier, TOKEN_USABLE_MS } from '../../../src/adapters/discord/interaction-replier.js';
import { PendingForms } from '../../../src/adapters/pending-forms.js';
import { FakeDiscord } from '../../fakes/fake-discord/gateway.js';

/**
 * An interaction's token lasts 15 minutes. A reply that comes later (a first model download, a long voice note)
 * must still reach the person: as a channel message naming them, or a DM when it was for their eyes only.
 */
describe('a reply that outlives the interaction token', () => {
  const discord = new FakeDiscord();
  let rest: REST;
  let now = 0;

  beforeAll(async () => {
    await discord.start();
    rest = new REST({ api: discord.apiUrl, retries: 0 }).setToken('bot-token');
  });
  afterAll(() => discord.stop());
  beforeEach(() => {
    discord.calls.length = 0;
    now = 1_000_000;
  });

  const replier = () =>
    new InteractionReplier({
      rest,
      appId: 'app1',
      token: 'itoken',
      channelId: 'c1',
      forms: new PendingForms(),
      mayOpenModal: false,
      respond: async (body) => {
        await rest.post(Routes.interactionCallback('i1', 'itoken'), { body, auth: false });
      },
      initialTakesFiles: true,
      userId: 'u1',
      now: () => now,
    });
  const calls = () => discord.calls.map((c) => `${c.method} ${c.path}`);

  it('edits through the webhook while the token lasts, then posts to the channel and edits that message', async () => {
    const r = replier();
    await r.defer();
    now += 60_000;
    await r.edit({ id: '@original', channelId: 'c1' }, { text: 'Downloading… 1 of 3 GB' });
    expect(calls().at(-1)).toBe('PATCH /webhooks/app1/itoken/messages/@original');

    now += TOKEN_USABLE_MS;
    await r.edit({ id: '@original', channelId: 'c1' }, { text: 'Downloading… 2 of 3 GB @everyone' });
    const moved = discord.calls.at(-1);
    expect(`${moved?.method} ${moved?.path}`).toBe('POST /channels/c1/messages');
    expect(moved?.body.content).toBe('<@u1> Downloading… 2 of 3 GB @everyone');
    // Only the asker is pinged: the @everyone in the text is shown, never delivered.
    expect(moved?.body.allowed_mentions).toEqual({ parse: [], users: ['u1'], replied_user: false });

    await r.send({ text: 'The answer' });
    expect(calls().at(-1)).toBe(`PATCH /channels/c1/messages/${moved?.createdId}`);
    expect(discord.calls.at(-1)?.body.content).toBe('The answer');
    // Nothing went to the expired webhook after the move.
    expect(calls().filter((c) => c.includes('/webhooks/'))).toHaveLength(1);
  });

  it('follow-ups of a long answer go to the channel once the token is past its time', async () => {
    const r = replier();
    await r.defer();
    now += TOKEN_USABLE_MS;
    await r.send({ text: `${'a'.repeat(1990)} ${'b'.repeat(100)}` });
    expect(calls().filter((c) => c === 'POST /channels/c1/messages')).toHaveLength(2);
    expect(calls().some((c) => c.includes('/webhooks/'))).toBe(false);
  });

  it('an ephemeral reply goes to the asker by DM, never to the channel', async () => {
    const r = replier();
    await r.defer({ ephemeral: true });
    now += TOKEN_USABLE_MS + 60_000;
    await r.send({ text: 'Only for you', ephemeral: true });
    expect(calls()).toContain('POST /users/@me/channels');
    expect(calls().at(-1)).toBe('POST /channels/dm-u1/messages');
    expect(calls()).not.toContain('POST /channels/c1/messages');
  });
});
