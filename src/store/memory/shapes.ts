import type { AuditLog, EventClaims, QuotaCounter, RoleGates } from '../../core/ports.js';
import type { DbApiKeys } from '../api-keys.js';
import type { Settings } from '../settings.js';

/**
 * What a store offers: the core's port (core/ports.ts) plus the housekeeping the server runs (sweeps), or, where
 * consumers still name a database class (settings, API keys), that class's public methods. The database and memory
 * stores both implement these, and test/store's contract suite holds both to them.
 */
export type SettingsStore = RoleGates & Pick<Settings, 'get' | 'set' | 'delete'>;
export type QuotaStore = QuotaCounter & { sweep(): Promise<unknown> };
export type DedupeStore = EventClaims & { sweep(): Promise<unknown> };
export type AuditTrail = AuditLog;
export type ApiKeyStore = Pick<DbApiKeys, 'create' | 'list' | 'revoke' | 'find'>;

/** ms since the epoch; the memory stores take one so tests move time instead of waiting. */
export type Clock = () => number;

/** A value as a JSON column gives it back: a copy, with what JSON cannot hold dropped (undefined stays undefined). */
export function asJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** The map's entry for `key`, made by `make` and added when missing. */
export function entryOf<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  const found = map.get(key);
  if (found !== undefined) return found;
  const made = make();
  map.set(key, made);
  return made;
}
