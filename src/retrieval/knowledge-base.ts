import { createHash, randomUUID } from 'node:crypto';
import * as lancedb from '@lancedb/lancedb';
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
import { type Disk, realDisk } from '../disk.js';
import { type ChunkOptions, chunkText } from './chunking.js';
import { reciprocalRankFusion } from './fusion.js';
import { rowBytes, SpaceGuard } from './space-guard.js';
import { type BuiltVectorIndex, ensureVectorIndex, nearest } from './vector-index.js';

/** Turns texts into vectors (the embedding model through the pool, at ingestion or interactive priority). */
export type Embed = (texts: string[], purpose: 'ingest' | 'query') => Promise<Float32Array[]>;

export interface DocumentInput {
  tenant: string;
  collection: string;
  title: string;
  url?: string | undefined;
  text: string;
}

/** A document chunked and embedded already, for {@link KnowledgeBase.addEmbedded}. */
export interface EmbeddedDocument {
  title: string;
  url?: string | undefined;
  chunks: { text: string; heading?: string | undefined; vector: Float32Array }[];
}

export interface Collection {
  name: string;
  /** Channels allowed to query it; empty means every channel of the tenant. */
  channels: string[];
}

export interface DocumentInfo {
  id: string;
  title: string;
  url?: string | undefined;
  chunks: number;
  createdAt: string;
}

/** A retrieved passage, like the seed's "found contexts": the text, where it is from, and how well it matched. */
export interface Passage {
  documentId: string;
  chunkId: string;
  title: string;
  url?: string | undefined;
  text: string;
  /** Fused rank score (reciprocal rank fusion of vector and full-text search). */
  score: number;
  /** Cosine similarity of the passage to the query (0 when only full-text search found it). */
  similarity: number;
  /** Whether full-text search matched it (the question's words occur in it). */
  keywordMatch: boolean;
}

const CANDIDATES = 20;
const OPTIMIZE_AFTER_MS = 30_000;
const EMBED_SLICE = 64;

const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;

const vectorType = (dim: number) => new FixedSizeList(dim, new Field('item', new Float32(), true));
const chunkSchema = (dim: number) =>
  new Schema([
    new Field('id', new Utf8()),
    new Field('document_id', new Utf8()),
    new Field('tenant', new Utf8()),
    new Field('collection', new Utf8()),
    new Field('ordinal', new Int32()),
    new Field('text', new Utf8()),
    new Field('heading', new Utf8(), true),
    new Field('vector', vectorType(dim)),
  ]);

/**
 * Knowledge collections in LanceDB (a local path, or object storage such as s3://): a documents table and a
 * chunks table (vector + full-text index) shared by all tenants and collections, filtered on every query.
 * Identical content is stored once; a document added again under the same URL (or title) replaces its chunks.
 */
export class KnowledgeBase {
  private chunks: lancedb.Table | undefined;
  private creatingChunks: Promise<lancedb.Table> | undefined;
  /** Each collection's last write in this process, which the next one waits for. */
  private readonly writing = new Map<string, Promise<unknown>>();
  private optimizeTimer: NodeJS.Timeout | undefined;
  private textIndexed = false;

  private constructor(
    private readonly db: lancedb.Connection,
    private readonly documents: lancedb.Table,
    private readonly collectionsTable: lancedb.Table,
    private readonly embed: Embed,
    private readonly chunking: ChunkOptions,
    private readonly space: SpaceGuard,
  ) {}

  /**
   * `readConsistencySec`: how stale a read may be when other processes write (gateways sharing LANCEDB_URI); 0
   * checks for their writes on every read, undefined never (one process).
   */
  static async open(
    uri: string,
    embed: Embed,
    chunking: ChunkOptions = {},
    readConsistencySec?: number,
    disk: Disk = realDisk,
  ): Promise<KnowledgeBase> {
    const db = await lancedb.connect(uri, { readConsistencyInterval: readConsistencySec });
    const collectionSchema = new Schema([
      new Field('tenant', new Utf8()),
      new Field('name', new Utf8()),
      new Field('channels', new Utf8()),
      new Field('created_at', new Utf8()),
    ]);
    const collections = await db.createEmptyTable('collections', collectionSchema, { existOk: true });
    const schema = new Schema([
      new Field('id', new Utf8()),
      new Field('tenant', new Utf8()),
      new Field('collection', new Utf8()),
      new Field('title', new Utf8()),
      new Field('url', new Utf8(), true),
      new Field('key', new Utf8()),
      new Field('hash', new Utf8()),
      new Field('chunks', new Int32()),
      new Field('created_at', new Utf8()),
    ]);
    const documents = await db.createEmptyTable('documents', schema, { existOk: true });
    const kb = new KnowledgeBase(db, documents, collections, embed, chunking, new SpaceGuard(uri, disk));
    if ((await db.tableNames()).includes('chunks')) kb.chunks = await db.openTable('chunks');
    return kb;
  }

