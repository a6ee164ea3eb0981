import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../src/skills/moderation/policy.js';
import type { NewCase } from '../../../src/skills/moderation/store.js';
import { TENANT_SCOPE } from '../../../src/store/settings.js';
import type { OpenStores, TestClock } from '../contract.js';

const DAY_MS = 24 * 60 * 60 * 1000;

const newCase = (source: string, extra: Partial<NewCase> = {}): NewCase => ({
  tenantId: 'g1',
  source,
  platform: 'discord',
  channelId: 'general',
  userId: 'u1',
  text: 'you idiot',
  verdict: 'remove',
  reasons: [{ label: 'insult', score: 0.99, threshold: 0.97, level: 'remove' }],
  scores: { insult: 0.99, toxic: 0.98 },
  // The language the text was scored as rides on the toxicity model's entry (no column of its own).
  models: [{ repo: 'Xenova/toxic-bert', revision: 'c0ffee', language: 'en' }],
  actions: ['delete', 'warn'],
  dryRun: false,
  points: 1,
  ...extra,
});

export function moderationContract(stores: OpenStores, clock: TestClock): void {
  describe('moderation store', () => {
    it("reads a channel's policy over the server's over the defaults; a broken stored policy reads as the defaults", async () => {
      const { moderation, settings } = stores();
      expect(await moderation.policy('g1', 'c1')).toEqual(DEFAULT_POLICY);
      await moderation.setPolicy('g1', TENANT_SCOPE, { ...DEFAULT_POLICY, enabled: true, modChannel: 'modlog' });
      await moderation.setPolicy('g1', 'c2', { ...DEFAULT_POLICY, dryRun: true });
      expect(await moderation.policy('g1', 'c1')).toMatchObject({ enabled: true, modChannel: 'modlog' });
      expect(await moderation.policy('g1', 'c2')).toMatchObject({ enabled: false, dryRun: true });
      expect(await moderation.policy('g2', 'c1')).toEqual(DEFAULT_POLICY);
      expect(await settings.get('g1', 'c1', 'moderation.policy')).toMatchObject({ enabled: true });
      await settings.set('g1', 'c3', 'moderation.policy', { enabled: 'very' });
      expect(await moderation.policy('g1', 'c3')).toEqual(DEFAULT_POLICY);
    });

    it('numbers cases per tenant, one case per source, dated by its clock', async () => {
      const { moderation } = stores();
      const first = await moderation.createCase(newCase('discord:m1', { moderator: 'mod1' }));
      expect(first).toEqual({
        ...newCase('discord:m1'),
        source: undefined,
        number: 1,
        status: 'open',
        moderator: 'mod1',
        createdAt: new Date(clock.now),
      });
      expect(first).not.toHaveProperty('source');
      expect(await moderation.createCase(newCase('discord:m1'))).toBeUndefined();
      expect((await moderation.createCase(newCase('discord:m2')))?.number).toBe(2);
      expect((await moderation.createCase(newCase('discord:m1', { tenantId: 'g2' })))?.number).toBe(1);
      const concurrent = await Promise.all(['a', 'b', 'c'].map((m) => moderation.createCase(newCase(m))));
      expect(concurrent.map((c) => c?.number).sort()).toEqual([3, 4, 5]);
      expect(await moderation.getCase('g1', 2)).toMatchObject({ number: 2, tenantId: 'g1', userId: 'u1' });
      expect(await moderation.getCase('g2', 2)).toBeUndefined();
    });

    it('lists the newest 25 cases that match a user, a status or words of the text (taken literally)', async () => {
      const { moderation } = stores();
      for (let i = 1; i <= 30; i++) {
        const text = i === 7 ? 'Only 100% Rude_Words here' : `message ${i}`;
        await moderation.createCase(newCase(`m${i}`, { userId: i % 2 ? 'odd' : 'even', text }));
      }
      await moderation.updateCase('g1', 4, { status: 'appealed', appeal: 'it was a joke' });
      const all = await moderation.listCases('g1', {});
      expect(all.map((c) => c.number)).toEqual(Array.from({ length: 25 }, (_, i) => 30 - i));
      expect((await moderation.listCases('g1', { userId: 'even', status: 'appealed' })).map((c) => c.number)).toEqual([
        4,
      ]);
      expect((await moderation.listCases('g1', { userId: 'odd' })).every((c) => c.userId === 'odd')).toBe(true);
      expect((await moderation.listCases('g1', { search: '100% rude_w' })).map((c) => c.number)).toEqual([7]);
      expect(await moderation.listCases('g1', { search: '1_0' })).toEqual([]);
      expect(await moderation.listCases('g1', { search: '%' })).toHaveLength(1);
      expect(await moderation.listCases('g2', {})).toEqual([]);
    });

    it('updates a case with what the patch gives, and nothing of another tenant', async () => {
      const { moderation } = stores();
      await moderation.createCase(newCase('m1'));
      const updated = await moderation.updateCase('g1', 1, {
        status: 'overturned',
        decidedBy: 'mod1',
        appeal: undefined,
      });
      expect(updated).toMatchObject({
        number: 1,
        status: 'overturned',
        decidedBy: 'mod1',
        actions: ['delete', 'warn'],
      });
      expect(updated?.appeal).toBeUndefined();
      expect(await moderation.updateCase('g1', 1, { actions: ['delete'], pardonedBy: 'mod2' })).toMatchObject({
        status: 'overturned',
        actions: ['delete'],
        pardonedBy: 'mod2',
      });
      expect(await moderation.getCase('g1', 1)).toMatchObject({ actions: ['delete'], pardonedBy: 'mod2' });
      expect(await moderation.updateCase('g2', 1, { status: 'upheld' })).toBeUndefined();
      expect(await moderation.updateCase('g1', 9, { status: 'upheld' })).toBeUndefined();
    });

    it('counts warning points of the last days, leaving out dry runs, overturned and pardoned cases', async () => {
      const { moderation } = stores();
      await moderation.createCase(newCase('old', { points: 5 }));
      clock.now += 20 * DAY_MS;
      await moderation.createCase(newCase('recent', { points: 2 }));
      await moderation.createCase(newCase('dry', { points: 7, dryRun: true }));
      await moderation.createCase(newCase('overturned', { points: 11 }));
      await moderation.createCase(newCase('pardoned', { points: 13 }));
      await moderation.createCase(newCase('someone else', { points: 17, userId: 'u2' }));
      await moderation.updateCase('g1', 4, { status: 'overturned' });
      await moderation.updateCase('g1', 5, { pardonedBy: 'mod1' });
      expect(await moderation.points('g1', 'u1', 30)).toBe(7);
      expect(await moderation.points('g1', 'u1', 10)).toBe(2);
      expect(await moderation.points('g2', 'u1', 30)).toBe(0);
      clock.now += 11 * DAY_MS;
      expect(await moderation.points('g1', 'u1', 30)).toBe(2);
      expect(await moderation.points('g1', 'u2', 30)).toBe(17);
    });

    it('sets role gates per scope, which the settings enforce; an empty list lifts the gate', async () => {
      const { moderation, settings } = stores();
      await moderation.setRoleGate('g1', TENANT_SCOPE, 'imagine', ['artists']);
      await moderation.setRoleGate('g1', 'c1', 'ask', ['staff', 'mods']);
      await settings.set('g1', TENANT_SCOPE, 'roles.broken', 'not a list');
      expect(await moderation.roleGates('g1', TENANT_SCOPE)).toEqual({ imagine: ['artists'] });
      expect(await moderation.roleGates('g1', 'c1')).toEqual({ ask: ['staff', 'mods'] });
      expect(await moderation.roleGates('g2', TENANT_SCOPE)).toEqual({});
      expect(await settings.mayRun('g1', 'c1', 'ask', ['mods'])).toBe(true);
      expect(await settings.mayRun('g1', 'c1', 'ask', ['artists'])).toBe(false);
      expect(await settings.mayRun('g1', 'c2', 'imagine', [])).toBe(false);
      await moderation.setRoleGate('g1', 'c1', 'ask', []);
      expect(await moderation.roleGates('g1', 'c1')).toEqual({});
      expect(await settings.mayRun('g1', 'c1', 'ask', [])).toBe(true);
    });
  });
}
