import type { PlatformModerationRecord } from '../skills/moderation/store.js';
import type { Caller, IncomingFile, PlatformActions, TargetMessage } from '../skills/skill.js';
import type { Replier } from './reply.js';

export interface Attachment extends IncomingFile {
  id: string;
  url: string;
  /** The bytes, fetched with the platform's credentials from its own hosts only, reading at most `maxBytes`. */
  download?: ((maxBytes: number) => Promise<Uint8Array>) | undefined;
}

/** An event's Caller, with what the router needs to answer it. */
export interface EventContext extends Caller {
  /** The platform's own id for this delivery; redeliveries carry the same id. */
  eventId: string;
  /** What skills may do on the platform for this event (react, remove, timeout, DM, post). */
  actions?: PlatformActions | undefined;
  reply: Replier;
}

/** What every adapter produces. `message` is passive traffic (moderation); the others address the bot. */
export type IncomingEvent =
  | { kind: 'command'; name: string; options: Record<string, unknown>; ctx: EventContext }
  /** A skill's message action used on `target` (a context menu, a message shortcut). */
  | { kind: 'message-action'; name: string; target: TargetMessage; ctx: EventContext }
  | { kind: 'mention'; text: string; attachments: Attachment[]; ctx: EventContext }
  /**
   * Channel traffic. `edited`: the message was edited into this text (moderated again, never answered as a
   * follow-up); its eventId is the edit's own, so each edit is judged once.
   */
  | { kind: 'message'; text: string; attachments: Attachment[]; edited?: boolean | undefined; ctx: EventContext }
  /**
   * A message carrying audio: a voice message recorded in the app (Discord's flag 8192, a Slack audio clip) or,
   * with `upload`, an audio file someone attached. The channel's `transcribe.auto` decides whether it is
   * transcribed; when not, it is the 'message' it also is (`text`, `attachments`: moderation still reads it).
   */
  | {
      kind: 'voice-note';
      attachment: Attachment;
      upload?: boolean | undefined;
      text?: string | undefined;
      attachments?: Attachment[] | undefined;
      ctx: EventContext;
    }
  /** Someone added the reaction `emoji` (a Unicode emoji, or <:name:id>) to `target`: answered in a thread on it. */
  | { kind: 'reaction'; emoji: string; target: TargetMessage; ctx: EventContext }
  /** The platform reports moderation it did or saw (AutoMod, a moderator's action): logged like our own cases. */
  | { kind: 'moderation-record'; record: PlatformModerationRecord; ctx: EventContext }
  | {
      kind: 'action';
      actionId: string;
      value: string;
      /** A submitted form's answers. */
      fields?: Record<string, string> | undefined;
      ctx: EventContext;
    };

/** Events in one thread (or one channel, outside threads) are handled in order. */
export function orderingKey(ctx: EventContext): string {
  return [ctx.platform, ctx.tenantId, ctx.channelId, ctx.threadId ?? ''].join('\u0000');
}

/**
 * Whether someone addressed the bot and waits for an answer or a reason. Channel traffic and the platform's own
 * records address nobody; neither does an audio file merely shared in a channel, unless the channel has it
 * handled unasked (known only later).
 */
export function addressesBot(event: IncomingEvent): boolean {
  const passive = event.kind === 'message' || event.kind === 'moderation-record';
  return !passive && !(event.kind === 'voice-note' && event.upload);
}
