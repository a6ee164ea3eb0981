import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, ROLES, SNOWFLAKE_GUILD } from '../../fakes/fake-discord/gateway.js';
import { writeFixtures } from '../../fixtures/models/generate.js';
import { tempDir } from '../../helpers/db.js';
import { discordFixtureEnv, startTestServer, type TestServer } from '../../helpers/server.js';
import { eventually } from '../contract.js';

describe('moderation rules over the Discord gateway: moderators, role hierarchy, the ladder, role gates, rules in plain words (real discord.js, fake Discord)', () => {
  // A snowflake guild id: discord.js ranks roles (the hierarchy checked here) with BigInt(id).
  const discord = new FakeDiscord(45_000, SNOWFLAKE_GUILD);
  const modelsDir = tempDir('omb-models-');
  let server: TestServer;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['toxicity', 'sentiment', 'nli'] });
    await discord.start();
    server = await startTestServer({
      env: discordFixtureEnv(discord, modelsDir, {
        QUOTA_USER_PER_MINUTE: '1000',
      }),
    });
    // The member behind interactions has Manage Server: a moderator.
    discord.memberPermissions = String(1n << 5n);
    await command('moderation', { do: 'enable' });
    await command('moderation', { do: 'mod-channel', value: '<#mods>' });
  });
  afterAll(async () => {
    await server?.close();
    await discord.stop();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  /** Runs a slash command and resolves with everything the bot answered to it (callback, edits, follow-ups). */
  async function command(name: string, options: Record<string, string>): Promise<string> {
    const { token } = discord.interaction(2, {
      id: `cmd-${name}`,
      name,
      type: 1,
      options: Object.entries(options).map(([n, value]) => ({ name: n, type: 3, value })),
    });
    let answer = '';
    await eventually(() => {
      const bodies = discord.calls.filter((c) => c.path.includes(token)).map((c) => c.body);
      answer = JSON.stringify(bodies);
      // A deferral (type 5) alone is not an answer yet.
      expect(bodies.some((b) => b.type === 4 || typeof b.content === 'string')).toBe(true);
    });
    return answer;
  }
  const memberCalls = (userId: string) =>
    discord.calls.filter((c) => c.path === `/guilds/${SNOWFLAKE_GUILD}/members/${userId}` && c.method !== 'GET');
  const dmsTo = (userId: string) =>
    discord.calls.filter((c) => c.path === '/users/@me/channels' && c.body.recipient_id === userId);
  /** Posts a message and resolves once moderation has recorded its case. */
  const flaggedMessage = async (userId: string, text = 'you idiot') => {
    const id = discord.messageFrom(userId, 'c1', text);
    let cases = '';
    await eventually(async () => {
      cases = await command('moderation', { do: 'cases', value: `<@${userId}>` });
      expect(cases).toContain(`<@${userId}> in <#c1>`);
    });
    return { id, cases };
  };

  it("records a moderator's flagged message (a Manage Messages role) without deleting, warning or timing out", async () => {
    discord.memberRoles.set('u20', [ROLES.moderators.id]);
    const { id, cases } = await flaggedMessage('u20');
    expect(cases).toContain('Actions: not actioned: moderator · Points: 0');
    expect(discord.calls.filter((c) => c.method === 'DELETE' && c.path === `/channels/c1/messages/${id}`)).toEqual([]);
    expect(dmsTo('u20')).toEqual([]);
    expect(memberCalls('u20')).toEqual([]);
    // The guild's owner moderates too (Discord gives the owner every permission).
    expect((await flaggedMessage('u0')).cases).toContain('Actions: not actioned: moderator');
    expect(memberCalls('u0')).toEqual([]);
  });

  it("records a timeout as impossible for a member whose highest role is above the bot's, and never tries it", async () => {
    expect(await command('moderation', { do: 'ladder', value: '1 timeout:10m' })).toContain(
      'Ladder: 1 → timeout for 10 minutes',
    );
    discord.memberRoles.set('u21', [ROLES.senior.id]);
    const { cases } = await flaggedMessage('u21');
    expect(cases).toContain(
      "escalation at 1 point: timeout:10m (not possible: the member's highest role is above the bot's)",
    );
    expect(memberCalls('u21')).toEqual([]);
    // The same step against a member below the bot is taken: a PATCH with communication_disabled_until.
    discord.memberRoles.set('u22', [ROLES.artists.id]);
    const before = Date.now();
    expect((await flaggedMessage('u22')).cases).toContain('escalation at 1 point: timeout:10m');
    await eventually(() => expect(memberCalls('u22')).toHaveLength(1));
    // Ten minutes from the moment it was taken, which lies between `before` and now.
    const until = Date.parse(String(memberCalls('u22')[0]?.body.communication_disabled_until));
    expect(until).toBeGreaterThanOrEqual(before + 10 * 60_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 10 * 60_000);
    await command('moderation', { do: 'ladder', value: 'default' });
  });

  it('counts manual warnings toward the ladder; kicks and bans only once the ladder has them', async () => {
    const warn = () => command('moderation', { do: 'warn', value: '<@u23> posting scam links' });
    expect(await warn()).toContain('<@u23> warned (1 point; 1 counting now)');
    await eventually(() => expect(dmsTo('u23').length).toBeGreaterThan(0));
    await warn();
    // Default ladder: one timeout at 3 points, no kick.
    expect(await warn()).toContain('escalation at 3 points: timeout');
    expect(memberCalls('u23').map((c) => c.method)).toEqual(['PATCH']);
    await command('moderation', { do: 'ladder', value: '3 timeout:10m, 4 kick' });
    expect(await warn()).toContain('escalation at 4 points: kick');
    expect(memberCalls('u23').map((c) => c.method)).toEqual(['PATCH', 'DELETE']);
    const bans = () => discord.calls.filter((c) => c.path.startsWith(`/guilds/${SNOWFLAKE_GUILD}/bans/`));
    expect(bans()).toEqual([]);
    // A ban, too, only once a moderator puts it on the ladder.
    await command('moderation', { do: 'ladder', value: '3 timeout:10m, 4 kick, 5 ban' });
    expect(await warn()).toContain('escalation at 5 points: ban');
    expect(bans().map((c) => `${c.method} ${c.path}`)).toEqual([`PUT /guilds/${SNOWFLAKE_GUILD}/bans/u23`]);
    await command('moderation', { do: 'ladder', value: 'default' });
  });

  it("writes the warning DM in the server's language (Discord tells bots no member's own)", async () => {
    discord.setGuildLocale('de');
    try {
      expect(await command('moderation', { do: 'warn', value: '<@u31> spam' })).toContain('<@u31> warned');
      await eventually(() => expect(discord.visible('dm-u31').join('\n')).toContain('Ein Moderator hat dich'));
      const calls = discord.calls.filter((c) => c.path === '/channels/dm-u31/messages');
      expect(JSON.stringify(calls.map((c) => c.body))).toContain('Einspruch');
      // The case report in the mod channel is for the community: in its language too (verdicts stay command words).
      await eventually(() => expect(discord.visible('mods').join('\n')).toMatch(/\*\*Fall #\d+\*\* · <@u31> in <#/));
      const report = discord.visible('mods').find((text) => text.includes('<@u31>')) ?? '';
      expect(report).toContain('Regel: Maßnahme von <@');
      expect(report).toMatch(/Maßnahmen: .* · Punkte: 1 · Status: open/);
    } finally {
      discord.setGuildLocale('en-US');
    }
  });

  it('refuses to warn a moderator, and refuses moderation commands from members without rights', async () => {
    expect(await command('moderation', { do: 'warn', value: '<@u20> too strict' })).toContain(
      'is a moderator here, and moderators are not warned',
    );
    discord.memberPermissions = '0';
    try {
      for (const [what, value] of [
        ['warn', '<@u22> spam'],
        ['pardon', '1'],
        ['role-gate', `sentiment <@&${ROLES.artists.id}>`],
      ] as const) {
        expect(await command('moderation', { do: what, value })).toContain('only moderators can do that');
      }
    } finally {
      discord.memberPermissions = String(1n << 5n);
    }
  });

  it('gates /sentiment to a role set with do:role-gate: refused without the role, answered with it', async () => {
    const artists = ROLES.artists.id;
    expect(await command('moderation', { do: 'role-gate', value: `sentiment <@&${artists}>` })).toContain(
      `/sentiment is now only for members with <@&${artists}>`,
    );
    expect(await command('moderation', { do: 'show' })).toContain(`Role gates: /sentiment → <@&${artists}>`);
    expect(await command('sentiment', { text: 'I love this' })).toContain(
      "you don't have a role that may use /sentiment here",
    );
    discord.memberRoles.set('u1', [artists]);
    expect(await command('sentiment', { text: 'I love this' })).toContain('Positive');
    discord.memberRoles.delete('u1');
    await command('moderation', { do: 'role-gate', value: 'sentiment off' });
    expect(await command('sentiment', { text: 'I love this' })).toContain('Positive');
  });
  it('flags a message matching a plain-word rule in dry run without touching it, deletes the next once live', async () => {
    const deleted = (id: string) =>
      discord.calls.filter((c) => c.method === 'DELETE' && c.path === `/channels/c1/messages/${id}`);
    const rule = await command('moderation', { do: 'rule', value: 'selling or trading accounts' });
    expect(rule).toContain('added in dry run');
    const dry = await flaggedMessage('u31', 'selling accounts, cheap');
    expect(dry.cases).toContain('(dry run)');
    expect(dry.cases).toContain('rule 1: selling or trading accounts');
    expect(deleted(dry.id)).toEqual([]);
    await command('moderation', { do: 'rule', value: '1 actions delete report' });
    expect(await command('moderation', { do: 'rule', value: '1 live' })).toContain('live');
    const live = await flaggedMessage('u32', 'trading accounts here');
    expect(live.cases).toContain('Actions: delete, report');
    expect(live.cases).not.toContain('(dry run)');
    await eventually(() => expect(deleted(live.id)).toHaveLength(1));
    expect(deleted(dry.id)).toEqual([]);
    await command('moderation', { do: 'rule', value: '1 remove' });
  });
});
