import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commandBodies, messageActionSkills } from '../../src/adapters/discord/commands.js';
import { commandSpecs } from '../../src/core/bot.js';
import { createHelpSkill } from '../../src/skills/help/index.js';
import type { AnySkill } from '../../src/skills/skill.js';
import { FakeDiscordRest } from '../fakes/fake-discord/rest.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const publicHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
let counter = 0;

/** A skill reached only by a message action with the label a built-in skill uses. */
function menuSkill(name: string, label: string): AnySkill {
  return {
    name,
    description: name,
    models: [],
    input: z.object({}),
    reach: [{ kind: 'message-action', label, input: () => ({}) }],
    run: async () => ({}),
    render: () => ({ text: '' }),
  };
}

/** A slash command from a member whose Discord client is set to `locale`. */
function command(name: string, locale: string | undefined, extra: object = {}) {
  counter += 1;
  return {
    id: `i18n-${counter}`,
    application_id: 'app1',
    type: 2,
    token: `i18n-token-${counter}`,
    guild_id: 'g1',
    channel_id: 'c1',
    member: { user: { id: `u${counter}` }, roles: [] },
    data: { name, type: 1 },
    ...(locale ? { locale } : {}),
    ...extra,
  };
}

describe('the bot speaks a Discord user’s language', () => {
  let server: TestServer;
  const rest = new FakeDiscordRest();

  beforeAll(async () => {
    await rest.start();
    server = await startTestServer({
      env: { DISCORD_APP_ID: 'app1', DISCORD_PUBLIC_KEY: publicHex, DISCORD_API_URL: rest.url },
    });
  });
  afterAll(async () => {
    await server.close();
    await rest.stop();
  });

  async function post(body: object): Promise<{ type: number; data?: { content?: string; flags?: number } }> {
    const raw = JSON.stringify(body);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = sign(null, Buffer.from(timestamp + raw), privateKey).toString('hex');
    const res = await fetch(`${server.url}/discord/interactions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature-ed25519': signature,
        'x-signature-timestamp': timestamp,
      },
      body: raw,
    });
    return (await res.json()) as { type: number; data?: { content?: string } };
  }

  it('answers a German member’s /help in German, command descriptions too', async () => {
    const content = (await post(command('help', 'de'))).data?.content ?? '';
    expect(content).toMatch(/^Das kann ich hier:/);
    expect(content).toContain('`/help [command:<string>]` — Was dieser Bot hier kann');
    expect(content).not.toContain('Here is what I can do');
  });

  it('explains a command asked about by the name a member sees (/hilfe befehl:fragen → /ask)', async () => {
    const data = { name: 'help', type: 1, options: [{ name: 'command', type: 3, value: 'fragen' }] };
    const content = (await post(command('help', 'de', { data }))).data?.content ?? '';
    expect(content).toMatch(/^Das kann ich hier:\n• `\/ask question:<string>/);
    expect(content.split('\n')).toHaveLength(2);
    // Another language's name is not this member's: unknown, as any other word.
    const other = { ...data, options: [{ name: 'command', type: 3, value: '質問' }] };
    expect((await post(command('help', 'de', { data: other }))).data?.content).toContain('`/質問`');
  });

  it('tells a German member why something failed in German, with the error id', async () => {
    const content = (await post(command('nosuchcommand', 'de'))).data?.content ?? '';
    expect(content).toMatch(
      /^Das hat leider nicht geklappt: es gibt keinen Befehl namens „nosuchcommand“\. \(Fehler-ID: \S+\)$/,
    );
  });

  it('falls back to the guild’s preferred language, then to English', async () => {
    const guild = (await post(command('help', undefined, { guild_locale: 'ja' }))).data?.content ?? '';
    expect(guild).toMatch(/^ここでできること:/);
    const unknown = (await post(command('help', 'ko'))).data?.content ?? '';
    expect(unknown).toMatch(/^Here is what I can do here:/);
  });

  it('registers commands with localized descriptions for each catalogue language', () => {
    const [help] = commandBodies(commandSpecs([createHelpSkill(() => [])]));
    expect(help).toMatchObject({
      description: 'What this bot can do here',
      description_localizations: {
        de: 'Was dieser Bot hier kann',
        fr: 'Ce que ce bot sait faire ici',
        'es-ES': 'Lo que este bot puede hacer aquí',
        'es-419': 'Lo que este bot puede hacer aquí',
        'pt-BR': 'O que este bot sabe fazer aqui',
        ja: 'このボットがここでできること',
      },
      options: [{ name: 'command', description_localizations: expect.objectContaining({ ja: '説明するコマンド' }) }],
    });
  });

  it('registers context menus with translated labels, each still finding its skill', () => {
    const specs = commandSpecs([menuSkill('describe', 'Describe image'), menuSkill('summarize', 'Summarize thread')]);
    const menus = commandBodies(specs).filter((c) => c.type === 3);
    expect(menus.find((m) => m.name === 'Describe image')).toMatchObject({
      name_localizations: { de: 'Bild beschreiben', ja: '画像を説明', 'es-419': 'Describir imagen' },
    });
    const skills = messageActionSkills(specs);
    expect([skills.get('Summarize thread'), skills.get('Thread zusammenfassen'), skills.get('スレッドを要約')]).toEqual(
      ['summarize', 'summarize', 'summarize'],
    );
  });
});
