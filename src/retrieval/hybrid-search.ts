import * as lancedb from '@lancedb/lancedb';
import { reciprocalRankFusion } from './fusion.js';
import { quote, SOURCE_CHANNEL } from './kb-schema.js';
import type { Passage } from './kb-types.js';
import { nearest } from './vector-index.js';

/** Candidates each retriever (vector, full text) contributes before fusion. */
export const CANDIDATES = 20;

/** A chunk row found by a search, with how it was found. */
export interface Ranked {
  row: Record<string, unknown>;
  /** Fused rank score (reciprocal rank fusion of vector and full-text search). */
  score: number;
  /** Cosine similarity to the query (0 when only full-text search found it). */
  similarity: number;
  /** Whether full-text search matched it. */
  keywordMatch: boolean;
}

/**
 * Hybrid search over the chunks `where` selects: vector and full-text candidates fused by reciprocal rank, best
 * first. `where` is a prefilter, so rows it leaves out are never read, and never crowd out the rows it keeps. The
 * full-text half runs while the query is still being embedded (`vector` may be a promise) and the vector half runs.
 */
export async function hybridSearch(
  table: lancedb.Table,
  vector: Float32Array | undefined | Promise<Float32Array | undefined>,
  query: string,
  where: string,
  limit: number,
): Promise<Ranked[]> {
  const [byVector, byText] = await Promise.all([
    Promise.resolve(vector).then((v) => (v ? nearest(table, v, where, CANDIDATES) : [])),
    table
      .search(query.replace(/[^\p{L}\p{N}\s]/gu, ' '), 'fts', 'text')
      .where(where)
      .limit(CANDIDATES)
      .toArray()
      .catch(() => []),
  ]);
  const similarity = new Map(byVector.map((r) => [String(r.id), 1 - Number(r._distance)]));
  const keyword = new Set(byText.map((r) => String(r.id)));
  return reciprocalRankFusion([byVector, byText], (r) => String(r.id))
    .slice(0, limit)
    .map(({ item, score }) => ({
      row: item,
      score,
      similarity: similarity.get(String(item.id)) ?? 0,
      keywordMatch: keyword.has(String(item.id)),
    }));
}

/** The ranked chunks as passages: with their document's title and URL (looked up within `scope`). */
export async function passagesOf(documents: lancedb.Table, scope: string, ranked: Ranked[]): Promise<Passage[]> {
  const ids = [...new Set(ranked.map((r) => String(r.row.document_id)))];
  const rows = ids.length
    ? await documents
        .query()
        .where(`${scope} AND id IN (${ids.map(quote).join(', ')})`)
        .select(['id', 'title', 'url'])
        .toArray()
    : [];
  const docs = new Map(
    rows.map((r) => [String(r.id), { title: String(r.title), url: r.url ? String(r.url) : undefined }]),
  );
  return ranked.map(({ row, score, similarity, keywordMatch }) => {
    const doc = docs.get(String(row.document_id));
    return {
      documentId: String(row.document_id),
      chunkId: String(row.id),
      title: doc?.title ?? '',
      url: doc?.url,
      text: String(row.text),
      score,
      similarity,
      keywordMatch,
      sourceChannel: row[SOURCE_CHANNEL] ? String(row[SOURCE_CHANNEL]) : undefined,
    };
  });
}

/** A filter keeping chunks with no source channel or one not in `hidden` (SQL; `hidden` must not be empty). */
export function outsideChannels(hidden: readonly string[]): string {
  return `(${SOURCE_CHANNEL} IS NULL OR ${SOURCE_CHANNEL} NOT IN (${hidden.map(quote).join(', ')}))`;
}

/** Builds the full-text index of the chunks' text unless it exists (another process may be building it too). */
export async function ensureTextIndex(table: lancedb.Table): Promise<void> {
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
}
