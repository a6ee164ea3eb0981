import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../../fakes/fake-discord/gateway.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { eventually } from '../contract.js';

interface Registered {
  type: number;
  name: string;
  name_localizations?: Record<string, string>;
  options?: {
    name: string;
    name_localizations?: Record<string, string>;
    choices?: { name: string; name_localizations?: Record<string, string>; value: string }[];
  }[];
}

/** Localised command names through real discord.js against a fake Discord that enforces Discord's rules. */
describe('Discord: commands registered with localised names, interactions still routed by the canonical ones', () => {
  const discord = new FakeDiscord();
  let server: TestServer;

  beforeAll(async () => {
    await discord.start();
    server = await startTestServer({
      env: { DISCORD_TOKEN: 'fake-token', DISCORD_APP_ID: 'app1', DISCORD_API_URL: discord.apiUrl },
    });
  });
  afterAll(async () => {
    await server?.close();
    await discord.stop();
  });

  const registered = () => {
    const put = discord.calls.find((c) => c.method === 'PUT' && c.path === '/applications/app1/commands');
    return (put?.body ?? []) as unknown as Registered[];
  };

  it('registers the built-in commands with name_localizations for commands, options and choices; Discord takes them', async () => {
    await eventually(() => expect(registered().length).toBeGreaterThan(0));
    expect(discord.commandProblems).toEqual([]);
    const help = registered().find((c) => c.type === 1 && c.name === 'help');
    expect(help?.name_localizations).toMatchObject({ de: 'hilfe', fr: 'aide', 'es-419': 'ayuda', ja: 'ヘルプ' });
    expect(help?.options?.[0]?.name_localizations).toMatchObject({ de: 'befehl', 'pt-BR': 'comando' });
    const summarize = registered().find((c) => c.name === 'summarize');
    expect(summarize?.options?.find((o) => o.name === 'what')?.choices).toContainEqual({
      name: 'thread',
      name_localizations: expect.objectContaining({ de: 'Thread', fr: 'fil', ja: 'スレッド' }),
      value: 'thread',
    });
    // Context menus keep their (already localised) labels.
    expect(registered()).toContainEqual(expect.objectContaining({ type: 3, name: 'Translate' }));
  });

  it('a German member who picked /hilfe befehl:… sends the canonical names, and the reply is German', async () => {
    discord.memberLocale = 'de';
    try {
      // What Discord sends for "/hilfe befehl:ask": the command's and the option's default names.
      const { id, token } = discord.interaction(2, {
        id: 'cmd-help',
        name: 'help',
        type: 1,
        options: [{ name: 'command', type: 3, value: 'ask' }],
      });
      await eventually(() => {
        const callback = discord.calls.find((c) => c.path.includes(`/interactions/${id}/${token}/callback`));
        const content = String((callback?.body.data as { content?: string } | undefined)?.content);
        expect(content).toMatch(/^Das kann ich hier:/);
        // /help lists the canonical name: what Slack users type and what Discord's picker matches as well.
        expect(content).toContain('`/ask question:<string>');
        expect(content).toContain('Eine Frage aus der Wissensdatenbank beantworten');
      });
    } finally {
      discord.memberLocale = 'en-US';
    }
  });

  it('suggests choices by autocomplete in the member’s language; the value picked stays canonical', async () => {
    discord.memberLocale = 'ja';
    try {
      const { id, token } = discord.interaction(4, {
        id: 'cmd-translate',
        name: 'translate',
        type: 1,
        options: [{ name: 'auto', type: 3, value: 'ドイツ', focused: true }],
      });
      await eventually(() => {
        const callback = discord.calls.find((c) => c.path.includes(`/interactions/${id}/${token}/callback`));
        expect(callback?.body).toEqual({ type: 8, data: { choices: [{ name: 'ドイツ語 (de)', value: 'de' }] } });
      });
    } finally {
      discord.memberLocale = 'en-US';
    }
  });
});
