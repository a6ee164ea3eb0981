import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_USER, FakeDiscord } from '../../fakes/fake-discord/gateway.js';
import { echoSkill, fileSkill, slowSkill, VTT } from '../../fakes/skills.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { eventually } from '../contract.js';

describe('Discord gateway bot (real discord.js against a fake Discord)', () => {
  const discord = new FakeDiscord();
  let server: TestServer;

  beforeAll(async () => {
    await discord.start();
    // Configured the way an operator would: DISCORD_TOKEN, and DISCORD_API_URL (a REST proxy; here the fake).
    server = await startTestServer({
      extraSkills: [slowSkill(4000), echoSkill(), fileSkill()],
      env: {
        DISCORD_TOKEN: 'fake-token',
        DISCORD_APP_ID: 'app1',
        DISCORD_API_URL: discord.apiUrl,
        DEFER_AFTER_MS: '1500',
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await discord.stop();
  });

  const callsFor = (fragment: string) => discord.calls.filter((c) => c.path.includes(fragment));

  it('identifies with the intents it needs and registers the skills as slash commands', () => {
    expect(discord.identifies).toHaveLength(1);
    expect(Number(discord.identifies[0]?.intents)).toBeGreaterThan(0);
    const registered = discord.calls.find((c) => c.method === 'PUT' && c.path === '/applications/app1/commands');
    const names = ((registered?.body ?? []) as unknown as { name: string }[]).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['help', 'models', 'slow']));
  });

  it('answers /help directly', async () => {
    const { id, token } = discord.interaction(2, { id: 'cmd1', name: 'help', type: 1 });
    await eventually(() => {
      const callback = callsFor(`/interactions/${id}/${token}/callback`)[0];
      expect(callback?.body.type).toBe(4);
      expect(String((callback?.body.data as { content: string } | undefined)?.content)).toContain('/help');
    });
  });

  it('defers a slow command, then edits the reply', async () => {
    const { id, token } = discord.interaction(2, {
      id: 'cmd2',
      name: 'slow',
      type: 1,
      options: [{ name: 'text', type: 3, value: 'report' }],
    });
    await eventually(() => expect(callsFor(`/interactions/${id}/${token}/callback`)[0]?.body.type).toBe(5));
    await eventually(() => {
      const edit = callsFor(`/webhooks/app1/${token}/messages/@original`).find((c) => c.method === 'PATCH');
      expect(edit?.body.content).toBe('done: report');
    });
  });

  it('answers an @-mention in the thread it came from', async () => {
    discord.message('t1', `<@${BOT_USER.id}> what can you do?`);
    await eventually(() => {
      const posted = callsFor('/channels/t1/messages').find((c) => c.method === 'POST');
      expect(String(posted?.body.content)).toContain('it has no documents yet');
    });
  });

  it('routes a button press to the skill that made it, and ignores its own messages', async () => {
    const { id, token } = discord.interaction(3, { custom_id: 'help:again|1', component_type: 2 });
    await eventually(() => {
      const callback = callsFor(`/interactions/${id}/${token}/callback`)[0];
      expect(String((callback?.body.data as { content: string } | undefined)?.content)).toContain(
        'this button no longer does anything',
      );
    });
    const before = discord.calls.length;
    discord.message('c1', `<@${BOT_USER.id}> echo`, { author: { ...BOT_USER } });
    await new Promise((r) => setTimeout(r, 300));
    expect(discord.calls.length).toBe(before);
  });

  it('attaches the files of a reply to the message', async () => {
    const { id, token } = discord.interaction(2, { id: 'cmd3', name: 'transcript', type: 1 });
    await eventually(() => {
      const callback = callsFor(`/interactions/${id}/${token}/callback`)[0];
      expect((callback?.body.data as { content?: string } | undefined)?.content).toBe('Here is the transcript.');
      expect(callback?.body.uploaded).toEqual([{ name: 'voice.vtt', size: Buffer.byteLength(VTT), text: VTT }]);
    });
  });

  it('delivers a 5,000-character answer as ordered messages, nothing lost', async () => {
    const text = Array.from({ length: 900 }, (_, i) => `w${i}`)
      .join(' ')
      .slice(0, 5000);
    const { token } = discord.interaction(2, {
      id: 'cmd4',
      name: 'echo',
      type: 1,
      options: [{ name: 'text', type: 3, value: text }],
    });
    await eventually(() => expect(callsFor(`/webhooks/app1/${token}`).length).toBe(2));
    const parts = discord
      .visible('c1')
      .filter((p) => p.startsWith('echo: w0 ') || /^w\d/.test(p))
      .slice(-3);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(2000);
    expect(parts.join(' ')).toBe(`echo: ${text}`);
  });
});
