import type {
  Message,
  MessageReaction,
  PartialMessage,
  PartialMessageReaction,
  PartialUser,
  SendableChannels,
  User,
} from 'discord.js';
import type { IncomingEvent } from '../../core/event.js';
import type { MessageRef, Replier, Reply } from '../../core/reply.js';
import { isAgeRestricted, mayModerate, reachActions } from './actions.js';
import { guardedReplier } from './gateway-repliers.js';
import { type MessageEventSources, messageText } from './message-events.js';
import { discordJsBody, renderReply, withFiles } from './render.js';

/** Discord's limit on a thread's name. */
const THREAD_NAME_CHARS = 100;

/**
 * A reaction someone added to a message, as the event it is. Its id names the message and the emoji, so the same
 * reaction again (by anyone, or removed and added back) is a redelivery the router answers once; the router
 * narrows it further to what the emoji asks for where the skill says (🇬🇧 and 🇺🇸 both: English). Reactions by bots
 * (this one included) are none; a reaction on a message whose text cannot be read (deleted meanwhile) is none.
 */
export async function reactionEvent(
  added: MessageReaction | PartialMessageReaction,
  user: User | PartialUser,
  sources: MessageEventSources,
): Promise<IncomingEvent | undefined> {
  const me = sources.client.user;
  if (!me || user.bot || user.id === me.id) return undefined;
  const reaction = added.partial ? await added.fetch().catch(() => undefined) : added;
  const message = reaction && (await fullMessage(reaction.message));
  if (!reaction || !message?.channel.isSendable()) return undefined;
  const { emoji } = reaction;
  const name = emoji.id ? `<${emoji.animated ? 'a' : ''}:${emoji.name ?? ''}:${emoji.id}>` : (emoji.name ?? '');
  const thread = message.channel.isThread() ? message.channel : undefined;
  const member = message.guild ? await message.guild.members.fetch(user.id).catch(() => undefined) : undefined;
  return {
    kind: 'reaction',
    emoji: name,
    target: { id: message.id, text: messageText(message), authorId: message.author.id, attachments: [] },
    ctx: {
      platform: 'discord',
      eventId: `reaction:${message.id}:${name}`,
      tenantId: message.guildId ?? `dm:${user.id}`,
      channelId: thread?.parentId ?? message.channelId,
      threadId: thread?.id,
      userId: user.id,
      roles: member ? [...member.roles.cache.keys()] : [],
      isModerator: mayModerate(member?.permissions),
      ageRestricted: isAgeRestricted(thread?.parent ?? message.channel),
      actions: reachActions(sources.client, message.guildId),
      reply: guardedReplier(threadReplier(message), sources.guard, message.channelId, message.guildId),
    },
  };
}

/** The message itself: one from before this process started comes partial, and is fetched (undefined: gone). */
async function fullMessage(message: Message | PartialMessage): Promise<Message | undefined> {
  return message.partial ? await message.fetch().catch(() => undefined) : message;
}

/**
 * Answers in a thread on the message: the message's thread when it has one, else a new one named after its first
 * words (created on the first post, so nothing is created for an answer never sent). A message already in a
 * thread is answered in that thread: Discord has no threads in threads.
 */
export function threadReplier(message: Message): Replier {
  let opened: Promise<SendableChannels> | undefined;
  const where = (): Promise<SendableChannels> => {
    opened ??= (async () => {
      if (message.channel.isThread() && message.channel.isSendable()) return message.channel;
      if (message.thread) return message.thread;
      const title =
        message.content
          .replace(/\s+/g, ' ')
          .trim()
          .slice(0, THREAD_NAME_CHARS - 1) || 'Reply';
      try {
        return await message.startThread({ name: title });
      } catch (error) {
        // A thread made since the cache saw the message (another reaction's): it has the message's id.
        const existing = await message.client.channels.fetch(message.id).catch(() => null);
        if (existing?.isThread() && existing.isSendable()) return existing;
        throw error;
      }
    })();
    return opened;
  };
  return {
    async defer() {
      await (await where()).sendTyping();
    },
    async send(reply: Reply): Promise<MessageRef> {
      const channel = await where();
      const [first, ...rest] = renderReply(reply);
      const posted = await channel.send(withFiles(first, reply));
      for (const body of rest) await channel.send(discordJsBody(body));
      return { id: posted.id, channelId: channel.id };
    },
    async edit(ref, reply) {
      const channel = await where();
      const [first, ...rest] = renderReply(reply);
      await channel.messages.edit(ref.id, withFiles(first, reply));
      for (const body of rest) await channel.send(discordJsBody(body));
    },
  };
}
