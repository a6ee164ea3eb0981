import type { z } from 'zod';
import type { Logger } from '../log.js';
import type { ModelSpec } from '../runtime/models.js';
import type { Caller } from './caller.js';
import type { Reach } from './reach.js';

export {
  type Caller,
  type CommandOption,
  callerOf,
  type IncomingFile,
  type OptionType,
  type TargetMessage,
  type TempFile,
} from './caller.js';

/**
 * A skill is a capability people call by a command, a mention, an upload or the API. It takes validated input
 * and returns a value; how that value looks in chat is `render`'s business, how it looks over HTTP is JSON.
 * Skills never see a platform: no discord.js, Bolt or hono here.
 */
export interface SkillContext extends Caller {
  signal: AbortSignal;
  log: Logger;
  /** Shows interim progress to the person waiting (an edit of the deferred reply, an SSE event, …). */
  progress(update: SkillReply): Promise<void>;
  /** Whether this user may run `skill` here (role gates); help uses it to list only usable commands. */
  allowed(skill: string): Promise<boolean>;
  /** Passive work nobody asked for (moderation of channel traffic), run at background priority. */
  background: boolean;
  /**
   * As the Caller says; false where the adapter did not look it up (Slack's channel traffic): `actions.isModerator`
   * asks when it matters.
   */
  isModerator: boolean;
  /** What the skill may do on the platform here; each is present only where the adapter supports it. */
  actions: PlatformActions;
}

/** What moderation may do to a member of the server, beyond their messages. */
export type MemberStep = 'timeout' | 'kick' | 'ban';

/**
 * Platform capabilities for skills that act (moderation). The message ones act on the message the event is
 * about; the member ones on a member of the same server (the author, or whoever a moderator names); `dm` and
 * `post` reach a user or a channel of the same server.
 */
export interface PlatformActions {
  react?(emoji: string): Promise<void>;
  remove?(): Promise<void>;
  /**
   * Removes the message and posts `reply` in its place, its files behind spoilers; only where the platform can hide
   * files (Discord). Image moderation's `spoiler` action.
   */
  replaceHidden?(reply: SkillReply): Promise<void>;
  /**
   * Whether this member has moderation rights here, looked up on demand (Slack asks its API, cached): moderation
   * asks only about the authors of flagged messages, not about every message.
   */
  isModerator?(userId: string): Promise<boolean>;
  /**
   * Why the bot may not take `step` against the member (they own the server, their highest role is at or above the
   * bot's, the bot lacks the permission, they are not a member), or undefined when it may. Asked before acting.
   */
  refusal?(step: MemberStep, userId: string): Promise<string | undefined>;
  /** Mutes a member for a while. */
  timeout?(userId: string, minutes: number, reason: string): Promise<void>;
  /** Removes a member from the server (they may join again). */
  kick?(userId: string, reason: string): Promise<void>;
  /** Removes a member from the server for good. */
  ban?(userId: string, reason: string): Promise<void>;
  dm?(userId: string, reply: SkillReply): Promise<void>;
  /**
   * The language to write to `userId` in (a DM about their case): their own where the platform tells it (Slack),
   * else the server's (Discord's preferred locale); undefined when unknown.
   */
  localeOf?(userId: string): Promise<string | undefined>;
  /** The language the community uses (Discord's preferred locale), for posts to all, such as the mod channel. */
  communityLocale?(): Promise<string | undefined>;
  post?(channelId: string, reply: SkillReply): Promise<void>;
  /** On a button press: deletes the bot's message the button was on (and the files posted with it). */
  removeReply?(): Promise<void>;
  /**
   * The latest `limit` (at most MAX_HISTORY) messages of a thread, or of a channel outside its threads, oldest
   * first, the bot's own included. Present where the bot may read the conversation (not over the API).
   */
  history?(where: { channelId: string; threadId?: string | undefined }, limit: number): Promise<HistoryMessage[]>;
  /**
   * Whether `userId` may read `channelId` of this server (Discord: View Channel there, from their roles and the
   * channel's permission overwrites; Slack: a member of the conversation, or of the workspace for public ones).
   * False for channels that no longer exist or people who left; throws when the platform could not be asked.
   * Adapters cache answers briefly. Absent where the platform cannot say: knowledge imported from channels is then
   * left out of answers.
   */
  canRead?(userId: string, channelId: string): Promise<boolean>;
}

/** How far back `history` reads: enough for a summary, few API pages (Discord 100 a page, Slack 200) to be quick. */
export const MAX_HISTORY = 200;

/** One message of a conversation, as `PlatformActions.history` returns it. */
export interface HistoryMessage {
  id: string;
  authorId: string;
  /** The name people see (a display name), when the platform says. */
  authorName?: string | undefined;
  /** Plain text: mentions as names where known; attachments and embeds as short notes. */
  text: string;
  /** ISO 8601. */
  at: string;
  /** Written by a bot (this one included): its answers are part of a conversation too. */
  isBot: boolean;
}

export interface SkillFile {
  name: string;
  contentType: string;
  data: Uint8Array;
  /** Alt text / description shown by the platform. */
  description?: string | undefined;
  /**
   * Shown only when someone chooses to (a Discord spoiler). Platforms that cannot hide a file withhold it and say
   * so rather than show it.
   */
  spoiler?: boolean | undefined;
}

