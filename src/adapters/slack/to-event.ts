import type { CommandSpec } from '../../core/bot.js';
import type { Attachment } from '../../core/event.js';
import { type FileAccess, platformFile } from '../../net/download.js';
import { isAudioFile } from '../../skills/audio-file.js';

/** The parts of a Slack file object we read. */
export interface SlackFile {
  id: string;
  name?: string;
  mimetype?: string;
  subtype?: string;
  size?: number;
  duration_ms?: number;
  url_private?: string;
  url_private_download?: string;
  /** The alt text its poster gave an image. */
  alt_txt?: string;
}

/**
 * Slack audio clips arrive as slack_audio files, usually audio/mp4 or audio/webm, and sometimes labelled video/mp4;
 * any other audio upload counts too (by type or name). Video clips (slack_video) do not.
 */
export function isAudio(file: SlackFile): boolean {
  if (file.subtype === 'slack_video') return false;
  return file.subtype === 'slack_audio' || isAudioFile({ name: file.name ?? '', contentType: file.mimetype });
}

/** A Slack file as the core sees it, fetchable with the bot token. */
export function attachmentOf(file: SlackFile, access: FileAccess): Attachment {
  // An audio clip labelled video/mp4 is still audio: saying so lets skills pick it out (decoding trusts the bytes).
  const type =
    file.subtype === 'slack_audio' ? (file.mimetype?.replace(/^video\//, 'audio/') ?? 'audio/mp4') : file.mimetype;
  return platformFile(
    {
      id: file.id,
      name: file.name ?? file.id,
      url: file.url_private_download ?? file.url_private ?? '',
      contentType: type,
      size: file.size,
      durationSecs: file.duration_ms !== undefined ? file.duration_ms / 1000 : undefined,
      description: file.alt_txt,
    },
    access,
  );
}

/** Message subtypes that are people writing; everything else (joins, edits, bot posts) is not moderated. */
const PEOPLE_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

export function isPersonMessage(message: { subtype?: string; bot_id?: string; user?: string }, botUserId?: string) {
  return (
    PEOPLE_SUBTYPES.has(message.subtype) && !message.bot_id && message.user !== undefined && message.user !== botUserId
  );
}

/** A leading user mention, tried at the start only (sticky): `<@U…>` or `<@U…|label>`. */
const LEADING_MENTION = /<@[UW][A-Z0-9]+(?:\|[^<>]*)?>/y;

/**
 * The text of an @-mention without the bot's own mention (the first one, when the bot's id is not known yet).
 * Linear in the text whatever it holds: a label stops at the next `<` (Slack escapes it in text), so an unclosed
 * `<@U…|` repeated thousands of times cannot make each attempt scan to the end.
 */
export function mentionText(text: string, botUserId?: string): string {
  if (!botUserId) {
    const rest = text.trimStart();
    LEADING_MENTION.lastIndex = 0;
    return (LEADING_MENTION.test(rest) ? rest.slice(LEADING_MENTION.lastIndex) : rest).trim();
  }
  const own = new RegExp(`<@${botUserId.replace(/[^A-Za-z0-9]/g, '')}(?:\\|[^<>]*)?>`, 'g');
  return text.replace(own, '').trim();
}

/**
 * A slash command's text as options. Slack sends one string, so `name:value` (or `name=value`, quoted when it
 * has spaces) sets a named option and the remaining words go to the command's first string option.
 */
export function commandOptions(text: string, spec: CommandSpec | undefined): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  const names = new Set(spec?.options.map((o) => o.name));
  const rest = text
    .replace(/(?<=^|\s)(\w+)[:=](?:"([^"]*)"|(\S+))/g, (word, name: string, quoted?: string, bare?: string) => {
      if (!names.has(name)) return word;
      options[name] = coerce(quoted ?? bare ?? '', spec, name);
      return '';
    })
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
  // Free words fill string options in order: an option with choices takes one word that is one of them
  // (`/moderation mod-channel #mods`), the next string option takes the rest.
  let free = rest;
  for (const option of spec?.options ?? []) {
    if (option.type !== 'string' || options[option.name] !== undefined || free === '') continue;
    if (option.choices) {
      const word = free.split(/\s+/)[0] ?? '';
      if (!option.choices.includes(word)) continue;
      options[option.name] = word;
      free = free.slice(word.length).trim();
    } else {
      options[option.name] = free;
      free = '';
    }
  }
  if (free) options.text = free;
  return options;
}

function coerce(value: string, spec: CommandSpec | undefined, name: string): unknown {
  const type = spec?.options.find((o) => o.name === name)?.type;
  if (type === 'integer' || type === 'number') return Number(value);
  if (type === 'boolean') return /^(true|yes|1|on)$/i.test(value);
  return value;
}
