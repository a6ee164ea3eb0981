import type { AuditLog } from '../../core/ports.js';

/**
 * What a store offers: the core's port (core/ports.ts) plus the housekeeping the server runs (sweeps), declared
 * next to each database store. The database and memory stores both implement these, and test/store's contract
 * suite holds both to them.
 */
export type { ApiKeyStore } from '../api-keys.js';
export type { DedupeStore } from '../dedupe.js';
export type { ImageRecordStore } from '../image-records.js';
export type { QuotaStore } from '../quotas.js';
export type { SettingsStore } from '../settings.js';
export type AuditTrail = AuditLog;

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
