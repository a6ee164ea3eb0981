import type * as lancedb from '@lancedb/lancedb';
import { quote } from './kb-schema.js';
import type { Collection } from './kb-types.js';

/** The collections table: a tenant's collections and the channels allowed to query each (empty: every channel). */
export async function listCollections(table: lancedb.Table, tenant: string): Promise<Collection[]> {
  const rows = await table
    .query()
    .where(`tenant = ${quote(tenant)}`)
    .toArray();
  return rows.map((r) => ({ name: String(r.name), channels: JSON.parse(String(r.channels)) as string[] }));
}

/** Creates or replaces the collection's row. */
export async function saveCollection(
  table: lancedb.Table,
  tenant: string,
  name: string,
  channels: string[],
): Promise<Collection> {
  const row = { tenant, name, channels: JSON.stringify(channels), created_at: new Date().toISOString() };
  await table.mergeInsert(['tenant', 'name']).whenMatchedUpdateAll().whenNotMatchedInsertAll().execute([row]);
  return { name, channels };
}
