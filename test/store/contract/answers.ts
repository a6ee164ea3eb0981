import { describe, expect, it } from 'vitest';
import type { NewAnswer, ThreadKey } from '../../../src/skills/knowledge/answers.js';
import { TENANT_SCOPE } from '../../../src/store/settings.js';
import type { OpenStores } from '../contract.js';

const thread: ThreadKey = { platform: 'discord', tenantId: 'g1', channelId: 'c1', threadId: 't1' };
const answer = (question: string): NewAnswer => ({
  userId: 'u1',
  collection: 'docs',
  question,
  answer: `answer to ${question}`,
  citations: [{ n: 1, title: 'Handbook' }],
});

export function answersContract(stores: OpenStores): void {
  describe('answer store', () => {
    it("gives a thread's latest answers oldest first, and only that thread's", async () => {
      const { answers } = stores();
      const ids: string[] = [];
      for (const q of ['one', 'two', 'three']) ids.push(await answers.save(thread, answer(q)));
      expect(new Set(ids).size).toBe(3);
      for (const other of [{ platform: 'slack' }, { tenantId: 'g2' }, { channelId: 'c2' }, { threadId: '' }]) {
        await answers.save({ ...thread, ...other }, answer('elsewhere'));
      }
      expect(await answers.recent(thread, 2)).toEqual([
        { id: ids[1], question: 'two', answer: 'answer to two', collection: 'docs' },
        { id: ids[2], question: 'three', answer: 'answer to three', collection: 'docs' },
      ]);
      expect((await answers.recent(thread, 10)).map((a) => a.question)).toEqual(['one', 'two', 'three']);
      expect(await answers.recent({ ...thread, threadId: 'none' }, 5)).toEqual([]);
      expect((await answers.recent({ ...thread, threadId: '' }, 5)).map((a) => a.question)).toEqual(['elsewhere']);
    });

    it("counts ratings, one per person (a second vote replaces the first); unknown answers aren't rated", async () => {
      const { answers } = stores();
      const id = await answers.save(thread, answer('q'));
      expect(await answers.rate(id, 'u1', true)).toEqual({ helpful: 1, notHelpful: 0 });
      expect(await answers.rate(id, 'u2', false)).toEqual({ helpful: 1, notHelpful: 1 });
      expect(await answers.rate(id, 'u1', false)).toEqual({ helpful: 0, notHelpful: 2 });
      const other = await answers.save(thread, answer('other'));
      expect(await answers.rate(other, 'u1', true)).toEqual({ helpful: 1, notHelpful: 0 });
      expect(await answers.rate('00000000-0000-0000-0000-000000000000', 'u1', true)).toBeUndefined();
    });

    it('answers follow-ups by default; a channel or the whole server can switch it off (a setting)', async () => {
      const { answers, settings } = stores();
      expect(await answers.followUps('g1', 'c1')).toBe(true);
      await answers.setFollowUps('g1', 'c1', false);
      expect(await answers.followUps('g1', 'c1')).toBe(false);
      expect(await answers.followUps('g1', 'c2')).toBe(true);
      expect(await answers.followUps('g2', 'c1')).toBe(true);
      await answers.setFollowUps('g1', TENANT_SCOPE, false);
      expect(await answers.followUps('g1', 'c2')).toBe(false);
      expect(await settings.get('g1', 'c1', 'ask.follow_ups')).toBe(false);
    });
  });
}
