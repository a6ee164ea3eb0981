import { roleGateKey, TENANT_SCOPE } from '../settings.js';
import { asJson, entryOf, type SettingsStore } from './shapes.js';

/** Per-tenant settings with per-channel overrides, as `Settings` keeps them in the database. */
export class MemorySettings implements SettingsStore {
  /** tenant → scope → key → JSON value */
  private readonly tenants = new Map<string, Map<string, Map<string, unknown>>>();

  /** The channel's value if set, else the tenant's, else undefined. */
  async get(tenantId: string, channelId: string, key: string): Promise<unknown> {
    const channel = channelId === TENANT_SCOPE ? undefined : this.scope(tenantId, channelId)?.get(key);
    return asJson(channel ?? this.scope(tenantId, TENANT_SCOPE)?.get(key));
  }

  async set(tenantId: string, scope: string, key: string, value: unknown): Promise<void> {
    const scopes = entryOf(this.tenants, tenantId, () => new Map<string, Map<string, unknown>>());
    entryOf(scopes, scope, () => new Map<string, unknown>()).set(key, asJson(value));
  }

  async delete(tenantId: string, scope: string, key: string): Promise<void> {
    this.scope(tenantId, scope)?.delete(key);
  }

  /** Role gate: true when no roles are configured for the skill or the user holds one of them. */
  async mayRun(tenantId: string, channelId: string, skill: string, roles: readonly string[]): Promise<boolean> {
    const allowed = await this.get(tenantId, channelId, roleGateKey(skill));
    if (!Array.isArray(allowed) || allowed.length === 0) return true;
    return allowed.some((role) => typeof role === 'string' && roles.includes(role));
  }

  /** The values set in exactly one scope whose keys start with `prefix` (what a `like 'prefix%'` query reads). */
  entries(tenantId: string, scope: string, prefix: string): [string, unknown][] {
    return [...(this.scope(tenantId, scope) ?? [])].flatMap(([key, value]) =>
      key.startsWith(prefix) ? [[key, asJson(value)] as [string, unknown]] : [],
    );
  }

  private scope(tenantId: string, scope: string): Map<string, unknown> | undefined {
    return this.tenants.get(tenantId)?.get(scope);
  }
}
