import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingAdapter, type Where } from '../fakes/recording-adapter.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';
import { type MemoryServer, startMemoryServer } from '../helpers/memory-server.js';
import { fixtureEnv, postJson } from '../helpers/server.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('moderation rules: moderators, member steps, the ladder, expiring points, pardons, warnings, role gates (through the core)', () => {
  const modelsDir = tempDir('omb-models-');
  const chat = new RecordingAdapter();
  // The mod-log's clock: real time moved forward by the tests (points expire without anyone waiting).
  let shiftMs = 0;
  const clock = () => new Date(Date.now() + shiftMs);
  let server: MemoryServer;
  const mod: Where = { channelId: 'mod-cmds', userId: 'mod1', isModerator: true };
  /** The answer to a /moderation command (every one gets an answer or a reason). */
  const moderation = async (options: Record<string, unknown>, where: Where = mod) => {
    await chat.command('moderation', options, where);
    return chat.visible(where).at(-1) ?? '';
  };
  const configure = async (what: string, value?: string) => {
    const answer = await moderation({ do: what, ...(value === undefined ? {} : { value }) });
    expect(answer).not.toContain("Sorry, I couldn't");
    return answer;
  };
  const say = (text: string, userId: string, extra: Partial<Where> = {}) =>
    chat.message(text, { channelId: 'general', userId, ...extra });
  const opsFor = (userId: string) =>
    chat.platformOps.filter(
      (o) => ('userId' in o && o.userId === userId) || JSON.stringify(o).includes(`<@${userId}>`),
    );
  const memberSteps = (userId: string) =>
    chat.platformOps.flatMap((o) =>
      (o.op === 'timeout' || o.op === 'kick' || o.op === 'ban') && o.userId === userId
        ? [o.op === 'timeout' ? `timeout ${o.minutes}` : o.op]
        : [],
    );
  const casesOf = (userId: string) => configure('cases', `<@${userId}>`);
  /** The number of the case the user was last warned about (from the warning DM). */
  const lastWarnedCase = (userId: string) => {
    const dms = chat.platformOps.filter((o) => o.op === 'dm' && o.userId === userId);
    const last = dms.at(-1);
    return Number(/case #(\d+)/.exec(last?.op === 'dm' ? last.reply.text : '')?.[1]);
  };

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['toxicity', 'sentiment'] });
    // The moderator runs many commands here: the per-minute quotas are not what this file tests.
    const env = fixtureEnv(modelsDir, { QUOTA_USER_PER_MINUTE: '1000', QUOTA_CHANNEL_PER_MINUTE: '1000' });
    server = await startMemoryServer({ adapters: [chat], env, clock });
    await configure('enable');
    await configure('mod-channel', '<#modlog>');
  });
  afterAll(async () => {
    await server?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  it("records a moderator's flagged message as a case marked 'not actioned: moderator' and does nothing to them", async () => {
    await configure('moderator', '<@listed>');
    chat.platformModerators.add('lookedup');
    await say('you idiot', 'modA', { isModerator: true });
    await say('you idiot', 'listed');
    await say('you idiot', 'lookedup');
    for (const user of ['modA', 'listed', 'lookedup']) {
      const cases = await casesOf(user);
      expect(cases).toContain(`1 case · <@${user}> has 0 warning points`);
      expect(cases).toContain('Actions: not actioned: moderator · Points: 0');
      // Nothing deleted, no DM, no timeout, no report: the log has the case and that is all.
      expect(opsFor(user)).toEqual([]);
    }
    expect(chat.platformOps.filter((o) => o.op === 'remove')).toEqual([]);
    // The platform was asked only about the flagged author it knew nothing of, not about a clean message's author.
    await say('what a lovely day', 'quiet');
    expect(chat.moderatorLookups).toContain('lookedup');
    expect(chat.moderatorLookups).not.toContain('quiet');
  });

  it('lets the policy ignore moderators’ messages or act on them as on anyone’s', async () => {
    await configure('moderator-messages', 'ignore');
    await say('you idiot', 'modB', { isModerator: true });
    expect(await casesOf('modB')).toContain('No cases.');
    await configure('moderator-messages', 'act');
    await say('you idiot', 'modB', { isModerator: true });
    expect(memberSteps('modB')).toEqual([]);
    expect(chat.platformOps.filter((o) => o.op === 'remove')).toHaveLength(1);
    const show = await configure('moderator-messages', 'record');
    expect(show).toContain('Moderators\' flagged messages: a case marked "not actioned: moderator"');
  });

  it('records a member step the platform would refuse, with the reason, instead of trying it', async () => {
    chat.protectedMembers.set('boss', "the member's highest role is above the bot's");
    await configure('ladder', '1 timeout:1h');
    await say('you idiot', 'boss');
    expect(await casesOf('boss')).toContain(
      "escalation at 1 point: timeout:1h (not possible: the member's highest role is above the bot's)",
    );
    expect(memberSteps('boss')).toEqual([]);
    await configure('ladder', 'default');
  });

  it('climbs the default ladder to one timeout; kicks only when the ladder says so, never bans', async () => {
    for (let i = 0; i < 4; i++) await say('you idiot', 'u1');
    expect(memberSteps('u1')).toEqual(['timeout 10']);
    const show = await configure('ladder', '3 timeout:10m, 4 timeout:1d, 5 kick');
    expect(show).toContain('Ladder: 3 → timeout for 10 minutes, 4 → timeout for 1 day, 5 → kick');
    for (let i = 0; i < 5; i++) await say('you idiot', 'u2');
    expect(memberSteps('u2')).toEqual(['timeout 10', 'timeout 1440', 'kick']);
    expect(await casesOf('u2')).toContain('escalation at 5 points: kick');
    expect(chat.platformOps.filter((o) => o.op === 'ban')).toEqual([]);
    await configure('ladder', 'default');
  });

  it('forgets warning points after moderation.points_ttl_days (the clock moves; nobody waits)', async () => {
    expect(await configure('points-ttl', '30')).toContain('they expire after 30 days');
    await say('you idiot', 'u3');
    await say('you idiot', 'u3');
    expect(await casesOf('u3')).toContain('has 2 warning points counting now');
    shiftMs += 29 * DAY_MS;
    expect(await casesOf('u3')).toContain('has 2 warning points counting now');
    shiftMs += 2 * DAY_MS;
    expect(await casesOf('u3')).toContain('has 0 warning points counting now');
    // Two more removals are two points, not four: the ladder's 3 is not reached.
    await say('you idiot', 'u3');
    await say('you idiot', 'u3');
    expect(memberSteps('u3')).toEqual([]);
    await say('you idiot', 'u3');
    expect(memberSteps('u3')).toEqual(['timeout 10']);
  });

  it('pardons a case: its points stop counting, the case says who pardoned it, the person is told', async () => {
    await say('you idiot', 'u4');
    const first = lastWarnedCase('u4');
    await say('you idiot', 'u4');
    expect(await configure('pardon', `#${first}`)).toContain(
      `Case #${first} pardoned: its points no longer count (<@u4> has 1 counting now)`,
    );
    const told = chat.platformOps.filter((o) => o.op === 'dm' && o.userId === 'u4').at(-1);
    expect(told?.op === 'dm' && told.reply.text).toContain(`A moderator pardoned case #${first}`);
    expect(await configure('case', String(first))).toContain('Pardoned by <@mod1>: its points no longer count');
    expect(await configure('pardon', String(first))).toContain(`Case #${first} was already pardoned by <@mod1>`);
    // Without the pardon this third removal would have reached the ladder's 3 points.
    await say('you idiot', 'u4');
    expect(memberSteps('u4')).toEqual([]);
  });

  it('lets a moderator warn someone: a case with points, a DM with an appeal, a report, and the ladder', async () => {
    await configure('ladder', '2 timeout:2h');
    const answer = await configure('warn', '<@u5> spamming invite links');
    expect(answer).toMatch(/^Case #\d+: <@u5> warned \(1 point; 1 counting now\)\. Actions: warn, report$/);
    const dm = chat.platformOps.filter((o) => o.op === 'dm' && o.userId === 'u5').at(-1);
    expect(dm?.op === 'dm' && dm.reply.text).toContain('A moderator warned you in <#mod-cmds>');
    expect(dm?.op === 'dm' && dm.reply.text).toContain('spamming invite links');
    expect(dm?.op === 'dm' && dm.reply.buttons?.[0]).toMatchObject({ actionId: 'moderation:appeal' });
    const report = chat.platformOps.filter((o) => o.op === 'post' && o.channelId === 'modlog').at(-1);
    expect(report?.op === 'post' && report.reply.text).toContain('Rule: moderator action by <@mod1>');
    // A Slack user id works as well as a mention.
    expect(await configure('warn', 'U0SLACKUSER1 posting spam')).toContain('<@U0SLACKUSER1> warned');
    expect(await configure('warn', '<@u5> again')).toContain('escalation at 2 points: timeout:2h');
    expect(memberSteps('u5')).toEqual(['timeout 120']);
    // Moderators are not warned.
    chat.platformModerators.add('modC');
    expect(await moderation({ do: 'warn', value: '<@modC> too strict' })).toContain(
      '<@modC> is a moderator here, and moderators are not warned',
    );
    await configure('ladder', 'default');
  });

  it('gates a command by role through /moderation do:role-gate, shown in do:show', async () => {
    const member: Where = { channelId: 'art', userId: 'painter' };
    const artist: Where = { channelId: 'art', userId: 'artist', roles: ['artists'] };
    const sentiment = async (where: Where) => {
      await chat.command('sentiment', { text: 'I love this' }, where);
      return chat.visible(where).at(-1) ?? '';
    };
    expect(await sentiment(member)).toContain('Positive');
    expect(await configure('role-gate', 'sentiment <@&artists>')).toContain(
      '/sentiment is now only for members with <@&artists>.\nRole gates: /sentiment → <@&artists>',
    );
    expect(await sentiment(member)).toContain("you don't have a role that may use /sentiment here");
    expect(await sentiment(artist)).toContain('Positive');
    expect(await configure('show')).toContain('Role gates: /sentiment → <@&artists>');
    expect(await configure('role-gate', 'sentiment off')).toContain('/sentiment is open to everyone again');
    expect(await sentiment(member)).toContain('Positive');
    expect(await configure('show')).toContain('Role gates: none');
  });

  it('refuses hostile input with a reason and changes nothing', async () => {
    const someone: Where = { channelId: 'x', userId: 'someone' };
    for (const [what, value] of [
      ['warn', '<@u1> you are banned'],
      ['pardon', '1'],
      ['role-gate', 'sentiment <@&mine>'],
      ['ladder', '1 ban'],
    ]) {
      expect(await moderation({ do: what, value }, someone)).toContain('only moderators can do that');
    }
    // Another server's moderator cannot reach this server's cases.
    const elsewhere: Where = { tenantId: 'tenant-2', channelId: 'mods-2', userId: 'mod2', isModerator: true };
    expect(await moderation({ do: 'pardon', value: '1' }, elsewhere)).toContain('there is no case #1');
    expect(await configure('case', '1')).not.toContain('Pardoned');
    const refusals: [string, string, string][] = [
      ['ladder', '3 timeout:10x', '"10x" is not a duration: write a number and m, h or d'],
      ['ladder', '3 timeout:29d', "longer than Discord's maximum of 28 days"],
      ['ladder', '3 timeout:0m', 'give at least 1m'],
      ['ladder', '3 timeout:', 'is not a duration'],
      ['ladder', '3 explode', '"explode" is not a ladder step'],
      ['ladder', 'three kick', 'a ladder is "points step" entries'],
      ['ladder', '3 kick:1d', 'only timeouts take a duration'],
      ['points-ttl', '0', 'points-ttl takes a number of days from 1 to 3650'],
      ['points-ttl', 'forever', 'points-ttl takes a number of days'],
      ['moderator-messages', 'sometimes', 'moderator-messages takes record'],
      ['warn', '<@u1>', 'warn takes a user'],
      ['warn', '<@&artists> be nice', '"<@&artists>" is not a user'],
      ['warn', 'everyone be nice', '"everyone" is not a user'],
      ['warn', '<@mod1> self', "you can't warn yourself"],
      ['pardon', 'the last one', 'pardon takes a case number'],
      ['pardon', '99999', 'there is no case #99999'],
      ['role-gate', 'sentiment Artists', '"Artists" is not a role mention or id'],
      ['role-gate', 'sentiment <@u1>', 'is a user or channel, not a role'],
      ['role-gate', 'nosuchskill <@&artists>', 'there is no command called "nosuchskill"'],
      ['role-gate', 'moderation <@&artists>', "/moderation stays open to everyone and can't be gated"],
      ['role-gate', 'sentiment', 'role-gate takes a command and the roles'],
    ];
    for (const [what, value, reason] of refusals) {
      const answer = await moderation({ do: what, value });
      expect(answer, `${what} ${value}`).toContain("Sorry, I couldn't do that:");
      expect(answer, `${what} ${value}`).toContain(reason);
    }
    const show = await configure('show');
    expect(show).toContain('Ladder: 3 → timeout for 10 minutes');
    expect(show).toContain('they expire after 30 days');
    expect(show).toContain('Role gates: none');
    // A whole policy over the API is checked the same way.
    const bad = await postJson(server, '/v1/skills/moderation', {
      do: 'show',
      tenant: 'tenant-1',
      policy: { enabled: true, escalation: [{ points: 3, action: 'timeout:45d' }] },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('not a ladder step');
  });
});