export interface SkillButton {
  /** `${skill}:${action}`; routed back to the skill as an action event. */
  actionId: string;
  label: string;
  value: string;
  style?: 'primary' | 'secondary' | 'danger';
}

/** A single-choice menu; the chosen option's value comes back to the skill as an action (`${skill}:${action}`). */
export interface SkillMenu {
  actionId: string;
  placeholder: string;
  options: { label: string; value: string; description?: string }[];
}

export interface SkillFormField {
  id: string;
  label: string;
  style?: 'short' | 'paragraph';
  required?: boolean;
  placeholder?: string;
  /** Pre-filled text. */
  value?: string;
  maxLength?: number;
}

/**
 * A form the person fills in (a Discord or Slack modal). Its submission comes back to the skill as the action
 * `actionId` with `value` and the answers in `fields`. Platforms only open forms in direct answer to a click or command, so
 * when that moment has passed adapters show a button that opens it.
 */
export interface SkillForm {
  actionId: string;
  /** Comes back with the submission as the action's value (what the form is about, say a case number). */
  value?: string;
  title: string;
  fields: SkillFormField[];
}

/** What a skill wants shown in chat; adapters turn it into messages, embeds, blocks, files, menus and modals. */
export interface SkillReply {
  text: string;
  fields?: { name: string; value: string }[];
  files?: SkillFile[];
  buttons?: SkillButton[];
  menu?: SkillMenu;
  form?: SkillForm;
  ephemeral?: boolean;
  /**
   * Who this reply pings on purpose, by exact id (say, the moderator role in a case report); adapters put the
   * mentions in front of the text. Nothing else a reply says pings anyone: user text naming @everyone, roles or
   * people is shown, never delivered as a ping.
   */
  ping?: { users?: readonly string[]; roles?: readonly string[] };
}

/** A button press, menu choice or form submission on one of a skill's replies. */
export interface SkillAction {
  /** The part of the action id after `${skill}:`. */
  name: string;
  value: string;
  /** A submitted form's answers by field id. */
  fields?: Record<string, string> | undefined;
}

/** Something that happened, for outbound webhooks (`image.ready`, `transcript.ready`, …): its type and JSON data. */
export interface SkillEvent {
  type: string;
  data: Record<string, unknown>;
}

/**
 * What a skill does on a platform beyond answering where it was asked (every skill replies, in threads too, with
 * embeds). Adapters turn these into what they must be granted: Discord permissions for the invite link, Slack
 * scopes for the manifest.
 */
export type PlatformNeed =
  /** Reads channel traffic nobody addressed to the bot (moderation, thread follow-ups, voice notes). */
  | 'message-content'
  /** Reads earlier messages of a channel or thread (summaries, thread history, imports). */
  | 'history'
  /** Posts files (images, transcripts). */
  | 'files'
  /** Starts threads on members' messages to answer there (flag-reaction translations). */
  | 'threads'
  | 'react'
  | 'delete-messages'
  | 'timeout-members'
  | 'kick-members'
  | 'ban-members';

export interface Skill<I = unknown, O = unknown> {
  readonly name: string;
  /** One line, shown in /help and in the platform's command picker. */
  readonly description: string;
  readonly models: readonly ModelSpec[];
  /** Validates command options and API bodies alike. */
  readonly input: z.ZodType<I>;
  /** The result's shape, for the OpenAPI document (skills whose result is documented). */
  readonly output?: z.ZodType;
  /** How people reach it from chat: a slash command, a message action, mentions, voice notes, channel traffic, … */
  readonly reach?: readonly Reach<O>[];
  /** The description in other languages, by Discord locale (`de`, `fr`, `es-ES`, `ja`, …). */
  readonly descriptionLocalizations?: Readonly<Record<string, string>>;
  /** Defer at once instead of after the router's short wait (for skills that always take seconds). */
  readonly slow?: boolean;
  /** What it must be granted on a platform beyond replying (for the invite link and the Slack manifest). */
  readonly needs?: readonly PlatformNeed[];
  run(input: I, ctx: SkillContext): Promise<O>;
  /** Handles a button press, menu choice or form submission on one of this skill's replies. */
  act?(action: SkillAction, ctx: SkillContext): Promise<O>;
  /** `locale`: the reader's (any platform's tag), for the skill's own notices; model output is never translated. */
  render(output: O, locale?: string | undefined): SkillReply;
  /**
   * The member's own words this output shows publicly (a transcript, the text an entity reply highlights, an image
   * prompt): the core holds them to the channel's moderation policy before posting, as if the member had posted
   * them.
   */
  echoes?(output: O): string | undefined;
  /** What outbound webhooks hear of a successful run or action, if anything (`tenantId` is the caller's). */
  event?(output: O): SkillEvent | undefined;
}

/**
 * Whom per-person limits count against: a person on a platform (in one server: Slack ids are per workspace), or
 * an API key, whatever tenant it acts for (so naming another tenant never buys more).
 */
export function limitSubject(caller: { platform: string; tenantId: string; userId: string }): string {
  return caller.platform === 'api' ? `api:${caller.userId}` : `${caller.platform}:${caller.tenantId}:${caller.userId}`;
}

/** Erases a skill's types for the table; input is parsed by the skill's own schema before `run`. */
// biome-ignore lint/suspicious/noExplicitAny: the table holds skills of every input/output type.
export type AnySkill = Skill<any, any>;
