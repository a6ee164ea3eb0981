import * as lancedb from '@lancedb/lancedb';

/** Documents a table has before its lookups get indices (below, scanning it is as fast). */
export const MIN_INDEXED_DOCUMENTS = 1_000;

/**
 * Indices of the documents table. Every search looks up its passages' titles by id within the tenant's collection
 * (`passagesOf`), which without them reads the id and scope columns of every tenant's documents: about half the time
 * of that lookup on a 5,000-document table (`npm run bench -- kb-search`), and growing with the table. Rows added
 * after an index was built are covered by the next `optimize`. Returns the columns it indexed.
 */
export async function ensureDocumentIndices(documents: lancedb.Table, rows: number): Promise<string[]> {
  if (rows < MIN_INDEXED_DOCUMENTS) return [];
  const existing = await documents.listIndices();
  const wanted = [
    ['id', lancedb.Index.btree()],
    ['tenant', lancedb.Index.bitmap()],
    ['collection', lancedb.Index.bitmap()],
  ] as const;
  const built: string[] = [];
  for (const [column, config] of wanted) {
    if (existing.some((i) => i.columns.includes(column))) continue;
    await documents.createIndex(column, { config });
    built.push(column);
  }
  return built;
}
