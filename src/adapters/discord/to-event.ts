import type { EventContext, IncomingEvent } from '../../core/event.js';
import type { Replier } from '../../core/reply.js';
import type { TargetMessage } from '../../skills/skill.js';
import type { FileAccess } from '../download.js';
import { type ApiAttachment, apiFile } from './files.js';
import { submittedFields } from './forms.js';

/** The parts of a Discord interaction payload we read (API v10). */
export interface Interaction {
  id: string;
  type: number;
  token: string;
  guild_id?: string;
  channel_id?: string;
  channel?: { id: string; type: number; parent_id?: string | null; nsfw?: boolean };
  member?: { user?: { id: string }; roles?: string[] };
  user?: { id: string };
  locale?: string;
  data?: {
    name?: string;
    type?: number;
    options?: { name: string; type: number; value?: unknown }[];
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

export const InteractionType = { Ping: 1, Command: 2, Component: 3, ModalSubmit: 5 } as const;
const COMMAND_TYPE = { ChatInput: 1, Message: 3 } as const;
const ATTACHMENT_OPTION = 11;
const THREAD_CHANNEL_TYPES = new Set([10, 11, 12]);

/**
 * An interaction as a platform-neutral event, or undefined for kinds we do not handle. `messageActions` maps the
 * labels of message context menus to the skills that offer them; `files` is how attachments are fetched.
 */
export function interactionToEvent(
  interaction: Interaction,
  reply: Replier,
  messageActions: ReadonlyMap<string, string>,
  files: FileAccess,
): IncomingEvent | undefined {
  const userId = interaction.member?.user?.id ?? interaction.user?.id ?? 'unknown';
  const channel = interaction.channel;
  const inThread = channel !== undefined && THREAD_CHANNEL_TYPES.has(channel.type) && Boolean(channel.parent_id);
  const ctx: EventContext = {
    platform: 'discord',
    eventId: interaction.id,
    tenantId: interaction.guild_id ?? `dm:${userId}`,
    channelId: (inThread ? channel?.parent_id : undefined) ?? interaction.channel_id ?? channel?.id ?? 'unknown',
    threadId: inThread ? channel?.id : undefined,
    userId,
    roles: interaction.member?.roles ?? [],
    locale: interaction.locale,
    // A thread's payload does not say whether its parent is age-restricted: threads count as not.
    ageRestricted: !inThread && channel?.nsfw === true,
    reply,
  };
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
          return [o.name, attached ? apiFile(attached, files) : o.value];
        }),
      );
      return { kind: 'command', name: data.name, options, ctx };
    }
    const message = data.target_id ? data.resolved?.messages?.[data.target_id] : undefined;
    if (type === COMMAND_TYPE.Message && message) {
      const name = messageActions.get(data.name) ?? data.name;
      return { kind: 'message-action', name, target: targetOf(message, files), ctx };
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
