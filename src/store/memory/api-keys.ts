import {
  type ApiKeyInfo,
  type ApiPrincipal,
  keyHash,
  looksLikeApiKey,
  mintApiKey,
  type NewApiKey,
} from '../api-keys.js';
import type { ApiKeyStore, Clock } from './shapes.js';

/** Scoped API keys in memory, as `DbApiKeys` keeps them: only their hashes, revocation at once. */
export class MemoryApiKeys implements ApiKeyStore {
  /** In creation order. */
  private readonly keys: (ApiKeyInfo & { keyHash: string })[] = [];

  constructor(private readonly now: Clock = Date.now) {}

  /** A new key for `tenantId`: the key itself is returned here and never again. */
  async create(input: NewApiKey): Promise<ApiKeyInfo & { key: string }> {
    const { key, ...minted } = mintApiKey(input);
    const stored = { ...minted, createdAt: new Date(this.now()), revokedAt: null };
    this.keys.push(stored);
    return { ...toInfo(stored), key };
  }

  /** Every key, newest first. */
  async list(): Promise<ApiKeyInfo[]> {
    return [...this.keys].reverse().map(toInfo);
  }

  async revoke(id: string): Promise<boolean> {
    const live = this.keys.find((k) => k.id === id && k.revokedAt === null);
    if (live) live.revokedAt = new Date(this.now());
    return live !== undefined;
  }

  async find(key: string): Promise<ApiPrincipal | undefined> {
    if (!looksLikeApiKey(key)) return undefined;
    const hash = keyHash(key);
    const found = this.keys.find((k) => k.keyHash === hash && k.revokedAt === null);
    return found && { kind: 'scoped', keyId: found.id, tenantId: found.tenantId, scopes: new Set(found.scopes) };
  }
}

function toInfo(k: ApiKeyInfo): ApiKeyInfo {
  return {
    id: k.id,
    name: k.name,
    tenantId: k.tenantId,
    scopes: [...k.scopes],
    createdAt: new Date(k.createdAt),
    revokedAt: k.revokedAt && new Date(k.revokedAt),
  };
}
