import type { Adapter } from '../../src/adapters/adapter.js';
import type { Bot, HandleOutcome } from '../../src/core/bot.js';
import type { Attachment, EventContext, IncomingEvent } from '../../src/core/event.js';
import type { MessageRef, Replier, Reply } from '../../src/core/reply.js';
import type { TargetMessage } from '../../src/skills/skill.js';

export interface Where {
  tenantId?: string;
  channelId: string;
  threadId?: string;
  userId: string;
  roles?: string[];
  isModerator?: boolean;
}

/** What skills did on the "platform" through PlatformActions. */
export type PlatformOp =
  | { op: 'react'; eventId: string; emoji: string }
  | { op: 'remove'; eventId: string }
  | { op: 'timeout'; eventId: string; userId: string; minutes: number }
  | { op: 'dm'; userId: string; reply: Reply }
  | { op: 'post'; channelId: string; reply: Reply };

export type Recorded =
  | { op: 'defer'; eventId: string; at: number }
  | { op: 'send'; eventId: string; ref: MessageRef; reply: Reply; at: number }
  | { op: 'edit'; eventId: string; ref: MessageRef; reply: Reply; at: number };

interface Message {
  ref: MessageRef;
  threadKey: string;
  eventId: string;
  reply: Reply;
}

let nextMessageId = 1;

/**
 * The first fake platform: a "chat" held in memory. Users act through `command`/`mention`/…; everything the bot
 * does is recorded, and `visible` shows what a person in that channel would see after edits.
 */
export class RecordingAdapter implements Adapter {
  readonly name = 'recording';
  readonly recorded: Recorded[] = [];
  readonly platformOps: PlatformOp[] = [];
  private bot: Bot | undefined;
  private readonly messages: Message[] = [];
  private nextEvent = 1;

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
    return this.deliver((ctx) => ({ kind: 'mention', text, attachments: [], ctx }), where, eventId);
  }

  message(text: string, where: Where, eventId?: string): Promise<HandleOutcome> {
    return this.deliver((ctx) => ({ kind: 'message', text, attachments: [], ctx }), where, eventId);
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

  /** Texts shown in a channel/thread, oldest first, after edits. */
  visible(where: Pick<Where, 'channelId' | 'threadId'>): string[] {
    const key = threadKey(where);
    return this.messages.filter((m) => m.threadKey === key).map((m) => m.reply.text);
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
      actions: {
        react: async (emoji) => void this.platformOps.push({ op: 'react', eventId, emoji }),
        remove: async () => void this.platformOps.push({ op: 'remove', eventId }),
        timeout: async (minutes) =>
          void this.platformOps.push({ op: 'timeout', eventId, userId: where.userId, minutes }),
        dm: async (userId, reply) => void this.platformOps.push({ op: 'dm', userId, reply }),
        post: async (channelId, reply) => void this.platformOps.push({ op: 'post', channelId, reply }),
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
        this.messages.push({ ref, threadKey: key, eventId, reply });
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

function threadKey(where: Pick<Where, 'channelId' | 'threadId'>): string {
  return `${where.channelId}/${where.threadId ?? ''}`;
}
