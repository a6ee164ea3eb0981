import type { SkillReply } from '../skills/skill.js';

/** A reply in platform-neutral form; the same shape skills render to. */
export type Reply = SkillReply;

export interface MessageRef {
  id: string;
  channelId: string;
}

/**
 * How the core answers the person behind an event. Adapters implement it per platform: `defer` shows
 * "thinking…" (Discord's deferred response, an ack plus placeholder on Slack); after a defer, `send` fills it in.
 */
export interface Replier {
  defer(options?: { ephemeral?: boolean }): Promise<void>;
  send(reply: Reply): Promise<MessageRef>;
  edit(ref: MessageRef, reply: Reply): Promise<void>;
}
