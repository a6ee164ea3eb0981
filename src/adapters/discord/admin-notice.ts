import { type Client, PermissionFlagsBits } from 'discord.js';
import type { Logger } from '../../log.js';
import { permissionLabel } from './invite.js';

/** What the bot needs in a channel to answer there. */
const NEEDED = [
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.SendMessagesInThreads,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.AttachFiles,
  PermissionFlagsBits.ReadMessageHistory,
];

/**
 * Tells the server's owner, by DM, which permissions the bot lacks in a channel that keeps refusing it: the
 * people answered there see nothing, so someone who can fix it must hear about it. Best effort; failures are logged.
 */
export async function tellGuildOwner(client: Client, channelId: string, log: Logger): Promise<void> {
  try {
    const channel = client.channels.cache.get(channelId);
    if (!channel || channel.isDMBased()) return;
    const { guild } = channel;
    const me = guild.members.me ?? (await guild.members.fetchMe());
    const missing = channel.permissionsFor(me)?.missing(NEEDED) ?? [];
    const what = missing.length
      ? `I'm missing ${missing.map(permissionLabel).join(', ')} there`
      : 'Discord refuses my messages there (a permission override or a channel setting)';
    const owner = await guild.fetchOwner();
    await owner.send(
      `Hi! People in <#${channelId}> on **${guild.name}** asked me for something, but I can't answer them: ${what}. ` +
        'A server admin can grant it under Channel settings → Permissions. I will try that channel again in 10 minutes.',
    );
    log.info({ channelId, guildId: guild.id, missing }, 'told the server owner about missing permissions');
  } catch (err) {
    log.warn({ err, channelId }, 'could not tell the server owner about missing permissions');
  }
}
