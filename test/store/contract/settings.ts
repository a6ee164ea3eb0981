import { describe, expect, it } from 'vitest';
import { TENANT_SCOPE } from '../../../src/store/settings.js';
import type { OpenStores } from '../contract.js';

export function settingsContract(stores: OpenStores): void {
  describe('settings', () => {
    it('reads channel settings over tenant settings, per tenant', async () => {
      const { settings } = stores();
      await settings.set('t1', TENANT_SCOPE, 'moderation.enabled', true);
      await settings.set('t1', 'c2', 'moderation.enabled', false);
      expect(await settings.get('t1', 'c1', 'moderation.enabled')).toBe(true);
      expect(await settings.get('t1', 'c2', 'moderation.enabled')).toBe(false);
      expect(await settings.get('t1', TENANT_SCOPE, 'moderation.enabled')).toBe(true);
      expect(await settings.get('t2', 'c1', 'moderation.enabled')).toBeUndefined();
      await settings.set('t1', TENANT_SCOPE, 'moderation.enabled', { threshold: 0.8 });
      expect(await settings.get('t1', 'c1', 'moderation.enabled')).toEqual({ threshold: 0.8 });
      await settings.delete('t1', 'c2', 'moderation.enabled');
      expect(await settings.get('t1', 'c2', 'moderation.enabled')).toEqual({ threshold: 0.8 });
    });

    it('keeps values as JSON: what cannot be JSON is dropped', async () => {
      const { settings } = stores();
      await settings.set('t1', TENANT_SCOPE, 'k', { a: [1, 'two', null], b: undefined, when: new Date(0) });
      expect(await settings.get('t1', 'c1', 'k')).toStrictEqual({
        a: [1, 'two', null],
        when: '1970-01-01T00:00:00.000Z',
      });
    });

    it('gates a skill by roles: everyone when none are set, else holders of one of them', async () => {
      const { settings } = stores();
      expect(await settings.mayRun('t1', 'c1', 'ask', [])).toBe(true);
      await settings.set('t1', TENANT_SCOPE, 'roles.ask', ['r1', 'r2']);
      expect(await settings.mayRun('t1', 'c1', 'ask', ['r0'])).toBe(false);
      expect(await settings.mayRun('t1', 'c1', 'ask', ['r0', 'r2'])).toBe(true);
      expect(await settings.mayRun('t1', 'c1', 'summarize', [])).toBe(true);
      expect(await settings.mayRun('t2', 'c1', 'ask', [])).toBe(true);
      await settings.set('t1', 'c9', 'roles.ask', []);
      expect(await settings.mayRun('t1', 'c9', 'ask', [])).toBe(true);
    });
  });
}
