import {
  type Channel,
  type Client,
  DiscordAPIError,
  type GuildMember,
  type Message,
  PermissionFlagsBits,
  type PermissionsBitField,
} from 'discord.js';
import type { Replier } from '../../core/reply.js';
import type { MemberStep, PlatformActions, SkillReply } from '../../skills/skill.js';
import { discordCanRead } from './channel-access.js';
import { discordHistory } from './history.js';
import { sendReply } from './render.js';
import { hasModeratorPermissions } from './to-event.js';

/**
 * Moderation rights: Administrator (`any` counts it as every permission), Manage Server, Manage Messages or Moderate
 * Members. Such members edit moderation and decide appeals, and their own messages are not acted on.
 */
export function mayModerate(permissions: Readonly<PermissionsBitField> | null | undefined): boolean {
  return hasModeratorPermissions(permissions?.bitfield);
}

/** Discord's age-restricted ("NSFW") channels; a thread is as its parent (the caller passes the parent). */
export function isAgeRestricted(channel: Channel | null | undefined): boolean {
  return Boolean(channel && 'nsfw' in channel && channel.nsfw);
}

/**
 * Reaching users and channels (DM a user, post in the mod channel) and reading them, for any event; in a guild,
 * acting on its members too (a moderator's manual warning can reach a ladder step). `canRead` answers for the
 * guild (or, outside one, the DM) the event came from.
 */
export function reachActions(client: Client, guildId?: string | null): PlatformActions {
  const communityLocale = async () => (guildId ? client.guilds.cache.get(guildId)?.preferredLocale : undefined);
  return {
    ...(guildId ? memberActions(client, guildId) : {}),
    canRead: (userId, channelId) => discordCanRead(client, guildId, userId, channelId),
    // A thread is a channel of its own on Discord.
    history: (where, limit) => discordHistory(client, where.threadId ?? where.channelId, limit),
    async dm(userId, reply) {
      await sendReply(await client.users.fetch(userId), reply);
    },
    // Discord tells bots no member's language, only the language the server's community uses.
    localeOf: () => communityLocale(),
    communityLocale,
    async post(channelId, reply) {
      const channel = await client.channels.fetch(channelId);
      if (!channel?.isSendable()) throw new Error(`cannot post in channel ${channelId}`);
      await sendReply(channel, reply as SkillReply);
    },
  };
}

/** Acting on a message and its author (moderation): react, delete, time out, kick, ban, plus reaching people. */
export function messageActions(client: Client, message: Message): PlatformActions {
  return {
    ...reachActions(client, message.guildId),
    ...(message.guildId ? memberActions(client, message.guildId, message.member) : {}),
    async react(emoji) {
      await message.react(emoji);
    },
    async remove() {
      await message.delete();
    },
    async replaceHidden(reply) {
      const { channel } = message;
      if (!channel.isSendable()) throw new Error(`cannot post in channel ${channel.id}`);
      await message.delete();
      const hidden = { ...reply, files: reply.files?.map((file) => ({ ...file, spoiler: true })) };
      await sendReply(channel, hidden);
    },
  };
}

/** For events nobody is waiting on (platform moderation records): there is no one to answer. */
export const silentReplier: Replier = {
  defer: async () => {},
  send: async () => ({ id: '', channelId: '' }),
  edit: async () => {},
};

type MemberActions = Pick<PlatformActions, 'isModerator' | 'refusal' | 'timeout' | 'kick' | 'ban'>;

const NEEDED = {
  timeout: [PermissionFlagsBits.ModerateMembers, 'Moderate Members'],
  kick: [PermissionFlagsBits.KickMembers, 'Kick Members'],
  ban: [PermissionFlagsBits.BanMembers, 'Ban Members'],
} as const;

/** Discord's "Unknown Member" and "Unknown User" errors. */
const NOT_A_MEMBER = new Set([10007, 10013]);

/**
 * Acting on members of one guild (moderation): who moderates, whether the bot may time out, kick or ban someone,
 * and doing it. `known` is a member already at hand (a message's author), saving a fetch.
 */
export function memberActions(client: Client, guildId: string, known?: GuildMember | null): MemberActions {
  const find = async (userId: string): Promise<GuildMember> => {
    if (known?.id === userId) return known;
    const guild = client.guilds.cache.get(guildId) ?? (await client.guilds.fetch(guildId));
    return guild.members.fetch(userId);
  };
  return {
    isModerator: async (userId) => mayModerate((await find(userId)).permissions),
    async refusal(step, userId) {
      try {
        return await refusalFor(await find(userId), step);
      } catch (error) {
        if (error instanceof DiscordAPIError && NOT_A_MEMBER.has(Number(error.code))) {
          return 'they are not a member of this server';
        }
        throw error;
      }
    },
    async timeout(userId, minutes, reason) {
      await (await find(userId)).timeout(minutes * 60_000, reason);
    },
    async kick(userId, reason) {
      await (await find(userId)).kick(reason);
    },
    async ban(userId, reason) {
      await (await find(userId)).ban({ reason });
    },
  };
}

/**
 * Why Discord would refuse the bot `step` against `member`, in words for the mod-log: the owner is untouchable,
 * the bot needs the permission, administrators cannot be timed out, and the bot's highest role must be above the
 * member's. discord.js' own `moderatable`/`kickable`/`bannable` have the last word.
 */
export async function refusalFor(member: GuildMember, step: MemberStep): Promise<string | undefined> {
  const { guild } = member;
  const me = guild.members.me ?? (await guild.members.fetchMe());
  const [flag, permission] = NEEDED[step];
  if (member.id === guild.ownerId) return 'they own the server';
  if (member.id === me.id) return 'that is the bot itself';
  if (!me.permissions.has(flag)) return `the bot lacks the ${permission} permission`;
  if (step === 'timeout' && member.permissions.has(PermissionFlagsBits.Administrator)) {
    return 'they are an administrator, and Discord never times out administrators';
  }
  const above = me.id === guild.ownerId ? 1 : me.roles.highest.comparePositionTo(member.roles.highest);
  if (above < 0) return "the member's highest role is above the bot's";
  if (above === 0) return "the member's highest role is as high as the bot's";
  const allowed = { timeout: member.moderatable, kick: member.kickable, ban: member.bannable }[step];
  return allowed ? undefined : 'Discord does not allow it';
}