  /** The tenant's collections, with the channels allowed to query each (empty: every channel). */
  async collections(tenant: string): Promise<Collection[]> {
    const rows = await this.collectionsTable
      .query()
      .where(`tenant = ${quote(tenant)}`)
      .toArray();
    return rows.map((r) => ({ name: String(r.name), channels: JSON.parse(String(r.channels)) as string[] }));
  }

  async collection(tenant: string, name: string): Promise<Collection | undefined> {
    return (await this.collections(tenant)).find((c) => c.name === name);
  }

  /** Creates the collection if needed; `channels` (when given) replaces who may query it. */
  async defineCollection(tenant: string, name: string, channels?: string[]): Promise<Collection> {
    const existing = await this.collection(tenant, name);
    if (existing && channels === undefined) return existing;
    const row = { tenant, name, channels: JSON.stringify(channels ?? []), created_at: new Date().toISOString() };
    await this.collectionsTable
      .mergeInsert(['tenant', 'name'])
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute([row]);
    return { name, channels: channels ?? [] };
  }

  /** Adds (or replaces) a document; returns its id, its chunk count, and whether it was already there. */
  async add(
    input: DocumentInput,
    onProgress?: (embedded: number, total: number) => void,
  ): Promise<{ documentId: string; chunks: number; duplicate: boolean }> {
    const hash = createHash('sha256').update(input.text.replace(/\s+/g, ' ').trim()).digest('hex');
    const scope = this.scope(input.tenant, input.collection);
    const known = await this.sameContent(scope, hash);
    if (known) return known;
    const pieces = chunkText(input.text, this.chunking);
    const texts = pieces.map((p) => (p.heading && !p.text.startsWith('#') ? `${p.heading}\n${p.text}` : p.text));
    // Embedded in slices so a big document can report progress; the pool still batches within each slice.
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += EMBED_SLICE) {
      vectors.push(...(await this.embed(texts.slice(start, start + EMBED_SLICE), 'ingest')));
      onProgress?.(vectors.length, texts.length);
    }
    // Embedding runs concurrently; the writes of a collection go one at a time and look again first, so a copy
    // added meanwhile wins (one row) and a replacement replaces the latest version.
    return this.serially(scope, async () => {
      const raced = await this.sameContent(scope, hash);
      if (raced) return raced;
      const key = input.url ?? input.title;
      const previous = await this.documents
        .query()
        .where(`${scope} AND key = ${quote(key)}`)
        .limit(1)
        .toArray();
      const documentId = previous[0] ? String(previous[0].id) : randomUUID();
      // Refused before anything is written when the disk cannot hold it (a half-written document is worse).
      const bytes = rowBytes([...texts, input.title], vectors[0]?.length ?? 0);
      await this.space.write(bytes, `adding "${input.title}"`, async () => {
        await this.store(input, { documentId, key, hash, pieces, vectors, replaces: previous[0] !== undefined });
      });
      this.scheduleOptimize();
      return { documentId, chunks: pieces.length, duplicate: false };
    });
  }

  /** The writes of `add`: the old version out, the chunks in, then the document row that makes them count. */
  private async store(
    input: DocumentInput,
    doc: {
      documentId: string;
      key: string;
      hash: string;
      pieces: ReturnType<typeof chunkText>;
      vectors: Float32Array[];
      replaces: boolean;
    },
  ): Promise<void> {
    const { documentId, key, hash, pieces, vectors } = doc;
    if (doc.replaces) await this.remove(input.tenant, input.collection, documentId);
    if (pieces.length > 0) {
      const table = await this.chunksTable(vectors[0]?.length ?? 0);
      await table.add(
        pieces.map((p, i) => ({
          id: `${documentId}:${i}`,
          document_id: documentId,
          tenant: input.tenant,
          collection: input.collection,
          ordinal: i,
          text: p.text,
          heading: p.heading ?? null,
          vector: Array.from(vectors[i] ?? []),
        })),
      );
      await this.ensureTextIndex(table);
    }
    await this.documents.add([
      {
        id: documentId,
        tenant: input.tenant,
        collection: input.collection,
        title: input.title,
        url: input.url ?? null,
        key,
        hash,
        chunks: pieces.length,
        created_at: new Date().toISOString(),
      },
    ]);
  }

  /**
   * Bulk ingestion of documents chunked and embedded already (a migration, a restore, a benchmark): one write per
   * table per call, and no duplicate check or replacement, so give each document once. Returns the new ids.
   */
  async addEmbedded(tenant: string, collection: string, docs: EmbeddedDocument[]): Promise<string[]> {
    const ids = docs.map(() => randomUUID());
    const chunks = docs.flatMap((doc, d) => doc.chunks.map((c, ordinal) => ({ ...c, ordinal, doc: ids[d] ?? '' })));
    const dim = chunks[0]?.vector.length ?? 0;
    if (chunks.length > 0) {
      const table = await this.chunksTable(dim);
      const vectors = new Float32Array(chunks.length * dim);
      for (const [i, c] of chunks.entries()) vectors.set(c.vector, i * dim);
      const utf8 = (values: (string | null)[]) => vectorFromArray(values, new Utf8());
      const child = makeData({ type: new Float32(), length: vectors.length, data: vectors });
      await table.add(
        // The columns in the table's order (an Arrow table is faster to write than rows of objects).
        new ArrowTable(chunkSchema(dim), {
          id: utf8(chunks.map((c) => `${c.doc}:${c.ordinal}`)),
          document_id: utf8(chunks.map((c) => c.doc)),
          tenant: utf8(chunks.map(() => tenant)),
          collection: utf8(chunks.map(() => collection)),
          ordinal: vectorFromArray(Int32Array.from(chunks, (c) => c.ordinal)),
          text: utf8(chunks.map((c) => c.text)),
          heading: utf8(chunks.map((c) => c.heading ?? null)),
          vector: makeVector(makeData({ type: vectorType(dim), length: chunks.length, nullCount: 0, child })),
        }),
      );
      await this.ensureTextIndex(table);
    }
    if (docs.length > 0) {
      await this.documents.add(
        docs.map((doc, d) => ({
          id: ids[d],
          tenant,
          collection,
          title: doc.title,
          url: doc.url ?? null,
          key: doc.url ?? doc.title,
          hash: createHash('sha256')
            .update(doc.chunks.map((c) => c.text.replace(/\s+/g, ' ').trim()).join(' '))
            .digest('hex'),
          chunks: doc.chunks.length,
          created_at: new Date().toISOString(),
        })),
      );
    }
    this.scheduleOptimize();
    return ids;
  }

  async list(tenant: string, collection: string): Promise<DocumentInfo[]> {
    const rows = await this.documents.query().where(this.scope(tenant, collection)).toArray();
    return rows.map((r) => ({
      id: String(r.id),
      title: String(r.title),
      url: r.url ? String(r.url) : undefined,
      chunks: Number(r.chunks),
      createdAt: String(r.created_at),
    }));
  }

  /** Removes a document and its chunks; false when there was no such document. */
  async remove(tenant: string, collection: string, documentId: string): Promise<boolean> {
    const where = `${this.scope(tenant, collection)} AND id = ${quote(documentId)}`;
    const found = (await this.documents.countRows(where)) > 0;
    await this.documents.delete(where);
    await this.chunks?.delete(`${this.scope(tenant, collection)} AND document_id = ${quote(documentId)}`);
    return found;
  }

  /** Hybrid search: vector and full-text candidates fused by reciprocal rank, best first. */
  async search(tenant: string, collection: string, query: string, limit = 5): Promise<Passage[]> {
    const table = this.chunks;
    if (!table || query.trim() === '') return [];
    const where = this.scope(tenant, collection);
    const [vector] = await this.embed([query], 'query');
    const byVector = vector ? await nearest(table, Array.from(vector), where, CANDIDATES) : [];
    const byText = await table
      .search(query.replace(/[^\p{L}\p{N}\s]/gu, ' '), 'fts', 'text')
      .where(where)
      .limit(CANDIDATES)
      .toArray()
      .catch(() => []);
    const similarity = new Map(byVector.map((r) => [String(r.id), 1 - Number(r._distance)]));
    const keyword = new Set(byText.map((r) => String(r.id)));
    const fused = reciprocalRankFusion([byVector, byText], (r) => String(r.id)).slice(0, limit);
    const titles = await this.titles(
      tenant,
      collection,
      fused.map((f) => String(f.item.document_id)),
    );
    return fused.map(({ item, score }) => {
      const doc = titles.get(String(item.document_id));
      return {
        documentId: String(item.document_id),
        chunkId: String(item.id),
        title: doc?.title ?? '',
        url: doc?.url,
        text: String(item.text),
        score,
        similarity: similarity.get(String(item.id)) ?? 0,
        keywordMatch: keyword.has(String(item.id)),
      };
    });
  }

  async close(): Promise<void> {
    clearTimeout(this.optimizeTimer);
    this.db.close();
  }

  private scope(tenant: string, collection: string): string {
    return `tenant = ${quote(tenant)} AND collection = ${quote(collection)}`;
  }

  private async titles(tenant: string, collection: string, ids: string[]) {
    if (ids.length === 0) return new Map<string, { title: string; url?: string }>();
    const rows = await this.documents
      .query()
      .where(`${this.scope(tenant, collection)} AND id IN (${[...new Set(ids)].map(quote).join(', ')})`)
      .toArray();
    return new Map(rows.map((r) => [String(r.id), { title: String(r.title), url: r.url ? String(r.url) : undefined }]));
  }

  /** Created once, however many first writes ask at the same moment (concurrent creates conflict). */
  private async chunksTable(dim: number): Promise<lancedb.Table> {
    if (this.chunks) return this.chunks;
    this.creatingChunks ??= this.db.createEmptyTable('chunks', chunkSchema(dim), { existOk: true });
    this.chunks = await this.creatingChunks;
    return this.chunks;
  }

  /** A document of the collection (`scope`) with this content, if there is one. */
  private async sameContent(scope: string, hash: string) {
    const same = await this.documents
      .query()
      .where(`${scope} AND hash = ${quote(hash)}`)
      .limit(1)
      .toArray();
    return same[0] ? { documentId: String(same[0].id), chunks: Number(same[0].chunks), duplicate: true } : undefined;
  }

  /** Runs `write` after the collection's earlier writes (in this process) have finished. */
  private serially<T>(scope: string, write: () => Promise<T>): Promise<T> {
    const result = (this.writing.get(scope) ?? Promise.resolve()).then(write);
    this.writing.set(
      scope,
      result.catch(() => undefined),
    );
    return result;
  }

  /** The full-text index is built once the table has rows; rows added later are searched too. */
  private async ensureTextIndex(table: lancedb.Table): Promise<void> {
    if (this.textIndexed) return;
    const hasTextIndex = async () => (await table.listIndices()).some((i) => i.columns.includes('text'));
    for (let attempt = 0; !(await hasTextIndex()); attempt++) {
      try {
        await table.createIndex('text', { config: lancedb.Index.fts() });
      } catch (error) {
        // Another process creating the same index at the same moment wins ("preempted by concurrent
        // CreateIndex"): look again, and try once more only if it still is not there.
        if (attempt >= 4 || !/concurrent|preempted|conflict/i.test(String(error))) throw error;
        // This handle still shows the version before the other process's index: look at the latest one.
        await table.checkoutLatest();
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200));
      }
    }
    this.textIndexed = true;
  }

  /** Compaction and index refresh; builds (or grows) the vector index once the chunks table is big enough. */
  async optimize(): Promise<BuiltVectorIndex | undefined> {
    await Promise.all([this.documents.optimize(), this.chunks?.optimize()]);
    return this.chunks && ensureVectorIndex(this.chunks, await this.chunks.countRows());
  }

  /** Heavy writes fragment the tables; compaction (and index refresh) runs once things are quiet. */
  private scheduleOptimize(): void {
    clearTimeout(this.optimizeTimer);
    this.optimizeTimer = setTimeout(() => {
      void this.optimize().catch(() => {});
    }, OPTIMIZE_AFTER_MS);
    this.optimizeTimer.unref();
  }
}
