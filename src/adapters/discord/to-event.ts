import type { EventContext, IncomingEvent } from '../../core/event.js';
import type { Replier } from '../../core/reply.js';

/** The parts of a Discord interaction payload we read (API v10). */
export interface Interaction {
  id: string;
  type: number;
  token: string;
  guild_id?: string;
  channel_id?: string;
  channel?: { id: string; type: number; parent_id?: string | null };
  member?: { user?: { id: string }; roles?: string[] };
  user?: { id: string };
  locale?: string;
  data?: {
    name?: string;
    type?: number;
    options?: { name: string; type: number; value?: unknown }[];
    custom_id?: string;
    values?: string[];
  };
}

export const InteractionType = { Ping: 1, Command: 2, Component: 3 } as const;
const THREAD_CHANNEL_TYPES = new Set([10, 11, 12]);

/** An interaction as a platform-neutral event, or undefined for kinds we do not handle. */
export function interactionToEvent(interaction: Interaction, reply: Replier): IncomingEvent | undefined {
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
    reply,
  };
  const data = interaction.data;
  if (interaction.type === InteractionType.Command && data?.name && (data.type ?? 1) === 1) {
    const options = Object.fromEntries((data.options ?? []).map((o) => [o.name, o.value]));
    return { kind: 'command', name: data.name, options, ctx };
  }
  if (interaction.type === InteractionType.Component && data?.custom_id) {
    // Buttons carry their value in the custom id ("skill:action|value"); select menus in `values`.
    const [actionId = '', buttonValue = ''] = data.custom_id.split(/\|(.*)/s);
    return { kind: 'action', actionId, value: data.values?.[0] ?? buttonValue, ctx };
  }
  return undefined;
}
