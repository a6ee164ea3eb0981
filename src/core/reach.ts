import type { LocalText } from '../i18n/index.js';
import { isImageFile } from '../skills/image-file.js';
import { type PostedImage, type ReachKind, type ReachOf, reachOf } from '../skills/reach.js';
import type { AnySkill, Caller, SkillAction } from '../skills/skill.js';
import type { IncomingEvent } from './event.js';

/** What the router does with an event, as the skills' declared reach decides it. */
export type Route =
  /**
   * Runs `skill` for the person waiting: they see progress, then the answer or the reason. `action`: a button or
   * form on one of its replies. `judgeFirst`: their words are held to the channel's judges first, and nothing
   * answers words a judge removes (`images`: the images posted with them, judged too).
   */
  | { to: 'skill'; skill: string; input: unknown; action?: SkillAction; judgeFirst?: string; images?: PostedImage[] }
  /** Runs `skill` in the background for something nobody waits on (a record of what the platform did). */
  | { to: 'background'; skill: string; input: unknown }
  /** Nothing can do what was asked: the person is told why (after the judges, when `judgeFirst`). */
  | { to: 'reason'; reason: LocalText; judgeFirst?: string; images?: PostedImage[] }
  /**
   * Words and images posted to a channel, not to the bot: held to the judges, then the images to the skills that
   * answer posted images, then a follow-up where a skill takes one.
   */
  | { to: 'traffic'; text: string; images: PostedImage[]; followUps: boolean }
  | { to: 'nobody' };

/** A skill and the way it declared to be reached that an event matched. */
export interface Reached<K extends ReachKind> {
  skill: string;
  reach: ReachOf<K>;
}

/**
 * Matches events to the skills' declared ways of being reached (skills/reach.ts). Knows no skill by name: the
 * skills table says which answers mentions, voice notes, follow-ups and channel traffic.
 */
export class ReachTable {
  constructor(private readonly skills: readonly AnySkill[]) {}

  /**
   * The id under which `event` is claimed once. A reaction a skill takes is claimed under its message and what it
   * asks for (the reach's key), so two emoji asking for one thing on one message are one event, however they come
   * in; every other event keeps the adapter's id.
   */
  eventId(event: IncomingEvent): string {
    if (event.kind !== 'reaction') return event.ctx.eventId;
    const to = this.all('reaction').find((r) => r.reach.wants(event.emoji));
    const key = to?.reach.key?.(event.emoji);
    return to && key !== undefined ? `reaction:${event.target.id}:${to.skill}:${key}` : event.ctx.eventId;
  }

  async route(event: IncomingEvent): Promise<Route> {
    const { ctx } = event;
    switch (event.kind) {
      case 'command':
        return { to: 'skill', skill: event.name, input: event.options };
      case 'message-action': {
        const skill = this.skills.find((s) => s.name === event.name);
        const action = skill && reachOf(skill, 'message-action');
        if (!action) return { to: 'reason', reason: { key: 'reason.noMessageAction', args: { name: event.name } } };
        return { to: 'skill', skill: event.name, input: action.input(event.target) };
      }
      case 'mention': {
        const { text, attachments } = event;
        const to = this.mention(text);
        const images = postedImages(attachments);
        if (!to) return { to: 'reason', reason: { key: 'reason.noMentions' }, judgeFirst: text, images };
        const input = to.reach.input({ text, attachments }, ctx);
        return { to: 'skill', skill: to.skill, input, judgeFirst: text, images };
      }
      case 'voice-note': {
        const note = { attachment: event.attachment, upload: event.upload ?? false };
        const handlers = this.all('voice-note');
        for (const { skill, reach } of handlers) {
          if (await reach.wants(ctx, note)) return { to: 'skill', skill, input: reach.input(note) };
        }
        // A voice message is plainly meant to be heard: say why nothing happens. An audio file merely shared in
        // the channel addressed nobody, so it stays the message it is.
        if (handlers.length === 0 && !note.upload) return { to: 'reason', reason: { key: 'reason.noVoiceNotes' } };
        return { to: 'traffic', text: event.text ?? '', images: postedImages(event.attachments), followUps: true };
      }
      case 'message':
        // An edit is judged again (its words: its images were looked at when posted), never answered as a follow-up.
        if (event.edited) return { to: 'traffic', text: event.text, images: [], followUps: false };
        return { to: 'traffic', text: event.text, images: postedImages(event.attachments), followUps: true };
      case 'reaction': {
        const to = this.all('reaction').find((r) => r.reach.wants(event.emoji));
        return to
          ? { to: 'skill', skill: to.skill, input: to.reach.input(event.emoji, event.target) }
          : { to: 'nobody' };
      }
      case 'moderation-record': {
        const [to] = this.all('moderation-record');
        return to ? { to: 'background', skill: to.skill, input: to.reach.input(event.record) } : { to: 'nobody' };
      }
      case 'action': {
        const [skill = '', ...rest] = event.actionId.split(':');
        const action = { name: rest.join(':'), value: event.value, fields: event.fields };
        return { to: 'skill', skill, input: {}, action };
      }
      default:
        return assertNever(event);
    }
  }

  /** The skill that takes `text`, posted in a thread without addressing the bot, as a follow-up. */
  async followUp(caller: Caller, text: string): Promise<Route | undefined> {
    if (!caller.threadId || text.trim() === '') return undefined;
    for (const { skill, reach } of this.all('follow-up')) {
      if (await reach.wants(caller, text)) return { to: 'skill', skill, input: reach.input(text) };
    }
    return undefined;
  }

  /** The skill that answers `text`, posted to a channel without addressing the bot, unasked (auto-translation). */
  async unasked(caller: Caller, text: string): Promise<Route | undefined> {
    for (const { skill, reach } of this.all('channel-message')) {
      const wanted = await reach.wants(caller, text);
      if (wanted !== undefined && wanted !== false) return { to: 'skill', skill, input: reach.input(text, wanted) };
    }
    return undefined;
  }

  /** The skills that hold channel traffic (and what replies would repeat of it) to a policy. */
  judges(): Reached<'channel-traffic'>[] {
    return this.all('channel-traffic');
  }

  /** The skills that look at posted images and answer them (alt text), or only judge them (image moderation). */
  images(answering: boolean): Reached<'image'>[] {
    return this.all('image').filter((r) => r.reach.answers === answering);
  }

  /** A mention: the first skill whose pattern matches its text, else the first that takes any mention. */
  private mention(text: string): Reached<'mention'> | undefined {
    const all = this.all('mention');
    return all.find((m) => m.reach.matches?.test(text)) ?? all.find((m) => m.reach.matches === undefined);
  }

  /** Every declared way of `kind`, in the table's order. */
  private all<K extends ReachKind>(kind: K): Reached<K>[] {
    return this.skills.flatMap((s) =>
      (s.reach ?? []).filter((r): r is ReachOf<K> => r.kind === kind).map((reach) => ({ skill: s.name, reach })),
    );
  }
}

function postedImages(attachments: readonly PostedImage[] | undefined): PostedImage[] {
  return (attachments ?? []).filter(isImageFile);
}

function assertNever(value: never): never {
  throw new Error(`unhandled event ${JSON.stringify(value)}`);
}
