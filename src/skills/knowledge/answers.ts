import type { SkillContext } from '../skill.js';

/** Where an answer lives: follow-ups in the same thread continue its conversation. */
export interface ThreadKey {
  platform: string;
  tenantId: string;
  channelId: string;
  /** '' outside threads. */
  threadId: string;
}

export interface PastAnswer {
  id: string;
  question: string;
  answer: string;
  collection: string;
}

export interface NewAnswer {
  userId: string;
  collection: string;
  question: string;
  answer: string;
  citations: unknown;
}

export interface Ratings {
  helpful: number;
  notHelpful: number;
}

/** The answers the bot gave, their ratings, and where it keeps answering follow-ups without a mention. */
export interface AnswerStore {
  /** Stores an answer and returns its id (the feedback buttons carry it). */
  save(thread: ThreadKey, answer: NewAnswer): Promise<string>;
  /** The thread's latest answers, oldest first. */
  recent(thread: ThreadKey, limit: number): Promise<PastAnswer[]>;
  /** Records one person's vote (a second vote replaces the first); undefined when the answer is unknown. */
  rate(answerId: string, userId: string, helpful: boolean): Promise<Ratings | undefined>;
  /** Whether the bot answers un-mentioned follow-ups in threads it answered, for this channel (default: on). */
  followUps(tenantId: string, channelId: string): Promise<boolean>;
  setFollowUps(tenantId: string, channelId: string, on: boolean): Promise<void>;
}

export const threadOf = (ctx: Pick<SkillContext, 'platform' | 'tenantId' | 'channelId' | 'threadId'>): ThreadKey => ({
  platform: ctx.platform,
  tenantId: ctx.tenantId,
  channelId: ctx.channelId,
  threadId: ctx.threadId ?? '',
});
