import { createHash, randomUUID } from 'node:crypto';
import * as lancedb from '@lancedb/lancedb';
import type { Schema } from 'apache-arrow';
import { type Disk, realDisk } from '../disk.js';
import { type Chunk, type ChunkOptions, chunkTextInSlices } from './chunking.js';
import { contentHash } from './content-hash.js';
import { ensureDocumentIndices } from './document-index.js';
import { ensureTextIndex, hybridSearch, outsideChannels, passagesOf } from './hybrid-search.js';
import { listCollections, saveCollection } from './kb-collections.js';
import {
  chunkColumns,
  chunkSchema,
  collectionSchema,
  documentSchema,
  quote,
  SOURCE_CHANNEL,
  upgradeTables,
} from './kb-schema.js';
import type {
  Collection,
  DocumentInfo,
  DocumentInput,
  Embed,
  EmbeddedDocument,
  Passage,
  WithheldPassage,
} from './kb-types.js';
import { rowBytes, SpaceGuard } from './space-guard.js';
import { type BuiltVectorIndex, ensureVectorIndex } from './vector-index.js';

export type {
  Collection,
  DocumentInfo,
  DocumentInput,
  Embed,
  EmbeddedDocument,
  Passage,
  WithheldPassage,
} from './kb-types.js';

const OPTIMIZE_AFTER_MS = 30_000;
const EMBED_SLICE = 64;

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
  private optimizing: Promise<unknown> = Promise.resolve();
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
    const existing = await db.tableNames();
    // A table from an earlier version is opened as it is (and upgraded below): creating it "if missing" with
    // today's schema would refuse it.
    const table = (name: string, schema: Schema) =>
      existing.includes(name) ? db.openTable(name) : db.createEmptyTable(name, schema, { existOk: true });
    const collections = await table('collections', collectionSchema);
    const documents = await table('documents', documentSchema);
    const kb = new KnowledgeBase(db, documents, collections, embed, chunking, new SpaceGuard(uri, disk));
    if (existing.includes('chunks')) kb.chunks = await db.openTable('chunks');
    await upgradeTables(documents, kb.chunks);
    return kb;
  }

  /** The tenant's collections, with the channels allowed to query each (empty: every channel). */
  collections(tenant: string): Promise<Collection[]> {
    return listCollections(this.collectionsTable, tenant);
  }

  async collection(tenant: string, name: string): Promise<Collection | undefined> {
    return (await this.collections(tenant)).find((c) => c.name === name);
  }

  /** Creates the collection if needed; `channels` (when given) replaces who may query it. */
  async defineCollection(tenant: string, name: string, channels?: string[]): Promise<Collection> {
    const existing = await this.collection(tenant, name);
    if (existing && channels === undefined) return existing;
    return saveCollection(this.collectionsTable, tenant, name, channels ?? []);
  }

  /** Adds (or replaces) a document; returns its id, its chunk count, and whether it was already there. */
  async add(
    input: DocumentInput,
    onProgress?: (embedded: number, total: number) => void,
  ): Promise<{ documentId: string; chunks: number; duplicate: boolean }> {
    // Hashing and chunking a long document take a second or more on a busy machine: in slices, so the event loop runs.
    const hash = await contentHash(input.text);
    const scope = this.scope(input.tenant, input.collection);
    const known = await this.sameContent(scope, hash);
    if (known) return known;
    const pieces = await chunkTextInSlices(input.text, this.chunking);
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
      pieces: Chunk[];
      vectors: Float32Array[];
      replaces: boolean;
    },
  ): Promise<void> {
    const { documentId, key, hash, pieces, vectors } = doc;
    if (doc.replaces) await this.remove(input.tenant, input.collection, documentId);
    if (pieces.length > 0) {
      const dim = vectors[0]?.length ?? 0;
      const table = await this.chunksTable(dim);
      // As Arrow columns: LanceDB converting 2,000 row objects held the event loop for hundreds of milliseconds.
      const source = input.sourceChannel ?? null;
      const chunks = pieces.map((p, i) => ({
        ...p,
        doc: documentId,
        ordinal: i,
        vector: vectors[i] ?? new Float32Array(dim),
        source,
      }));
      await table.add(chunkColumns(dim, input.tenant, input.collection, chunks));
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
        [SOURCE_CHANNEL]: input.sourceChannel ?? null,
      },
    ]);
  }

  /**
   * Bulk ingestion of documents chunked and embedded already (a migration, a restore, a benchmark): one write per
   * table per call, and no duplicate check or replacement, so give each document once. Returns the new ids.
   */
  async addEmbedded(tenant: string, collection: string, docs: EmbeddedDocument[]): Promise<string[]> {
    const ids = docs.map(() => randomUUID());
    const chunks = docs.flatMap((doc, d) =>
      doc.chunks.map((c, ordinal) => ({ ...c, ordinal, doc: ids[d] ?? '', source: doc.sourceChannel ?? null })),
    );
    const dim = chunks[0]?.vector.length ?? 0;
    if (chunks.length > 0) {
      const table = await this.chunksTable(dim);
      await table.add(chunkColumns(dim, tenant, collection, chunks));
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
          [SOURCE_CHANNEL]: doc.sourceChannel ?? null,
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
      sourceChannel: r[SOURCE_CHANNEL] ? String(r[SOURCE_CHANNEL]) : undefined,
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
    return (await this.searchAsReader(tenant, collection, query, limit, [])).passages;
  }

  /**
   * The search as a reader who may not read `hiddenChannels` sees it: their passages are filtered out inside the
   * store (a prefilter, so they never crowd out the rest), and `withheld` says how many of them the unfiltered
   * search would have ranked among the first `limit`, with how well they matched and nothing else.
   */
  async searchAsReader(
    tenant: string,
    collection: string,
    query: string,
    limit: number,
    hiddenChannels: readonly string[],
  ): Promise<{ passages: Passage[]; withheld: WithheldPassage[] }> {
    const table = this.chunks;
    if (!table || query.trim() === '') return { passages: [], withheld: [] };
    const scope = this.scope(tenant, collection);
    // Not awaited here: the full-text halves start while the query is embedded.
    const vector = this.embed([query], 'query').then(([v]) => v);
    vector.catch(() => {}); // rejections surface through hybridSearch; none may go unhandled meanwhile
    if (hiddenChannels.length === 0) {
      return {
        passages: await passagesOf(this.documents, scope, await hybridSearch(table, vector, query, scope, limit)),
        withheld: [],
      };
    }
    const hidden = new Set(hiddenChannels);
    const everything = await hybridSearch(table, vector, query, scope, limit);
    const visible = await hybridSearch(table, vector, query, `${scope} AND ${outsideChannels(hiddenChannels)}`, limit);
    const withheld = everything
      .filter((r) => r.row[SOURCE_CHANNEL] && hidden.has(String(r.row[SOURCE_CHANNEL])))
      .map(({ row, score, similarity, keywordMatch }) => ({
        score,
        similarity,
        keywordMatch,
        sourceChannel: String(row[SOURCE_CHANNEL]),
      }));
    return { passages: await passagesOf(this.documents, scope, visible), withheld };
  }

  /** The channels the collection's documents were imported from (none for uploads, URLs and typed text). */
  async sourceChannels(tenant: string, collection: string): Promise<string[]> {
    const rows = await this.documents
      .query()
      .where(`${this.scope(tenant, collection)} AND ${SOURCE_CHANNEL} IS NOT NULL`)
      .select([SOURCE_CHANNEL])
      .toArray();
    return [...new Set(rows.map((r) => String(r[SOURCE_CHANNEL])))];
  }

  async close(): Promise<void> {
    clearTimeout(this.optimizeTimer);
    this.db.close();
  }

  private scope(tenant: string, collection: string): string {
    return `tenant = ${quote(tenant)} AND collection = ${quote(collection)}`;
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
    await ensureTextIndex(table);
    this.textIndexed = true;
  }

  /**
   * Compaction and index refresh; builds (or grows) the vector index once the chunks table is big enough. One run at
   * a time, and a call cancels the scheduled one: a compaction committed while an index is being built preempts
   * the build ("CreateIndex transaction was preempted by concurrent transaction Rewrite").
   */
  optimize(): Promise<BuiltVectorIndex | undefined> {
    clearTimeout(this.optimizeTimer);
    const run = this.optimizing.catch(() => undefined).then(() => this.compactAndIndex());
    this.optimizing = run;
    return run;
  }

  private async compactAndIndex(): Promise<BuiltVectorIndex | undefined> {
    await Promise.all([this.documents.optimize(), this.chunks?.optimize()]);
    await ensureDocumentIndices(this.documents, await this.documents.countRows());
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
