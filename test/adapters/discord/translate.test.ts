import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_USER, FakeDiscord } from '../../fakes/fake-discord/gateway.js';
import { writeFixtures } from '../../fixtures/models/generate.js';
import { translatedText } from '../../fixtures/models/translator.js';
import { tempDir } from '../../helpers/db.js';
import { discordFixtureEnv, startTestServer, type TestServer } from '../../helpers/server.js';
import { eventually } from '../contract.js';

/** Flag reactions and the "Translate" context menu through real discord.js against a fake Discord, on the fixture. */
describe('Discord: a flag reaction is answered with a translation in a thread on the message, once', () => {
  const discord = new FakeDiscord();
  const modelsDir = tempDir('omb-models-');
  let server: TestServer;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['translator'] });
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

  const threadOn = (messageId: string) => [...discord.threads].filter(([, t]) => t.messageId === messageId);

  it('asks for the reactions intent and registers the Translate context menu', () => {
    const identify = discord.identifies.at(-1) as { intents: number };
    expect(identify.intents & (1 << 10)).toBe(1 << 10); // GUILD_MESSAGE_REACTIONS
    const put = discord.calls.find((c) => c.method === 'PUT' && c.path === '/applications/app1/commands');
    expect(put?.body as unknown as object[]).toContainEqual(expect.objectContaining({ type: 3, name: 'Translate' }));
  });

  it('🇫🇷 on a message → one French translation in a thread on it; the same reaction again → nothing more', async () => {
    const text = 'Hallo Welt und Freunde <@123> 👋';
    const id = discord.messageFrom('u1', 'c1', text);
    discord.react('c1', id, '🇫🇷', 'u2');
    await eventually(() => expect(threadOn(id)).toHaveLength(1));
    const [threadId = ''] = threadOn(id).map(([tid]) => tid);
    await eventually(() =>
      expect(discord.visible(threadId).join('\n')).toContain(translatedText('Hallo Welt und Freunde', 'fr')),
    );
    const answer = discord.visible(threadId).join('\n');
    expect(answer).toContain('Salut monde et amis <@123> 👋');
    expect(answer).toContain('Machine translation de → fr');
    // The same flag again, by someone else: no second thread, no second reply.
    discord.react('c1', id, '🇫🇷', 'u3');
    // Another flag is another language: answered in the same thread.
    discord.react('c1', id, '🇬🇧', 'u3');
    await eventually(() => expect(discord.visible(threadId).join('\n')).toContain('Hello world and friends'));
    expect(threadOn(id)).toHaveLength(1);
    expect(discord.visible(threadId).filter((t) => t.includes('Salut monde'))).toHaveLength(1);
    // Not a flag: nothing.
    const other = discord.messageFrom('u1', 'c1', 'Guten Morgen');
    discord.react('c1', other, '👍', 'u2');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(threadOn(other)).toHaveLength(0);
  });

  it('🇬🇧 and 🇺🇸 at once on a message → one English translation; 🇦🇺 later → nothing more; 🇫🇷 still answered', async () => {
    const id = discord.messageFrom('u1', 'c1', 'Guten Morgen Freunde');
    // Two flags meaning one language, delivered together: one claim wins, the other is a redelivery.
    discord.react('c1', id, '🇬🇧', 'u2');
    discord.react('c1', id, '🇺🇸', 'u3');
    await eventually(() => expect(threadOn(id)).toHaveLength(1));
    const [threadId = ''] = threadOn(id).map(([tid]) => tid);
    const english = translatedText('Guten Morgen Freunde', 'en');
    await eventually(() => expect(discord.visible(threadId).join('\n')).toContain(english));
    discord.react('c1', id, '🇦🇺', 'u4');
    discord.react('c1', id, '🇫🇷', 'u4');
    await eventually(() =>
      expect(discord.visible(threadId).join('\n')).toContain(translatedText('Guten Morgen Freunde', 'fr')),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(discord.visible(threadId).filter((t) => t.includes(english))).toHaveLength(1);
    expect(threadOn(id)).toHaveLength(1);
  });

  it("auto-translation on: a member's German message is translated once; the bot's own post is not translated again", async () => {
    discord.memberPermissions = String(1 << 5); // Manage Server: a moderator
    discord.interaction(
      2,
      { id: 'cmd-auto', name: 'translate', type: 1, options: [{ name: 'auto', type: 3, value: 'en' }] },
      'c2',
    );
    await eventually(() => expect(discord.visible('c2').join('\n')).toMatch(/translated into it|only moderators/));
    expect(discord.visible('c2').join('\n')).toMatch(/translated into it/);
    discord.messageFrom('u1', 'c2', 'Hallo Welt und Freunde');
    await eventually(() => expect(discord.visible('c2').join('\n')).toContain('Hello world and friends'));
    const replies = discord.visible('c2').length;
    // Discord delivers the bot's own message to it too: it is never traffic, so never translated again.
    discord.messageFrom(BOT_USER.id, 'c2', 'Hallo Welt und Freunde');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(discord.visible('c2').length).toBe(replies);
  });
});
