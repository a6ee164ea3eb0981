import type { SettingsStore } from './settings.js';

/**
 * A setting that is one of a few fixed values: a channel's own value, else the server's, else `fallback`. A stored
 * value that is no longer one of `values` (an older release's) reads as the fallback.
 */
export class ChoiceSetting<T extends string> {
  constructor(
    private readonly settings: SettingsStore,
    private readonly key: string,
    private readonly values: readonly T[],
    private readonly fallback: T,
  ) {}

  async get(tenantId: string, channelId: string): Promise<T> {
    const value = await this.settings.get(tenantId, channelId, this.key);
    return this.values.find((v) => v === value) ?? this.fallback;
  }

  /** `scope`: a channel id, or '' (TENANT_SCOPE) for the whole server. */
  async set(tenantId: string, scope: string, value: T): Promise<void> {
    await this.settings.set(tenantId, scope, this.key, value);
  }
}
