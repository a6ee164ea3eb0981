import { type AnyThreadChannel, type Client, type Message, MessageFlags, type PartialMessage } from 'discord.js';
import type { EventContext, IncomingEvent } from '../../core/event.js';
import type { FileAccess } from '../../net/download.js';
import { isAudioFile } from '../../skills/audio-file.js';
import type { PlatformActions } from '../../skills/skill.js';
import type { PendingForms } from '../pending-forms.js';
import { isAgeRestricted, mayModerate, messageActions, reachActions, silentReplier } from './actions.js';
import { embedImages, gatewayFile } from './files.js';
import { guardedReplier, messageReplier } from './gateway-repliers.js';
import type { RestGuard } from './rest-guard.js';

export interface MessageEventSources {
  client: Client;
  files: FileAccess;
  forms: PendingForms;
  guard: RestGuard;
}

/**
 * A message someone posted, as the event it is: a voice message, an @-mention of the bot, an audio file shared, or
 * channel traffic. A forwarded message is traffic too, judged by what it forwards. Undefined for the bot's own
 * messages and other bots'.
 */
export function messageEvent(message: Message, sources: MessageEventSources): IncomingEvent | undefined {
  const me = sources.client.user;
  if (!me || message.author.bot || message.author.id === me.id || !message.channel.isSendable()) return undefined;
  const ctx = messageContext(message, message.id, sources);
  const files = [...message.attachments.values()].map((a) => gatewayFile(a, sources.files));
  const attachments = [...files, ...embedImages(message.embeds, sources.files)];
  // A voice message is one audio/ogg attachment; other audio is a file someone shared (the channel decides).
  const voice = message.flags.has(MessageFlags.IsVoiceMessage) ? files[0] : undefined;
  const audio = files.find(isAudioFile);
  const text = messageText(message);
  if (voice) return { kind: 'voice-note', attachment: voice, text, attachments, ctx };
  if (message.mentions.users.has(me.id)) {
    const question = text.replaceAll(`<@${me.id}>`, '').replaceAll(`<@!${me.id}>`, '').trim();
    return { kind: 'mention', text: question, attachments, ctx };
  }
  if (audio) return { kind: 'voice-note', attachment: audio, upload: true, text, attachments, ctx };
  return { kind: 'message', text, attachments, ctx };
}

/**
 * A message edited into new text: traffic to judge again. Its event id is the edit's (message id and edit time),
 * so each edit is judged once, and updates that are not edits (link previews filling in) are none.
 */
export async function editEvent(
  before: Message | PartialMessage,
  after: Message | PartialMessage,
  sources: MessageEventSources,
): Promise<IncomingEvent | undefined> {
  const message = after.partial ? await after.fetch().catch(() => undefined) : after;
  const me = sources.client.user;
  if (!me || !message || message.author.bot || message.author.id === me.id || !message.editedTimestamp)
    return undefined;
  if (!before.partial && before.content === message.content) return undefined;
  const ctx = messageContext(message, `${message.id}:edited:${message.editedTimestamp}`, sources);
  return { kind: 'message', text: messageText(message), attachments: [], edited: true, ctx };
}

/** A new thread's title, written by its owner: traffic like a message, in the parent channel. */
export async function threadEvent(
  thread: AnyThreadChannel,
  sources: MessageEventSources,
): Promise<IncomingEvent | undefined> {
  const me = sources.client.user;
  if (!me || !thread.ownerId || thread.ownerId === me.id || !thread.parentId) return undefined;
  const owner = await thread.guild.members.fetch(thread.ownerId).catch(() => undefined);
  if (owner?.user.bot) return undefined;
  const ctx: EventContext = {
    platform: 'discord',
    eventId: `thread:${thread.id}`,
    tenantId: thread.guildId,
    channelId: thread.parentId,
    threadId: thread.id,
    userId: thread.ownerId,
    roles: owner ? [...owner.roles.cache.keys()] : [],
    isModerator: mayModerate(owner?.permissions),
    ageRestricted: isAgeRestricted(thread.parent),
    actions: threadActions(sources.client, thread),
    // Nobody asked the bot anything.
    reply: silentReplier,
  };
  return { kind: 'message', text: thread.name, attachments: [], ctx };
}

function messageContext(message: Message, eventId: string, sources: MessageEventSources): EventContext {
  const thread = message.channel.isThread() ? message.channel : undefined;
  const replier = message.channel.isSendable()
    ? guardedReplier(
        messageReplier(message, message.channel, sources.forms),
        sources.guard,
        message.channelId,
        message.guildId,
      )
    : silentReplier;
  return {
    platform: 'discord',
    eventId,
    tenantId: message.guildId ?? `dm:${message.author.id}`,
    channelId: thread?.parentId ?? message.channelId,
    threadId: thread?.id,
    userId: message.author.id,
    // Messages carry no user language: the guild's preferred one is the best guess for the bot's own words.
    locale: message.guild?.preferredLocale,
    roles: message.member ? [...message.member.roles.cache.keys()] : [],
    isModerator: mayModerate(message.member?.permissions),
    ageRestricted: isAgeRestricted(thread?.parent ?? message.channel),
    actions: messageActions(sources.client, message),
    reply: replier,
  };
}

/** What the message says, with the text of any message it forwards (Discord's message snapshots). */
export function messageText(message: Message): string {
  const forwarded = [...message.messageSnapshots.values()].map((snapshot) => snapshot.content ?? '');
  return [message.content, ...forwarded].filter((part) => part.trim() !== '').join('\n');
}

/** Acting on a thread for its title: removing it deletes the thread; its owner is a member like any other. */
function threadActions(client: Client, thread: AnyThreadChannel): PlatformActions {
  return {
    ...reachActions(client, thread.guildId),
    async remove() {
      await thread.delete('its title broke the moderation policy');
    },
  };
}
