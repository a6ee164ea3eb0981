import type { Attachment as DiscordAttachment } from 'discord.js';
import type { Attachment } from '../../core/event.js';
import { type FileAccess, platformFile } from '../../net/download.js';

/** Where Discord serves attachments; files are fetched from nowhere else. */
const DISCORD_FILE_HOSTS = ['cdn.discordapp.com', 'media.discordapp.net'];

/** Discord's file hosts plus the configured API host (a REST proxy, or a test's fake Discord). */
export function discordFileAccess(apiUrl: string): FileAccess {
  return { allowedHosts: [...DISCORD_FILE_HOSTS, new URL(apiUrl).host] };
}

/** An attachment as discord.js gives it (messages, command options), fetchable by skills. */
export function gatewayFile(a: DiscordAttachment, access: FileAccess): Attachment {
  const meta = { id: a.id, name: a.name, url: a.url, contentType: a.contentType ?? undefined, size: a.size };
  return platformFile(
    { ...meta, durationSecs: a.duration ?? undefined, description: a.description ?? undefined },
    access,
  );
}

/** The parts of a Discord attachment object we read (API v10: HTTP interactions' resolved data). */
export interface ApiAttachment {
  id: string;
  filename: string;
  url: string;
  content_type?: string;
  size?: number;
  /** Voice messages only. */
  duration_secs?: number;
  /** The alt text its poster gave. */
  description?: string;
}

/** A raw attachment object (HTTP interactions), fetchable by skills. */
export function apiFile(a: ApiAttachment, access: FileAccess): Attachment {
  const meta = { id: a.id, name: a.filename, url: a.url, contentType: a.content_type, size: a.size };
  return platformFile({ ...meta, durationSecs: a.duration_secs, description: a.description }, access);
}

type EmbedWithImages = { image?: { url: string } | null; thumbnail?: { url: string } | null };

/**
 * The images of a message's embeds that Discord itself serves (a link to a file posted elsewhere on Discord): they
 * are posted images too. Images from other hosts are not fetched: the bot must not be made to call arbitrary URLs
 * (nor to tell a tracker it looked).
 */
export function embedImages(embeds: readonly EmbedWithImages[], access: FileAccess): Attachment[] {
  const own = new Set(DISCORD_FILE_HOSTS);
  // A link to an image makes an embed whose picture is its thumbnail; a rich embed has an image.
  return embeds.flatMap(({ image, thumbnail }) => {
    const picture = image ?? thumbnail;
    const url = picture?.url ? URL.parse(picture.url) : null;
    if (url?.protocol !== 'https:' || !own.has(url.host)) return [];
    // The file name as posted (skills sniff the bytes, never trust it): kept encoded when it is not valid UTF-8.
    const last = url.pathname.split('/').pop() || 'image';
    const name = safeDecode(last);
    return [platformFile({ id: url.href, name, url: url.href }, access)];
  });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
