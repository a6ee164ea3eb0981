import type { DbApiKeys } from '../api-keys.js';
import type { Audit } from '../audit.js';
import type { EventDedupe } from '../dedupe.js';
import type { Quotas } from '../quotas.js';
import type { Settings } from '../settings.js';

/**
 * The public methods of the database stores that have no interface of their own yet: the core and the HTTP API name
 * the classes. The memory stores implement these shapes so both keep in step; once the consumers declare interfaces,
 * these retarget to them.
 */
export type SettingsStore = Pick<Settings, 'get' | 'set' | 'delete' | 'mayRun'>;
export type QuotaStore = Pick<Quotas, 'hit' | 'sweep'>;
export type DedupeStore = Pick<EventDedupe, 'claim' | 'sweep' | 'renewEveryMs'>;
export type AuditTrail = Pick<Audit, 'record'>;
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
