import { type Channel, type Client, type Message, PermissionFlagsBits, type PermissionsBitField } from 'discord.js';
import type { Replier } from '../../core/reply.js';
import type { PlatformActions, SkillReply } from '../../skills/skill.js';
import { discordHistory } from './history.js';
import { discordJsBody, renderReply } from './render.js';

/** Manage Server or Moderate Members: who may edit moderation and decide appeals. */
export function mayModerate(permissions: Readonly<PermissionsBitField> | null | undefined): boolean {
  return Boolean(permissions?.any([PermissionFlagsBits.ManageGuild, PermissionFlagsBits.ModerateMembers]));
}

/** Discord's age-restricted ("NSFW") channels; a thread is as its parent (the caller passes the parent). */
export function isAgeRestricted(channel: Channel | null | undefined): boolean {
  return Boolean(channel && 'nsfw' in channel && channel.nsfw);
}

/** Reaching users and channels (DM a user, post in the mod channel) and reading them, for any event. */
export function reachActions(client: Client): Pick<PlatformActions, 'dm' | 'post' | 'history'> {
  return {
    // A thread is a channel of its own on Discord.
    history: (where, limit) => discordHistory(client, where.threadId ?? where.channelId, limit),
    async dm(userId, reply) {
      const user = await client.users.fetch(userId);
      for (const body of renderReply(reply)) await user.send(discordJsBody(body));
    },
    async post(channelId, reply) {
      const channel = await client.channels.fetch(channelId);
      if (!channel?.isSendable()) throw new Error(`cannot post in channel ${channelId}`);
      for (const body of renderReply(reply as SkillReply)) await channel.send(discordJsBody(body));
    },
  };
}

/** Acting on a message and its author (moderation): react, delete, time out, plus reaching people. */
export function messageActions(client: Client, message: Message): PlatformActions {
  return {
    ...reachActions(client),
    async react(emoji) {
      await message.react(emoji);
    },
    async remove() {
      await message.delete();
    },
    async timeout(minutes, reason) {
      if (!message.member) throw new Error('the author is not a member of this server');
      await message.member.timeout(minutes * 60_000, reason);
    },
  };
}

/** For events nobody is waiting on (platform moderation records): there is no one to answer. */
export const silentReplier: Replier = {
  defer: async () => {},
  send: async () => ({ id: '', channelId: '' }),
  edit: async () => {},
};
