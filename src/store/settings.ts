import { and, eq, inArray } from 'drizzle-orm';
import type { RoleGates } from '../core/ports.js';
import type { Db } from '../db/client.js';
import { settings } from '../db/schema.js';

/** The tenant-wide scope; channel overrides use the channel id as scope. */
export const TENANT_SCOPE = '';

/** `roles.<skill>`: the role gate of a skill (set by moderators with /moderation do:role-gate). */
export const roleGateKey = (skill: string) => `roles.${skill}`;

/** What settings' readers and writers need: the database's `Settings` and the memory twin both keep it. */
export interface SettingsStore extends RoleGates {
  /** The channel's value if set, else the tenant's, else undefined. */
  get(tenantId: string, channelId: string, key: string): Promise<unknown>;
  /** `scope`: a channel id, or TENANT_SCOPE for the whole tenant. */
  set(tenantId: string, scope: string, key: string, value: unknown): Promise<void>;
  delete(tenantId: string, scope: string, key: string): Promise<void>;
}

/**
 * Per-tenant settings with per-channel overrides (JSON values). Keys in use:
 * - `roles.<skill>`: string[] of role ids allowed to run that skill (absent or empty = everyone).
 * - `moderation.policy`: the moderation policy (skills/moderation/policy.ts); a channel's replaces the server's.
 */
export class Settings implements SettingsStore {
  /**
   * Reads are remembered briefly: every message in a busy channel asks for the same policy and role gates, and
   * the database should not be asked thousands of times a second. Writes here clear the memory at once; another
   * process's writes are seen within `cacheMs`.
   */
  private readonly cache = new Map<string, { value: Promise<unknown>; until: number }>();

  constructor(
    private readonly db: Db,
    private readonly cacheMs = 2000,
  ) {}

  /** The channel's value if set, else the tenant's, else undefined. */
  get(tenantId: string, channelId: string, key: string): Promise<unknown> {
    const id = `${tenantId}\u0000${channelId}\u0000${key}`;
    const hit = this.cache.get(id);
    if (hit && hit.until > Date.now()) return hit.value;
    if (this.cache.size > 10_000) this.cache.clear();
    const value = this.read(tenantId, channelId, key);
    this.cache.set(id, { value, until: Date.now() + this.cacheMs });
    value.catch(() => this.cache.delete(id));
    return value;
  }

  private async read(tenantId: string, channelId: string, key: string): Promise<unknown> {
    const rows = await this.db
      .select({ scope: settings.scope, value: settings.value })
      .from(settings)
      .where(
        and(eq(settings.tenantId, tenantId), eq(settings.key, key), inArray(settings.scope, [TENANT_SCOPE, channelId])),
      );
    const channel = rows.find((r) => r.scope === channelId && channelId !== TENANT_SCOPE);
    return (channel ?? rows.find((r) => r.scope === TENANT_SCOPE))?.value;
  }

  async set(tenantId: string, scope: string, key: string, value: unknown): Promise<void> {
    this.cache.clear();
    await this.db
      .insert(settings)
      .values({ tenantId, scope, key, value })
      .onConflictDoUpdate({
        target: [settings.tenantId, settings.scope, settings.key],
        set: { value, updatedAt: new Date() },
      });
  }

  async delete(tenantId: string, scope: string, key: string): Promise<void> {
    this.cache.clear();
    await this.db
      .delete(settings)
      .where(and(eq(settings.tenantId, tenantId), eq(settings.scope, scope), eq(settings.key, key)));
  }

  /** Role gate: true when no roles are configured for the skill or the user holds one of them. */
  async mayRun(tenantId: string, channelId: string, skill: string, roles: readonly string[]): Promise<boolean> {
    const allowed = await this.get(tenantId, channelId, roleGateKey(skill));
    if (!Array.isArray(allowed) || allowed.length === 0) return true;
    return allowed.some((role) => typeof role === 'string' && roles.includes(role));
  }
}
