import type { Adapter } from '../../src/adapters/adapter.js';
import type { Bot, HandleOutcome } from '../../src/core/bot.js';
import type { Attachment, EventContext, IncomingEvent } from '../../src/core/event.js';
import type { MessageRef, Replier, Reply } from '../../src/core/reply.js';
import { type HistoryMessage, MAX_HISTORY, type TargetMessage } from '../../src/skills/skill.js';

export interface Where {
  tenantId?: string;
  channelId: string;
  threadId?: string;
  userId: string;
  roles?: string[];
  isModerator?: boolean;
  ageRestricted?: boolean;
  /** The person's language, as the platform tells it (a Discord interaction's, a Slack user's). */
  locale?: string;
}

/** What skills did on the "platform" through PlatformActions. */
export type PlatformOp =
  | { op: 'react'; eventId: string; emoji: string }
  | { op: 'remove'; eventId: string }
  /** The message whose button was pressed, deleted. */
  | { op: 'removeReply'; eventId: string }
  | { op: 'timeout'; eventId: string; userId: string; minutes: number }
  | { op: 'kick' | 'ban'; eventId: string; userId: string; reason: string }
  | { op: 'dm'; userId: string; reply: Reply }
  | { op: 'post'; channelId: string; reply: Reply }
  | { op: 'history'; channelId: string; threadId: string | undefined; limit: number };

/** A message someone wrote earlier, for `seed`. */
export interface SeedMessage {
  authorId: string;
  authorName?: string;
  text: string;
  isBot?: boolean;
}

export type Recorded =
  | { op: 'defer'; eventId: string; at: number }
  | { op: 'send'; eventId: string; ref: MessageRef; reply: Reply; at: number }
  | { op: 'edit'; eventId: string; ref: MessageRef; reply: Reply; at: number };

interface Message {
  /** Order among everything said in the chat (people's messages and the bot's). */
  seq: number;
  ref: MessageRef;
  threadKey: string;
  eventId: string;
  reply: Reply;
}

let nextMessageId = 1;
const ZERO = Date.parse('2025-01-01T00:00:00Z');

/**
 * The first fake platform: a "chat" held in memory. Users act through `command`/`mention`/…; everything the bot
 * does is recorded, and `visible` shows what a person in that channel would see after edits. `history` (what
 * skills read through PlatformActions) is people's mentions and messages, `seed`ed ones, and the bot's replies.
 */
export class RecordingAdapter implements Adapter {
  readonly name = 'recording';
  readonly recorded: Recorded[] = [];
  readonly platformOps: PlatformOp[] = [];
  /** Users the "platform" says moderate when asked (`actions.isModerator`), as a Slack admin lookup would. */
  readonly platformModerators = new Set<string>();
  /** Whom `actions.isModerator` was asked about, in order (the lookup Slack pays an API call for). */
  readonly moderatorLookups: string[] = [];
  /** Users the bot may not time out, kick or ban, and why (as Discord's role hierarchy would say). */
  readonly protectedMembers = new Map<string, string>();
  /**
   * Who may read which channel (`actions.canRead`), as `${userId}/${channelId}` → readable or 'error' (the platform
   * failing to answer); channels not listed are readable by everyone.
   */
  readonly channelAccess = new Map<string, boolean | 'error'>();
  private bot: Bot | undefined;
  private readonly messages: Message[] = [];
  /** What people wrote, by thread key. */
  private readonly written: { seq: number; threadKey: string; message: HistoryMessage }[] = [];
  private nextEvent = 1;
  private seq = 0;

  async start(bot: Bot): Promise<void> {
    this.bot = bot;
  }

  async stop(): Promise<void> {
    this.bot = undefined;
  }

  command(name: string, options: Record<string, unknown>, where: Where, eventId?: string): Promise<HandleOutcome> {
    return this.deliver((ctx) => ({ kind: 'command', name, options, ctx }), where, eventId);
  }

  mention(text: string, where: Where, eventId?: string): Promise<HandleOutcome> {
    this.write(where, [{ authorId: where.userId, text }]);
    return this.deliver((ctx) => ({ kind: 'mention', text, attachments: [], ctx }), where, eventId);
  }

  message(text: string, where: Where, eventId?: string): Promise<HandleOutcome> {
    this.write(where, [{ authorId: where.userId, text }]);
    return this.deliver((ctx) => ({ kind: 'message', text, attachments: [], ctx }), where, eventId);
  }

  /** Messages people (or bots) wrote in a channel or thread before the test's events, oldest first. */
  seed(where: Pick<Where, 'channelId' | 'threadId'>, messages: readonly SeedMessage[]): void {
    this.write(where, messages);
  }

  /** What `PlatformActions.history` answers: the latest `limit` messages there, oldest first, ephemerals left out. */
  history(where: Pick<Where, 'channelId' | 'threadId'>, limit: number): HistoryMessage[] {
    const key = threadKey(where);
    const bot = this.messages
      .filter((m) => m.threadKey === key && !m.reply.ephemeral)
      .map((m) => ({
        seq: m.seq,
        message: {
          id: m.ref.id,
          authorId: 'bot',
          authorName: 'Recording Bot',
          text: m.reply.text,
          at: at(m.seq),
          isBot: true,
        },
      }));
    return [...this.written.filter((w) => w.threadKey === key), ...bot]
      .sort((a, b) => a.seq - b.seq)
      .slice(-Math.min(limit, MAX_HISTORY))
      .map((w) => w.message);
  }

