import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_USER, FakeDiscord } from '../../fakes/fake-discord/gateway.js';
import { writeFixtures } from '../../fixtures/models/generate.js';
import { tempDir } from '../../helpers/db.js';
import { discordFixtureEnv, startTestServer, type TestServer } from '../../helpers/server.js';
import { eventually } from '../contract.js';

describe('moderation over the Discord gateway (real discord.js, fake Discord, fixture models)', () => {
  const discord = new FakeDiscord();
  const modelsDir = tempDir('omb-models-');
  let server: TestServer;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['toxicity', 'sentiment', 'ner'] });
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

  const command = (name: string, options: Record<string, string>) =>
    discord.interaction(2, {
      id: `cmd-${name}`,
      name,
      type: 1,
      options: Object.entries(options).map(([n, value]) => ({ name: n, type: 3, value })),
    });
  const calls = (method: string, path: string) => discord.calls.filter((c) => c.method === method && c.path === path);

  it('refuses policy changes from members without Manage Server', async () => {
    const { id, token } = command('moderation', { do: 'enable' });
    await eventually(() => {
      const answer = calls('POST', `/interactions/${id}/${token}/callback`)[0];
      expect(JSON.stringify(answer?.body)).toContain('only moderators');
    });
  });

  it('deletes a toxic message once, reports the case in the mod channel and warns the author with an appeal button', async () => {
    discord.memberPermissions = String(1n << 5n);
    for (const [what, value] of [
      ['enable', ''],
      ['mod-channel', '<#mods>'],
    ] as const) {
      const { id, token } = command('moderation', value ? { do: what, value } : { do: what });
      await eventually(() => expect(calls('POST', `/interactions/${id}/${token}/callback`)).toHaveLength(1));
    }
    const messageId = discord.message('c1', 'you idiot');
    await eventually(() => expect(calls('DELETE', `/channels/c1/messages/${messageId}`)).toHaveLength(1));
    await eventually(() => {
      const report = calls('POST', '/channels/mods/messages')[0];
      expect(String(report?.body.content)).toContain('**Case #1** · <@u1> in <#c1> · **remove**');
      const warning = calls('POST', '/channels/dm-u1/messages')[0];
      expect(String(warning?.body.content)).toContain('case #1');
      expect(JSON.stringify(warning?.body.components)).toContain('moderation:appeal|g1:1');
    });
    discord.message('c1', 'what a nice day');
    await new Promise((r) => setTimeout(r, 500));
    expect(discord.calls.filter((c) => c.method === 'DELETE')).toHaveLength(1);
  });

  it("logs Discord AutoMod (once per rule and message) and moderators' own actions as cases", async () => {
    const automod = {
      guild_id: 'g1',
      rule_id: 'r1',
      rule_trigger_type: 1,
      user_id: 'u3',
      channel_id: 'c1',
      message_id: 'm77',
      alert_system_message_id: null,
      content: 'buy cheap followers',
      matched_keyword: 'cheap',
      matched_content: 'cheap',
    };
    discord.dispatch('AUTO_MODERATION_ACTION_EXECUTION', { ...automod, action: { type: 1, metadata: {} } });
    discord.dispatch('AUTO_MODERATION_ACTION_EXECUTION', { ...automod, action: { type: 2, metadata: {} } });
    discord.dispatch('GUILD_AUDIT_LOG_ENTRY_CREATE', {
      guild_id: 'g1',
      id: 'audit-1',
      action_type: 22,
      user_id: 'u5',
      target_id: 'u4',
      reason: 'spam links',
      changes: [],
    });
    await new Promise((r) => setTimeout(r, 500));
    const { id, token } = command('moderation', { do: 'cases' });
    await eventually(() => {
      const answer = JSON.stringify(calls('POST', `/interactions/${id}/${token}/callback`)[0]?.body);
      expect(answer).toContain('3 cases');
      expect(answer).toContain('Rule: Discord AutoMod');
      expect(answer).toContain('(matched \\"cheap\\")');
      expect(answer).toContain('Rule: moderator action by <@u5>');
      expect(answer).toContain('Actions: ban');
    });
  });

  it('tags entities from the "Tag entities" context menu', async () => {
    const author = { ...BOT_USER, id: 'u2', bot: false };
    const text = 'Me and my friends Elaine and Karla live on Mêlée Island where we often frequent the Scumm Bar.';
    const { id, token } = discord.interaction(2, {
      id: 'ctx-ner',
      name: 'Tag entities',
      type: 3,
      target_id: 'm9',
      resolved: { messages: { m9: discord.messagePayload('m9', 'c1', author, text) } },
    });
    await eventually(() => {
      const answers = discord.calls.filter(
        (c) => c.path.includes(token) && c.path !== `/interactions/${id}/${token}/callback`,
      );
      const callback = calls('POST', `/interactions/${id}/${token}/callback`)[0];
      const shown = JSON.stringify([callback?.body, ...answers.map((a) => a.body)]);
      expect(shown).toContain('**Mêlée Island** `LOC`');
    }, 10_000);
  });
});
