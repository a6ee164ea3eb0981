import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { apiKeys } from '../db/schema.js';
import { AppError } from '../errors.js';

/**
 * What an API key may do. `skills`: run skills (sentiment, ask, transcribe, imagine …); `kb:read`/`kb:write`: the
 * knowledge base; `moderation:read`: cases and policy; `moderation:admin`: change the policy and decide appeals;
 * `webhooks:admin`: inbound hooks and outbound endpoints.
 */
export const SCOPES = [
  'skills',
  'kb:read',
  'kb:write',
  'moderation:read',
  'moderation:admin',
  'webhooks:admin',
] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * Who holds a key: the operator (a key from API_KEYS: every tenant, every scope, and the key administration), or a
 * tenant's integration (one tenant, its scopes).
 */
export type ApiPrincipal =
  | { kind: 'operator'; keyId: string }
  | { kind: 'scoped'; keyId: string; tenantId: string; scopes: ReadonlySet<Scope> };

export interface ApiKeyInfo {
  id: string;
  name: string;
  tenantId: string;
  scopes: Scope[];
  createdAt: Date;
  revokedAt: Date | null;
}

const KEY_PREFIX = 'omb_';

export function keyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Parses a comma- or space-separated scope list; an unknown scope is a clear error. */
export function parseScopes(value: string | readonly string[]): Scope[] {
  const wanted = (typeof value === 'string' ? value.split(/[\s,]+/) : [...value]).filter((s) => s !== '');
  const unknown = wanted.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0 || wanted.length === 0) {
    throw new AppError(
      'bad_request',
      `scopes must be one or more of: ${SCOPES.join(', ')}${unknown.length ? ` (not ${unknown.join(', ')})` : ''}`,
    );
  }
  return [...new Set(wanted as Scope[])];
}

export interface NewApiKey {
  tenantId: string;
  scopes: readonly Scope[];
  name?: string | undefined;
}

/** A new key and what is stored of it (its hash, never the key); the tenant, name and scopes checked. */
export function mintApiKey(input: NewApiKey): {
  id: string;
  name: string;
  tenantId: string;
  scopes: Scope[];
  keyHash: string;
  key: string;
} {
  const tenantId = input.tenantId.trim();
  if (!/^[\w:.-]{1,100}$/.test(tenantId)) {
    throw new AppError('bad_request', 'tenant must be a guild id, a team id or "api" (letters, digits, _ : . -)');
  }
  const id = `key_${randomBytes(6).toString('base64url')}`;
  const key = `${KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
  const name = (input.name ?? '').trim().slice(0, 100) || id;
  return { id, name, tenantId, scopes: parseScopes(input.scopes), keyHash: keyHash(key), key };
}

/** Whether `key` has the shape of a scoped key (operator keys from API_KEYS do not). */
export const looksLikeApiKey = (key: string): boolean => key.startsWith(KEY_PREFIX);

/** Scoped API keys as the HTTP API administers and checks them; the database's and the memory twin keep this. */
export interface ApiKeyStore {
  /** A new key for `tenantId`: the key itself is returned here and never again. */
  create(input: NewApiKey): Promise<ApiKeyInfo & { key: string }>;
  /** Every key, newest first. */
  list(): Promise<ApiKeyInfo[]>;
  /** Revokes a key at once; false when there is no such live key. */
  revoke(id: string): Promise<boolean>;
  /** The principal holding `key`, or undefined for an unknown or revoked key. */
  find(key: string): Promise<ApiPrincipal | undefined>;
}

/** Scoped API keys in the database, shared by every process; only their hashes are stored. */
export class DbApiKeys implements ApiKeyStore {
  constructor(private readonly db: Db) {}

  /** A new key for `tenantId`: the key itself is returned here and never again. */
  async create(input: NewApiKey): Promise<ApiKeyInfo & { key: string }> {
    const { key, ...values } = mintApiKey(input);
    const [row] = await this.db.insert(apiKeys).values(values).returning();
    if (!row) throw new Error('the key was not stored');
    return { ...toInfo(row), key };
  }

  async list(): Promise<ApiKeyInfo[]> {
    return (await this.db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt))).map(toInfo);
  }

  /** Revokes a key at once (every process looks keys up per request); false when there is no such live key. */
  async revoke(id: string): Promise<boolean> {
    const revoked = await this.db
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    return revoked.length > 0;
  }

  /** The principal holding `key`, or undefined for an unknown or revoked key. */
  async find(key: string): Promise<ApiPrincipal | undefined> {
    if (!looksLikeApiKey(key)) return undefined;
    const [row] = await this.db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, keyHash(key)), isNull(apiKeys.revokedAt)));
    if (!row) return undefined;
    const info = toInfo(row);
    return { kind: 'scoped', keyId: info.id, tenantId: info.tenantId, scopes: new Set(info.scopes) };
  }
}

function toInfo(row: typeof apiKeys.$inferSelect): ApiKeyInfo {
  const scopes = (Array.isArray(row.scopes) ? row.scopes : []).filter((s): s is Scope =>
    (SCOPES as readonly string[]).includes(String(s)),
  );
  return {
    id: row.id,
    name: row.name,
    tenantId: row.tenantId,
    scopes,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  };
}