  voiceNote(attachment: Attachment, where: Where, eventId?: string): Promise<HandleOutcome> {
    return this.deliver((ctx) => ({ kind: 'voice-note', attachment, ctx }), where, eventId);
  }

  messageAction(name: string, target: TargetMessage, where: Where, eventId?: string): Promise<HandleOutcome> {
    return this.deliver((ctx) => ({ kind: 'message-action', name, target, ctx }), where, eventId);
  }

  action(
    actionId: string,
    value: string,
    where: Where,
    eventId?: string,
    fields?: Record<string, string>,
  ): Promise<HandleOutcome> {
    return this.deliver((ctx) => ({ kind: 'action', actionId, value, fields, ctx }), where, eventId);
  }

  /** The bot posting on its own (an inbound webhook's result): a new message in the channel. */
  async post(channelId: string, reply: Reply): Promise<void> {
    const ref = { id: `m${nextMessageId++}`, channelId };
    this.messages.push({ seq: ++this.seq, ref, threadKey: threadKey({ channelId }), eventId: 'post', reply });
    this.platformOps.push({ op: 'post', channelId, reply });
  }

  /** Texts shown in a channel/thread, oldest first, after edits. */
  visible(where: Pick<Where, 'channelId' | 'threadId'>): string[] {
    const key = threadKey(where);
    return this.messages.filter((m) => m.threadKey === key).map((m) => m.reply.text);
  }

  private write(where: Pick<Where, 'channelId' | 'threadId'>, messages: readonly SeedMessage[]): void {
    for (const m of messages) {
      const seq = ++this.seq;
      const message = { id: `w${seq}`, authorId: m.authorId, authorName: m.authorName, text: m.text, at: at(seq) };
      this.written.push({ seq, threadKey: threadKey(where), message: { ...message, isBot: m.isBot ?? false } });
    }
  }

  /** Every reply the bot sent, edited, posted or DMed, in order. */
  outgoing(): Reply[] {
    const replies = this.recorded.flatMap((r) => (r.op === 'defer' ? [] : [r.reply]));
    return [...replies, ...this.platformOps.flatMap((o) => (o.op === 'dm' || o.op === 'post' ? [o.reply] : []))];
  }

  deferredEvents(): string[] {
    return this.recorded.filter((r) => r.op === 'defer').map((r) => r.eventId);
  }

  private deliver(
    make: (ctx: EventContext) => IncomingEvent,
    where: Where,
    eventId = `ev-${this.nextEvent++}`,
  ): Promise<HandleOutcome> {
    if (!this.bot) return Promise.reject(new Error('recording adapter is not started'));
    const ctx: EventContext = {
      platform: this.name,
      eventId,
      tenantId: where.tenantId ?? 'tenant-1',
      channelId: where.channelId,
      threadId: where.threadId,
      userId: where.userId,
      roles: where.roles ?? [],
      isModerator: where.isModerator ?? false,
      ageRestricted: where.ageRestricted ?? false,
      ...(where.locale ? { locale: where.locale } : {}),
      actions: {
        removeReply: async () => void this.platformOps.push({ op: 'removeReply', eventId }),
        react: async (emoji) => void this.platformOps.push({ op: 'react', eventId, emoji }),
        remove: async () => void this.platformOps.push({ op: 'remove', eventId }),
        isModerator: async (userId) => {
          this.moderatorLookups.push(userId);
          return this.platformModerators.has(userId);
        },
        refusal: async (_step, userId) => this.protectedMembers.get(userId),
        timeout: async (userId, minutes) => void this.platformOps.push({ op: 'timeout', eventId, userId, minutes }),
        kick: async (userId, reason) => void this.platformOps.push({ op: 'kick', eventId, userId, reason }),
        ban: async (userId, reason) => void this.platformOps.push({ op: 'ban', eventId, userId, reason }),
        dm: async (userId, reply) => void this.platformOps.push({ op: 'dm', userId, reply }),
        post: async (channelId, reply) => void this.platformOps.push({ op: 'post', channelId, reply }),
        canRead: async (userId, channelId) => {
          const access = this.channelAccess.get(`${userId}/${channelId}`) ?? true;
          if (access === 'error') throw new Error('the platform did not answer');
          return access;
        },
        history: async (place, limit) => {
          this.platformOps.push({ op: 'history', channelId: place.channelId, threadId: place.threadId, limit });
          return this.history(place, limit);
        },
      },
      reply: this.replier(eventId, where),
    };
    return this.bot.handle(make(ctx));
  }

  private replier(eventId: string, where: Where): Replier {
    const key = threadKey(where);
    return {
      defer: async () => {
        this.recorded.push({ op: 'defer', eventId, at: Date.now() });
      },
      send: async (reply) => {
        const ref = { id: `m${nextMessageId++}`, channelId: where.channelId };
        this.messages.push({ seq: ++this.seq, ref, threadKey: key, eventId, reply });
        this.recorded.push({ op: 'send', eventId, ref, reply, at: Date.now() });
        return ref;
      },
      edit: async (ref, reply) => {
        const message = this.messages.find((m) => m.ref.id === ref.id);
        if (!message) throw new Error(`edit of unknown message ${ref.id}`);
        message.reply = reply;
        this.recorded.push({ op: 'edit', eventId, ref, reply, at: Date.now() });
      },
    };
  }
}

/** A message's time: one second per message said in the chat. */
function at(seq: number): string {
  return new Date(ZERO + seq * 1000).toISOString();
}

function threadKey(where: Pick<Where, 'channelId' | 'threadId'>): string {
  return `${where.channelId}/${where.threadId ?? ''}`;
}
