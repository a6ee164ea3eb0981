import { randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { answerFeedback, answers } from '../db/schema.js';
import type { AnswerStore, NewAnswer, PastAnswer, Ratings, ThreadKey } from '../skills/knowledge/answers.js';
import type { SettingsStore } from './settings.js';

const FOLLOW_UPS = 'ask.follow_ups';

/** Answers and their ratings in the database; the follow-up switch is a per-channel setting. */
export class DbAnswerStore implements AnswerStore {
  constructor(
    private readonly db: Db,
    private readonly settings: SettingsStore,
  ) {}

  async save(thread: ThreadKey, answer: NewAnswer): Promise<string> {
    const id = randomUUID();
    await this.db.insert(answers).values({ id, ...thread, ...answer });
    return id;
  }

  async recent(thread: ThreadKey, limit: number): Promise<PastAnswer[]> {
    const rows = await this.db
      .select({ id: answers.id, question: answers.question, answer: answers.answer, collection: answers.collection })
      .from(answers)
      .where(
        and(
          eq(answers.platform, thread.platform),
          eq(answers.tenantId, thread.tenantId),
          eq(answers.channelId, thread.channelId),
          eq(answers.threadId, thread.threadId),
        ),
      )
      .orderBy(desc(answers.createdAt))
      .limit(limit);
    return rows.reverse();
  }

  async rate(answerId: string, userId: string, helpful: boolean): Promise<Ratings | undefined> {
    const [known] = await this.db.select({ id: answers.id }).from(answers).where(eq(answers.id, answerId));
    if (!known) return undefined;
    await this.db
      .insert(answerFeedback)
      .values({ answerId, userId, helpful })
      .onConflictDoUpdate({
        target: [answerFeedback.answerId, answerFeedback.userId],
        set: { helpful, createdAt: new Date() },
      });
    const [counts] = await this.db
      .select({
        helpful: sql<number>`count(*) filter (where ${answerFeedback.helpful})::int`,
        notHelpful: sql<number>`count(*) filter (where not ${answerFeedback.helpful})::int`,
      })
      .from(answerFeedback)
      .where(eq(answerFeedback.answerId, answerId));
    return { helpful: Number(counts?.helpful ?? 0), notHelpful: Number(counts?.notHelpful ?? 0) };
  }

  async followUps(tenantId: string, channelId: string): Promise<boolean> {
    return (await this.settings.get(tenantId, channelId, FOLLOW_UPS)) !== false;
  }

  async setFollowUps(tenantId: string, channelId: string, on: boolean): Promise<void> {
    await this.settings.set(tenantId, channelId, FOLLOW_UPS, on);
  }
}
