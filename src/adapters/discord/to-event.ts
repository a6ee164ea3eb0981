import { PermissionFlagsBits } from 'discord.js';
import type { EventContext, IncomingEvent } from '../../core/event.js';
import type { Replier } from '../../core/reply.js';
import type { FileAccess } from '../../net/download.js';
import type { TargetMessage } from '../../skills/skill.js';
import { type ApiAttachment, apiFile } from './files.js';
import { submittedFields } from './forms.js';

/** The parts of a Discord interaction payload we read (API v10), whether it came over HTTP or the gateway. */
export interface Interaction {
  id: string;
  application_id?: string;
  type: number;
  token: string;
  guild_id?: string;
  channel_id?: string;
  channel?: { id: string; type: number; parent_id?: string | null; nsfw?: boolean };
  /** In a guild: the member, with their roles and their permissions in this channel (a decimal bitfield). */
  member?: { user?: { id: string }; roles?: string[]; permissions?: string };
  /** In a DM. */
  user?: { id: string };
  /** The user's client language (every interaction but a ping carries it). */
  locale?: string;
  /** The guild's preferred language (a community server's setting), in a guild. */
  guild_locale?: string;
  /** A component interaction: the message its button or menu was on. */
  message?: { id: string; channel_id?: string };
  data?: {
    name?: string;
    type?: number;
    /** `focused`: in an autocomplete interaction, the option being typed. */
    options?: { name: string; type: number; value?: unknown; focused?: boolean }[];
    custom_id?: string;
    values?: string[];
    /** A message context menu's target, and the resolved message; attachment options' files by id. */
    target_id?: string;
    resolved?: { messages?: Record<string, ApiMessage>; attachments?: Record<string, ApiAttachment> };
    /** A submitted modal's inputs. */
    components?: unknown[];
  };
}

/** The parts of a Discord message object we read. */
interface ApiMessage {
  id: string;
  content?: string;
  author?: { id: string };
  attachments?: ApiAttachment[];
}

export const InteractionType = { Ping: 1, Command: 2, Component: 3, Autocomplete: 4, ModalSubmit: 5 } as const;
const COMMAND_TYPE = { ChatInput: 1, Message: 3 } as const;
const ATTACHMENT_OPTION = 11;
const THREAD_CHANNEL_TYPES = new Set([10, 11, 12]);

/** Any of these makes a member a moderator: they may edit moderation, decide appeals, and are not moderated. */
const MODERATOR_PERMISSIONS =
  PermissionFlagsBits.Administrator |
  PermissionFlagsBits.ManageGuild |
  PermissionFlagsBits.ManageMessages |
  PermissionFlagsBits.ModerateMembers;

/** Whether a permission bitfield (a bigint, or the decimal string Discord sends) has moderation rights. */
export function hasModeratorPermissions(permissions: bigint | string | null | undefined): boolean {
  if (permissions === null || permissions === undefined || permissions === '') return false;
  try {
    return (BigInt(permissions) & MODERATOR_PERMISSIONS) !== 0n;
  } catch {
    return false;
  }
}

export interface InteractionSources {
  reply: Replier;
  /** The labels of message context menus, mapped to the skills that offer them. */
  messageActions: ReadonlyMap<string, string>;
  /** How attachments are fetched. */
  files: FileAccess;
  /**
   * Whether a thread's parent channel is age-restricted: a thread's payload does not say. Unknown (no lookup, or
   * the parent is not known) counts as not.
   */
  parentAgeRestricted?: ((parentId: string) => boolean | undefined) | undefined;
}

/**
 * An interaction payload as a platform-neutral event, or undefined for kinds we do not handle. The one path for
 * both transports (HTTP interactions and the gateway), so roles, moderator rights, locale, age restriction, guild
 * and thread can't drift apart.
 */
export function interactionToEvent(interaction: Interaction, sources: InteractionSources): IncomingEvent | undefined {
  const ctx = interactionContext(interaction, sources);
  const data = interaction.data;
  if (interaction.type === InteractionType.Command && data?.name) {
    const type = data.type ?? COMMAND_TYPE.ChatInput;
    if (type === COMMAND_TYPE.ChatInput) {
      // An attachment option's value is the id of a file in `resolved`: the file itself is the option.
      const resolved = data.resolved?.attachments ?? {};
      const file = (id: unknown) => resolved[String(id)];
      const options = Object.fromEntries(
        (data.options ?? []).map((o) => {
          const attached = o.type === ATTACHMENT_OPTION ? file(o.value) : undefined;
          return [o.name, attached ? apiFile(attached, sources.files) : o.value];
        }),
      );
      return { kind: 'command', name: data.name, options, ctx };
    }
    const message = data.target_id ? data.resolved?.messages?.[data.target_id] : undefined;
    if (type === COMMAND_TYPE.Message && message) {
      const name = sources.messageActions.get(data.name) ?? data.name;
      return { kind: 'message-action', name, target: targetOf(message, sources.files), ctx };
    }
    return undefined;
  }
  if (interaction.type === InteractionType.Component && data?.custom_id) {
    const [actionId, buttonValue] = splitCustomId(data.custom_id);
    return { kind: 'action', actionId, value: data.values?.[0] ?? buttonValue, ctx };
  }
  if (interaction.type === InteractionType.ModalSubmit && data?.custom_id) {
    const [actionId, value] = splitCustomId(data.custom_id);
    return { kind: 'action', actionId, value, fields: submittedFields(data.components), ctx };
  }
  return undefined;
}

function interactionContext(interaction: Interaction, sources: InteractionSources): EventContext {
  const userId = interaction.member?.user?.id ?? interaction.user?.id ?? 'unknown';
  const channel = interaction.channel;
  // In a thread the channel is the thread's parent and the thread its own id, as for messages.
  const parentId = channel && THREAD_CHANNEL_TYPES.has(channel.type) ? channel.parent_id : undefined;
  return {
    platform: 'discord',
    eventId: interaction.id,
    tenantId: interaction.guild_id ?? `dm:${userId}`,
    channelId: parentId ?? interaction.channel_id ?? channel?.id ?? 'unknown',
    threadId: parentId ? channel?.id : undefined,
    userId,
    roles: interaction.member?.roles ?? [],
    locale: interaction.locale ?? interaction.guild_locale,
    isModerator: hasModeratorPermissions(interaction.member?.permissions),
    ageRestricted: parentId ? (sources.parentAgeRestricted?.(parentId) ?? false) : channel?.nsfw === true,
    reply: sources.reply,
  };
}

/** Buttons carry their value in the custom id: "skill:action|value" (select menus send theirs in `values`). */
export function splitCustomId(customId: string): [actionId: string, value: string] {
  const [actionId = '', value = ''] = customId.split(/\|(.*)/s);
  return [actionId, value];
}

function targetOf(message: ApiMessage, files: FileAccess): TargetMessage {
  return {
    id: message.id,
    text: message.content ?? '',
    authorId: message.author?.id ?? 'unknown',
    attachments: (message.attachments ?? []).map((a) => apiFile(a, files)),
  };
}
