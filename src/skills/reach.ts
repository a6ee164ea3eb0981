import type { Caller, CommandOption, IncomingFile, TargetMessage } from './caller.js';
import type { PlatformModerationRecord } from './moderation/store.js';

/** What a mention of the bot said: its text without the mention, and the files attached to it. */
export interface Mention {
  text: string;
  attachments: readonly IncomingFile[];
}

/** A message carrying audio: a voice message recorded in the app, or (`upload`) an audio file someone attached. */
export interface VoiceNote {
  attachment: IncomingFile;
  upload: boolean;
}

/**
 * An image posted to a channel (an attachment, or an embed's image served from the platform's own media hosts), as
 * the skills that look at posted images get it.
 */
export interface PostedImage extends IncomingFile {
  /** The platform's id of the file, or the embed image's URL: one image is looked at once. */
  id: string;
  /** The bytes, fetched with the platform's credentials from its own hosts only, at most `maxBytes`. */
  download?: ((maxBytes: number) => Promise<Uint8Array>) | undefined;
}

/**
 * One way people reach a skill from chat, declared by the skill (its `reach` list). The router matches events
 * against these and runs what they pick, knowing no skill by name. Every `input` builds the skill's raw input,
 * which the skill's own schema then validates, as for the API. The API reaches every skill by name.
 *
 * A button, menu or form on a skill's reply reaches the skill that made it (its action id starts with the skill's
 * name), through `act`. Room for more kinds — a reaction on a message, a message edited — each a
 * new member here and a case in core/reach.ts.
 */
export type Reach<O = unknown> =
  /** A slash command of the skill's name (Discord application command, Slack slash command). */
  | { readonly kind: 'command'; readonly options: readonly CommandOption[] }
  /** Offered on messages ("Tag entities"): `label` is what people see, `input` turns the message into input. */
  | { readonly kind: 'message-action'; readonly label: string; input(target: TargetMessage): unknown }
  /**
   * A mention of the bot. One with `matches` takes the mentions whose text it matches, before those without
   * ("@bot tl;dr"); the first without takes every other mention (questions).
   */
  | { readonly kind: 'mention'; readonly matches?: RegExp; input(mention: Mention, caller: Caller): unknown }
  /** A voice note posted where `wants` says this channel has them handled unasked. */
  | {
      readonly kind: 'voice-note';
      wants(caller: Caller, note: VoiceNote): Promise<boolean>;
      input(note: VoiceNote): unknown;
    }
  /**
   * What members write to a channel, held to a policy where `on` says it applies: the skill runs in the background
   * on each such message (and on mentions, and on whatever a reply would repeat of a member's words, before it is
   * shown), and a run whose output `removes` the words keeps anything from answering or repeating them.
   */
  | {
      readonly kind: 'channel-traffic';
      on(caller: Caller): Promise<boolean>;
      /** `source`: the message the text is (platform and event id), so one message is judged once. */
      input(text: string, source: string): unknown;
      removes(output: O): boolean;
      /** Told to the caller alone when a reply is withheld because it would repeat words this removes. */
      readonly withheld: string;
    }
  /**
   * A message posted to a channel, not addressed to the bot, that `wants` answers unasked (auto-translation), after
   * the judges and unless a follow-up takes it. Nothing from bots arrives here.
   */
  | {
      readonly kind: 'channel-message';
      wants(caller: Caller, text: string): Promise<unknown>;
      input(text: string, wanted: unknown): unknown;
    }
  /** A message in a thread, not addressed to the bot, that `wants` takes as a follow-up (a thread it answered). */
  | { readonly kind: 'follow-up'; wants(caller: Caller, text: string): Promise<boolean>; input(text: string): unknown }
  /**
   * Each image posted to a channel where `wants` takes it (not edits: an image is looked at once). Those that do
   * not `answer` look first, in the background, as judges (image moderation): one whose output `removes` the message
   * stops the others. Those that `answer` then reply to the message (alt text), unasked; a failure is logged, not
   * told, since nobody asked.
   */
  | {
      readonly kind: 'image';
      readonly answers: boolean;
      wants(caller: Caller, image: PostedImage): Promise<boolean>;
      /** `source`: the message the image came with (platform and event id) and the image's id. */
      input(image: PostedImage, source: string): unknown;
      removes?(output: O): boolean;
    }
  /**
   * An emoji reaction someone added to a message, where `wants` takes the emoji: the skill answers in a thread on
   * the message. Once per message and request: `key` says what the emoji asks for (🇬🇧 and 🇺🇸 both "en"; without
   * it, the emoji itself), and the router claims the event under the message and that key, so the same request
   * again (by anyone, by another emoji meaning it, or two at once) is a redelivery and answers nothing.
   */
  | {
      readonly kind: 'reaction';
      wants(emoji: string): boolean;
      key?(emoji: string): string;
      input(emoji: string, target: TargetMessage): unknown;
    }
  /** Moderation the platform did or saw (AutoMod, a moderator's ban), recorded in the background. */
  | { readonly kind: 'moderation-record'; input(record: PlatformModerationRecord): unknown };

export type ReachKind = Reach['kind'];
export type ReachOf<K extends ReachKind, O = unknown> = Extract<Reach<O>, { kind: K }>;

/** The skill's first declared way of being reached of `kind`, if any. */
// biome-ignore lint/suspicious/noExplicitAny: any skill's reach list, whatever its output type.
export function reachOf<K extends ReachKind>(skill: { readonly reach?: readonly Reach<any>[] }, kind: K) {
  return skill.reach?.find((r): r is ReachOf<K> => r.kind === kind);
}
