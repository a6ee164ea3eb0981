import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import type { OpenStores } from '../contract.js';

export function apiKeysContract(stores: OpenStores): void {
  describe('API keys', () => {
    it('creates a key shown once, finds its holder by it, lists keys newest first', async () => {
      const { apiKeys } = stores();
      const first = await apiKeys.create({ tenantId: ' g1 ', scopes: ['skills', 'kb:read', 'skills'], name: 'bot' });
      expect(first).toMatchObject({ name: 'bot', tenantId: 'g1', scopes: ['skills', 'kb:read'], revokedAt: null });
      expect(first.key).toMatch(/^omb_/);
      expect(first.createdAt).toBeInstanceOf(Date);
      const second = await apiKeys.create({ tenantId: 'api', scopes: ['kb:write'] });
      expect(second.name).toBe(second.id);
      expect(await apiKeys.find(first.key)).toEqual({
        kind: 'scoped',
        keyId: first.id,
        tenantId: 'g1',
        scopes: new Set(['skills', 'kb:read']),
      });
      const listed = await apiKeys.list();
      expect(listed.map((k) => k.id)).toEqual([second.id, first.id]);
      expect(listed[1]).toEqual({
        id: first.id,
        name: 'bot',
        tenantId: 'g1',
        scopes: ['skills', 'kb:read'],
        createdAt: first.createdAt,
        revokedAt: null,
      });
      expect(JSON.stringify(listed)).not.toContain(first.key);
    });

    it('knows no other keys, and none once revoked', async () => {
      const { apiKeys } = stores();
      const { id, key } = await apiKeys.create({ tenantId: 'g1', scopes: ['skills'] });
      expect(await apiKeys.find(`${key}x`)).toBeUndefined();
      expect(await apiKeys.find('k')).toBeUndefined();
      expect(await apiKeys.revoke(id)).toBe(true);
      expect(await apiKeys.revoke(id)).toBe(false);
      expect(await apiKeys.revoke('key_none')).toBe(false);
      expect(await apiKeys.find(key)).toBeUndefined();
      expect((await apiKeys.list())[0]?.revokedAt).toBeInstanceOf(Date);
    });

    it('refuses a bad tenant and unknown or no scopes as bad requests', async () => {
      const { apiKeys } = stores();
      for (const input of [
        { tenantId: 'has spaces', scopes: ['skills'] as const },
        { tenantId: 'g1', scopes: ['admin'] as never },
        { tenantId: 'g1', scopes: [] },
      ]) {
        const refused = await apiKeys.create(input).catch((e: unknown) => e);
        expect(isAppError(refused) && refused.code).toBe('bad_request');
      }
      expect(await apiKeys.list()).toEqual([]);
    });
  });
}
