import { type Client, DiscordAPIError, type GuildMember, PermissionFlagsBits } from 'discord.js';
import { TtlCache } from '../ttl-cache.js';

/** How long a member's roles are trusted (channel overwrites and roles stay current through gateway events). */
const MEMBER_TTL_MS = 60_000;
const MAX_MEMBERS = 5_000;

/** Unknown Channel, Unknown Guild, Unknown Member, Unknown User: nothing there to read, or nobody to read it. */
const GONE = new Set([10003, 10004, 10007, 10013]);

/** One member cache per client: a reconnect makes a new client, and its cache with it. */
const membersByClient = new WeakMap<Client, TtlCache<Promise<GuildMember | undefined>>>();

/**
 * Whether a member may view a channel of the guild, as Discord decides it: discord.js' `permissionsFor` over the
 * guild's roles and the channel's permission overwrites (both kept current by the Guilds intent's events), for the
 * member's roles (fetched over REST, since the bot has no member intent, and cached for a minute). Administrators
 * and the owner see everything. A DM is readable by its recipient only. Channels or members Discord no longer
 * knows are unreadable; other failures throw (the caller leaves the passage out).
 */
export async function discordCanRead(
  client: Client,
  guildId: string | null | undefined,
  userId: string,
  channelId: string,
): Promise<boolean> {
  try {
    if (!guildId) {
      const channel = await client.channels.fetch(channelId);
      return Boolean(channel?.isDMBased() && 'recipientId' in channel && channel.recipientId === userId);
    }
    const guild = client.guilds.cache.get(guildId) ?? (await client.guilds.fetch(guildId));
    const channel = guild.channels.cache.get(channelId) ?? (await guild.channels.fetch(channelId));
    if (!channel) return false;
    const member = await memberOf(client, guildId, userId);
    if (!member) return false;
    return channel.permissionsFor(member).has(PermissionFlagsBits.ViewChannel);
  } catch (error) {
    if (error instanceof DiscordAPIError && GONE.has(Number(error.code))) return false;
    throw error;
  }
}

function memberOf(client: Client, guildId: string, userId: string): Promise<GuildMember | undefined> {
  let members = membersByClient.get(client);
  if (!members) {
    members = new TtlCache(MEMBER_TTL_MS, MAX_MEMBERS);
    membersByClient.set(client, members);
  }
  return members.getOrLoad(`${guildId}/${userId}`, async () => {
    const guild = client.guilds.cache.get(guildId) ?? (await client.guilds.fetch(guildId));
    // Forced: discord.js' own member cache is not updated without the members intent, so it could be stale.
    return guild.members.fetch({ user: userId, force: true }).catch((error: unknown) => {
      if (error instanceof DiscordAPIError && GONE.has(Number(error.code))) return undefined;
      throw error;
    });
  });
}
