/*
 * Who calls a skill and what they hand it: the caller, the files and messages a skill is given, a command's options.
 * Apart from skill.ts so that the ways skills are reached (reach.ts) can name them without a cycle.
 */

/** Who is asking, from where: what a skill run knows of the person and place an event (or API call) came from. */
export interface Caller {
  /** Adapter name: discord, slack, api, webhook, playground, … */
  platform: string;
  /** Discord guild, Slack workspace, API key owner. */
  tenantId: string;
  channelId: string;
  threadId?: string | undefined;
  userId: string;
  roles: readonly string[];
  locale?: string | undefined;
  /**
   * The platform says this user has moderation rights (Discord: Administrator, Manage Server, Manage Messages or
   * Moderate Members; Slack: workspace admins and owners).
   */
  isModerator?: boolean | undefined;
  /** The platform marks this channel age-restricted (a Discord channel marked NSFW); false where none exists. */
  ageRestricted?: boolean | undefined;
}

/** Every field of a Caller, once: the compiler fails here when Caller gains or loses one. */
const CALLER_FIELDS: { readonly [K in keyof Required<Caller>]: true } = {
  platform: true,
  tenantId: true,
  channelId: true,
  threadId: true,
  userId: true,
  roles: true,
  locale: true,
  isModerator: true,
  ageRestricted: true,
};

/** Just the Caller of something that is more (an event's context carries its replier, ids, platform actions). */
export function callerOf(from: Caller): Caller {
  const caller: Record<string, unknown> = {};
  for (const key of Object.keys(CALLER_FIELDS) as (keyof Caller)[]) caller[key] = from[key];
  return caller as unknown as Caller;
}

/**
 * A file saved for a skill to read (a voice note): streamed to a private temp file (mode 0600) while its sha256 is
 * computed, never more than the cap that was asked for. Whoever receives one must `remove()` it when done (a
 * `finally`); a save that fails leaves nothing behind.
 */
export interface TempFile {
  path: string;
  size: number;
  sha256: string;
  remove(): Promise<void>;
}

/** A file someone gave the bot (an attachment, a command option, an upload), before it is fetched. */
export interface IncomingFile {
  name: string;
  contentType?: string | undefined;
  size?: number | undefined;
  durationSecs?: number | undefined;
  /** The alt text its poster gave it (Discord's attachment description), if any. */
  description?: string | undefined;
  /**
   * Fetches it (from the platform's own hosts, with its credentials) into a TempFile. More than `maxBytes` is
   * refused with `payload_too_large`, whatever the announced size.
   */
  saveTemp?: ((maxBytes: number) => Promise<TempFile>) | undefined;
}

/** The message a "message action" (Discord message context menu, Slack message shortcut) was used on. */
export interface TargetMessage {
  id: string;
  text: string;
  authorId: string;
  attachments: ({ url: string } & IncomingFile)[];
}

export type OptionType = 'string' | 'integer' | 'number' | 'boolean' | 'attachment' | 'user' | 'channel';

export interface CommandOption {
  name: string;
  description: string;
  type: OptionType;
  required?: boolean;
  choices?: readonly string[];
}
