import { PermissionFlagsBits, REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RestChannelAccess, viewPermissions } from '../../../src/adapters/discord/rest-channel-access.js';
import { FakeDiscord, GUILD, GUILD_OWNER, PERMISSION, ROLES, STAFF_CHANNEL } from '../../fakes/fake-discord/gateway.js';

const VIEW = PermissionFlagsBits.ViewChannel;
const view = String(VIEW);

describe('who views a channel, over REST (HTTP interactions: no gateway cache)', () => {
  const discord = new FakeDiscord();
  let access: RestChannelAccess;

  beforeAll(async () => {
    discord.everyonePermissions = String(PERMISSION.viewChannel);
    discord.memberRoles.set('u-staff', [ROLES.staff.id]);
    discord.memberRoles.set('u-mod', [ROLES.moderators.id]);
    await discord.start();
    access = new RestChannelAccess(new REST({ api: discord.apiUrl, version: '10', retries: 0 }).setToken('fake-token'));
  });
  afterAll(() => discord.stop());

  it('follows the channel’s overwrites for the member’s roles; the owner sees everything', async () => {
    expect(await access.canRead(GUILD, 'u-member', 'c1')).toBe(true);
    expect(await access.canRead(GUILD, 'u-member', STAFF_CHANNEL)).toBe(false);
    expect(await access.canRead(GUILD, 'u-staff', STAFF_CHANNEL)).toBe(true);
    // Manage Messages is no View Channel: a moderator role without the Staff role stays out.
    expect(await access.canRead(GUILD, 'u-mod', STAFF_CHANNEL)).toBe(false);
    expect(await access.canRead(GUILD, GUILD_OWNER, STAFF_CHANNEL)).toBe(true);
    // A thread is viewed through its parent.
    expect(await access.canRead(GUILD, 'u-member', 't1')).toBe(true);
  });

  it('says no for people who left and for another guild’s channel id; throws when Discord refuses to answer', async () => {
    discord.departedMembers.add('u-left');
    expect(await access.canRead(GUILD, 'u-left', 'c1')).toBe(false);
    expect(await access.canRead('other-guild', 'u-member', 'c1')).toBe(false);
    discord.failing = { path: '/members/u-refused', status: 403 };
    try {
      await expect(access.canRead(GUILD, 'u-refused', 'c1')).rejects.toThrow();
    } finally {
      discord.failing = undefined;
    }
  });

  it('caches Discord’s answers for a minute: asking again costs no request', async () => {
    const before = discord.calls.length;
    expect(await access.canRead(GUILD, 'u-staff', STAFF_CHANNEL)).toBe(true);
    expect(await access.canRead(GUILD, 'u-member', STAFF_CHANNEL)).toBe(false);
    expect(discord.calls.length).toBe(before);
  });
});

describe('viewPermissions (Discord’s documented order)', () => {
  const roles = [
    { id: 'g', permissions: view },
    { id: 'r1', permissions: '0' },
    { id: 'admin', permissions: String(PermissionFlagsBits.Administrator) },
  ];
  const channel = (permission_overwrites: { id: string; type: number; allow: string; deny: string }[]) => ({
    id: 'c',
    type: 0,
    guild_id: 'g',
    permission_overwrites,
  });
  const canView = (memberRoles: string[], overwrites: Parameters<typeof channel>[0], user = 'u') =>
    (viewPermissions('g', user, roles, memberRoles, channel(overwrites)) & VIEW) === VIEW;

  it('applies @everyone, then the roles together (allow wins over deny), then the member’s own overwrite', () => {
    const denyAll = { id: 'g', type: 0, allow: '0', deny: view };
    expect(canView([], [])).toBe(true);
    expect(canView([], [denyAll])).toBe(false);
    expect(canView(['r1'], [denyAll, { id: 'r1', type: 0, allow: view, deny: '0' }])).toBe(true);
    // Two roles, one denying and one allowing: allow wins.
    const both = [
      denyAll,
      { id: 'r1', type: 0, allow: '0', deny: view },
      { id: 'r2', type: 0, allow: view, deny: '0' },
    ];
    expect(canView(['r1', 'r2'], both)).toBe(true);
    // The member's own overwrite has the last word, both ways.
    expect(
      canView(
        ['r1'],
        [
          { id: 'r1', type: 0, allow: view, deny: '0' },
          { id: 'u', type: 1, allow: '0', deny: view },
        ],
      ),
    ).toBe(false);
    expect(canView([], [denyAll, { id: 'u', type: 1, allow: view, deny: '0' }])).toBe(true);
  });

  it('ignores overwrites for roles the member lacks, or for someone else, and gives administrators everything', () => {
    const denyAll = { id: 'g', type: 0, allow: '0', deny: view };
    expect(canView([], [denyAll, { id: 'r1', type: 0, allow: view, deny: '0' }])).toBe(false);
    // A member overwrite whose id equals a role id the member has is a member's, not the role's.
    expect(canView(['r1'], [denyAll, { id: 'r1', type: 1, allow: view, deny: '0' }])).toBe(false);
    expect(canView([], [denyAll, { id: 'someone-else', type: 1, allow: view, deny: '0' }])).toBe(false);
    expect(canView(['admin'], [denyAll, { id: 'u', type: 1, allow: '0', deny: view }])).toBe(true);
  });
});
