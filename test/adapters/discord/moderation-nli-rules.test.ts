import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, SNOWFLAKE_GUILD } from '../../fakes/fake-discord/gateway.js';
import { writeFixtures } from '../../fixtures/models/generate.js';
import { tempDir } from '../../helpers/db.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { eventually } from '../contract.js';

describe('a rule in plain words over the Discord gateway: dry run marks, live deletes (real discord.js, fake Discord)', () => {
  const discord = new FakeDiscord(45_000, SNOWFLAKE_GUILD);
  const modelsDir = tempDir('omb-models-');
  let server: TestServer;
  let commands = 0;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['toxicity', 'sentiment', 'nli'] });
    await discord.start();
    server = await startTestServer({
      env: {
        DISCORD_TOKEN: 'fake-token',
        DISCORD_API_URL: discord.apiUrl,
        MODELS_DIR: modelsDir,
        MODELS_OFFLINE: '1',
        RUNTIME_WORKERS: '1',
        QUOTA_USER_PER_MINUTE: '1000',
      },
    });
    // The member behind interactions has Manage Server: a moderator.
    discord.memberPermissions = String(1n << 5n);
    await command({ do: 'enable' });
    await command({ do: 'mod-channel', value: '<#mods>' });
  });
  afterAll(async () => {
    await server?.close();
    await discord.stop();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  /** Runs /moderation and resolves with everything the bot answered to it. */
  async function command(options: Record<string, string>): Promise<string> {
    const { token } = discord.interaction(2, {
      id: `cmd-moderation-${commands++}`,
      name: 'moderation',
      type: 1,
      options: Object.entries(options).map(([n, value]) => ({ name: n, type: 3, value })),
    });
    let answer = '';
    await eventually(() => {
      const bodies = discord.calls.filter((c) => c.path.includes(token)).map((c) => c.body);
      answer = JSON.stringify(bodies);
      expect(bodies.some((b) => b.type === 4 || typeof b.content === 'string')).toBe(true);
    });
    return answer;
  }
  const casesOf = async (userId: string, expected: string) => {
    let cases = '';
    await eventually(async () => {
      cases = await command({ do: 'cases', value: `<@${userId}>` });
      expect(cases).toContain(expected);
    });
    return cases;
  };
  const deleted = (id: string) =>
    discord.calls.filter((c) => c.method === 'DELETE' && c.path === `/channels/c1/messages/${id}`);

  it('flags a matching message in dry run without touching it, then deletes the next one once the rule is live', async () => {
    expect(await command({ do: 'rule', value: 'selling or trading accounts' })).toContain('Rule 1 added in dry run');
    const first = discord.messageFrom('u31', 'c1', 'selling accounts, cheap');
    const dry = await casesOf('u31', '<@u31> in <#c1>');
    expect(dry).toContain('(dry run)');
    expect(dry).toContain('rule 1: selling or trading accounts');
    expect(deleted(first)).toEqual([]);

    await command({ do: 'rules', value: '1 actions delete report' });
    expect(await command({ do: 'rules', value: '1 live' })).toContain('live');
    const second = discord.messageFrom('u32', 'c1', 'trading accounts here');
    const live = await casesOf('u32', 'Actions: delete, report');
    expect(live).not.toContain('(dry run)');
    await eventually(() => expect(deleted(second)).toHaveLength(1));
    expect(deleted(first)).toEqual([]);
  });
});
