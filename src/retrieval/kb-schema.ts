import type * as lancedb from '@lancedb/lancedb';
import {
  Table as ArrowTable,
  Field,
  FixedSizeList,
  Float32,
  Int32,
  makeData,
  makeVector,
  Schema,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';

/**
 * The knowledge base's LanceDB tables: their columns, and bringing tables written by an earlier version up to
 * them. `source_channel` (documents and chunks) is the platform channel a document was imported from; null for
 * uploads, URLs and typed text, which every member of the tenant may read.
 */

export const SOURCE_CHANNEL = 'source_channel';

export const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;

export const vectorType = (dim: number) => new FixedSizeList(dim, new Field('item', new Float32(), true));

export const chunkSchema = (dim: number) =>
  new Schema([
    new Field('id', new Utf8()),
    new Field('document_id', new Utf8()),
    new Field('tenant', new Utf8()),
    new Field('collection', new Utf8()),
    new Field('ordinal', new Int32()),
    new Field('text', new Utf8()),
    new Field('heading', new Utf8(), true),
    new Field('vector', vectorType(dim)),
    new Field(SOURCE_CHANNEL, new Utf8(), true),
  ]);

/** Chunks already embedded, as one Arrow table in the chunks table's column order (faster to write than rows). */
export function chunkColumns(
  dim: number,
  tenant: string,
  collection: string,
  chunks: readonly {
    doc: string;
    ordinal: number;
    text: string;
    heading?: string | undefined;
    vector: Float32Array;
    source: string | null;
  }[],
): ArrowTable {
  const vectors = new Float32Array(chunks.length * dim);
  for (const [i, c] of chunks.entries()) vectors.set(c.vector, i * dim);
  const utf8 = (values: (string | null)[]) => vectorFromArray(values, new Utf8());
  const child = makeData({ type: new Float32(), length: vectors.length, data: vectors });
  return new ArrowTable(chunkSchema(dim), {
    id: utf8(chunks.map((c) => `${c.doc}:${c.ordinal}`)),
    document_id: utf8(chunks.map((c) => c.doc)),
    tenant: utf8(chunks.map(() => tenant)),
    collection: utf8(chunks.map(() => collection)),
    ordinal: vectorFromArray(Int32Array.from(chunks, (c) => c.ordinal)),
    text: utf8(chunks.map((c) => c.text)),
    heading: utf8(chunks.map((c) => c.heading ?? null)),
    vector: makeVector(makeData({ type: vectorType(dim), length: chunks.length, nullCount: 0, child })),
    [SOURCE_CHANNEL]: utf8(chunks.map((c) => c.source)),
  });
}

export const documentSchema = new Schema([
  new Field('id', new Utf8()),
  new Field('tenant', new Utf8()),
  new Field('collection', new Utf8()),
  new Field('title', new Utf8()),
  new Field('url', new Utf8(), true),
  new Field('key', new Utf8()),
  new Field('hash', new Utf8()),
  new Field('chunks', new Int32()),
  new Field('created_at', new Utf8()),
  new Field(SOURCE_CHANNEL, new Utf8(), true),
]);

export const collectionSchema = new Schema([
  new Field('tenant', new Utf8()),
  new Field('name', new Utf8()),
  new Field('channels', new Utf8()),
  new Field('created_at', new Utf8()),
]);

/**
 * Adds `source_channel` to tables from before it existed (every row null), then fills it in for documents that were
 * imported from chat before the column existed: their URL is `<platform>://<tenant>/<channel>[/<thread>]` (see
 * skills/knowledge/import.ts), so history imported earlier stays limited to who can read it. Safe to run from
 * several processes at once: one adds the column, the others see it.
 */
export async function upgradeTables(documents: lancedb.Table, chunks: lancedb.Table | undefined): Promise<void> {
  for (const table of chunks ? [documents, chunks] : [documents]) {
    for (let attempt = 0; !(await hasColumn(table, SOURCE_CHANNEL)); attempt++) {
      try {
        // As SQL: an Arrow Field from our apache-arrow is not the one LanceDB's own copy recognises.
        await table.addColumns([{ name: SOURCE_CHANNEL, valueSql: 'CAST(NULL AS string)' }]);
      } catch (error) {
        if (attempt >= 4) throw error;
        await table.checkoutLatest();
      }
    }
  }
  const unset = await documents
    .query()
    .where(`${SOURCE_CHANNEL} IS NULL AND url IS NOT NULL AND NOT (url LIKE 'http%')`)
    .select(['id', 'url'])
    .toArray();
  for (const row of unset) {
    const channel = importedChannel(String(row.url));
    if (!channel) continue;
    const id = quote(String(row.id));
    // Chunks first: a crash in between leaves the document unset, so the next start finishes the job.
    await chunks?.update({ where: `document_id = ${id}`, values: { [SOURCE_CHANNEL]: channel } });
    await documents.update({ where: `id = ${id}`, values: { [SOURCE_CHANNEL]: channel } });
  }
}

async function hasColumn(table: lancedb.Table, name: string): Promise<boolean> {
  return (await table.schema()).fields.some((f) => f.name === name);
}

/** The channel of a chat import's address (a scheme that is no web one, the tenant, then the channel). */
export function importedChannel(url: string): string | undefined {
  const match = /^([a-z][\w-]*):\/\/([^/]+)\/([^/?#]+)/.exec(url);
  if (!match?.[3] || match[1] === 'http' || match[1] === 'https' || match[1] === 'file') return undefined;
  return match[3];
}
