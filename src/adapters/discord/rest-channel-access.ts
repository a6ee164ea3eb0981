import { DiscordAPIError, PermissionFlagsBits, type REST, Routes } from 'discord.js';
import { TtlCache } from '../ttl-cache.js';

/** How long Discord's answers (a guild's roles, a channel's overwrites, a member's roles) are trusted. */
const TTL_MS = 60_000;
const MAX_ENTRIES = 5_000;
/** Unknown Channel, Unknown Guild, Unknown Member, Unknown User. */
const GONE = new Set([10003, 10004, 10007, 10013]);
const THREAD_TYPES = new Set([10, 11, 12]);

interface ApiRole {
  id: string;
  permissions: string;
}
interface ApiOverwrite {
  id: string;
  type: number;
  allow: string;
  deny: string;
}
interface ApiChannel {
  id: string;
  type: number;
  guild_id?: string;
  parent_id?: string | null;
  permission_overwrites?: ApiOverwrite[];
  recipients?: { id: string }[];
}

/**
 * Who may view which channel, for the HTTP-interactions transport (no gateway, so no discord.js cache): the guild's
 * roles, the channel's permission overwrites and the member's roles over REST, each cached for a minute, combined
 * the way Discord documents it (base permissions from @everyone and the member's roles; owner and Administrator see
 * everything; then the @everyone overwrite, the roles' overwrites together, the member's own). A thread is
 * viewed through its parent; a DM by its recipients.
 */
export class RestChannelAccess {
  private readonly cache = new TtlCache<Promise<unknown>>(TTL_MS, MAX_ENTRIES);

  constructor(private readonly rest: REST) {}

  async canRead(guildId: string | undefined, userId: string, channelId: string): Promise<boolean> {
    try {
      let channel = await this.get<ApiChannel>(Routes.channel(channelId));
      if (!guildId) return Boolean(channel.recipients?.some((r) => r.id === userId));
      if (channel.guild_id !== guildId) return false;
      if (THREAD_TYPES.has(channel.type) && channel.parent_id) {
        channel = await this.get<ApiChannel>(Routes.channel(channel.parent_id));
      }
      const [guild, member] = await Promise.all([
        this.get<{ owner_id: string; roles: ApiRole[] }>(Routes.guild(guildId)),
        this.get<{ roles: string[] }>(Routes.guildMember(guildId, userId)),
      ]);
      if (guild.owner_id === userId) return true;
      return (viewPermissions(guildId, userId, guild.roles, member.roles, channel) & VIEW) === VIEW;
    } catch (error) {
      if (error instanceof DiscordAPIError && GONE.has(Number(error.code))) return false;
      throw error;
    }
  }

  private get<T>(route: `/${string}`): Promise<T> {
    return this.cache.getOrLoad(route, () => this.rest.get(route)) as Promise<T>;
  }
}

const VIEW = PermissionFlagsBits.ViewChannel;
const ALL = (1n << 64n) - 1n;

/** A member's permissions in a channel (Discord's documented computation), as a bitfield. */
export function viewPermissions(
  guildId: string,
  userId: string,
  roles: readonly ApiRole[],
  memberRoles: readonly string[],
  channel: ApiChannel,
): bigint {
  const mine = new Set(memberRoles);
  let base = 0n;
  for (const role of roles) if (role.id === guildId || mine.has(role.id)) base |= BigInt(role.permissions);
  if (base & PermissionFlagsBits.Administrator) return ALL;
  const overwrites = channel.permission_overwrites ?? [];
  const everyone = overwrites.find((o) => o.id === guildId);
  if (everyone) base = (base & ~BigInt(everyone.deny)) | BigInt(everyone.allow);
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type !== 0 || o.id === guildId || !mine.has(o.id)) continue;
    allow |= BigInt(o.allow);
    deny |= BigInt(o.deny);
  }
  base = (base & ~deny) | allow;
  const own = overwrites.find((o) => o.type === 1 && o.id === userId);
  if (own) base = (base & ~BigInt(own.deny)) | BigInt(own.allow);
  return base;
}
