import { randomUUID } from 'node:crypto';
import type { AnswerStore, NewAnswer, PastAnswer, Ratings, ThreadKey } from '../../skills/knowledge/answers.js';
import { asJson, entryOf, type SettingsStore } from './shapes.js';

const FOLLOW_UPS = 'ask.follow_ups';

interface StoredAnswer extends PastAnswer {
  thread: string;
  userId: string;
  citations: unknown;
}

const threadId = (t: ThreadKey) => [t.platform, t.tenantId, t.channelId, t.threadId].join('\u0000');

/** Answers and their ratings in memory; the follow-up switch is a per-channel setting, as in `DbAnswerStore`. */
export class MemoryAnswerStore implements AnswerStore {
  /** In the order they were saved, which is their creation order. */
  private readonly answers: StoredAnswer[] = [];
  /** answer id → user id → helpful */
  private readonly votes = new Map<string, Map<string, boolean>>();

  constructor(private readonly settings: Pick<SettingsStore, 'get' | 'set'>) {}

  async save(thread: ThreadKey, answer: NewAnswer): Promise<string> {
    const id = randomUUID();
    const { userId, collection, question, answer: text, citations } = answer;
    this.answers.push({
      id,
      thread: threadId(thread),
      userId,
      collection,
      question,
      answer: text,
      citations: asJson(citations),
    });
    return id;
  }

  /** The thread's latest `limit` answers, oldest first. */
  async recent(thread: ThreadKey, limit: number): Promise<PastAnswer[]> {
    if (limit <= 0) return [];
    const key = threadId(thread);
    const mine = this.answers.filter((a) => a.thread === key).slice(-limit);
    return mine.map(({ id, question, answer, collection }) => ({ id, question, answer, collection }));
  }

  async rate(answerId: string, userId: string, helpful: boolean): Promise<Ratings | undefined> {
    if (!this.answers.some((a) => a.id === answerId)) return undefined;
    const votes = entryOf(this.votes, answerId, () => new Map<string, boolean>());
    votes.set(userId, helpful);
    const all = [...votes.values()];
    return { helpful: all.filter((h) => h).length, notHelpful: all.filter((h) => !h).length };
  }

  async followUps(tenantId: string, channelId: string): Promise<boolean> {
    return (await this.settings.get(tenantId, channelId, FOLLOW_UPS)) !== false;
  }

  async setFollowUps(tenantId: string, channelId: string, on: boolean): Promise<void> {
    await this.settings.set(tenantId, channelId, FOLLOW_UPS, on);
  }
}
