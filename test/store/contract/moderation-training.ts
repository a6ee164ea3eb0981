import { describe, expect, it } from 'vitest';
import { removalCase, SAMPLE_HEAD } from '../../helpers/mod-cases.js';
import type { OpenStores } from '../contract.js';

const newCase = (source: string, tenantId = 'g1') =>
  removalCase(source, { tenantId, actions: ['delete'], points: 3, scores: { insult: 0.99 } });
const head = SAMPLE_HEAD;

/** What the tuned head is trained from and kept in: every case, erasing one, dismissals, the head itself. */
export function moderationTrainingContract(stores: OpenStores): void {
  describe('moderation store: training data and the tuned head', () => {
    it('gives every case oldest first, beyond the 25 a listing shows', async () => {
      const { moderation } = stores();
      for (let i = 1; i <= 30; i++) await moderation.createCase(newCase(`m${i}`));
      await moderation.createCase(newCase('other', 'g2'));
      const all = await moderation.allCases('g1');
      expect(all.map((c) => c.number)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(all[0]?.text).toBe('message m1');
    });

    it("erases a case's message, scores and appeal and keeps its entry; a dismissed case's points stop counting", async () => {
      const { moderation } = stores();
      await moderation.createCase(newCase('m1'));
      await moderation.createCase(newCase('m2'));
      await moderation.updateCase('g1', 1, { status: 'appealed', appeal: 'it was a joke' });
      const erased = await moderation.eraseCase('g1', 1);
      expect(erased).toMatchObject({ number: 1, text: '', scores: {}, actions: ['delete'], status: 'appealed' });
      expect(erased?.appeal).toBeUndefined();
      expect((await moderation.getCase('g1', 1))?.text).toBe('');
      expect(await moderation.eraseCase('g2', 1)).toBeUndefined();
      expect(await moderation.points('g1', 'u1', 30)).toBe(6);
      await moderation.updateCase('g1', 2, { status: 'dismissed', decidedBy: 'mod1' });
      expect(await moderation.getCase('g1', 2)).toMatchObject({ status: 'dismissed', decidedBy: 'mod1' });
      expect(await moderation.points('g1', 'u1', 30)).toBe(3);
    });

    it('keeps a tuned head per tenant; a broken stored head reads as none', async () => {
      const { moderation, settings } = stores();
      expect(await moderation.tunedHead('g1')).toBeUndefined();
      await moderation.setTunedHead('g1', head);
      expect(await moderation.tunedHead('g1')).toEqual(head);
      expect(await moderation.tunedHead('g2')).toBeUndefined();
      expect(await moderation.tunedTenants()).toEqual(['g1']);
      await settings.set('g1', '', 'moderation.tuned', { weights: 'many' });
      expect(await moderation.tunedHead('g1')).toBeUndefined();
    });
  });
}
