import * as lancedb from '@lancedb/lancedb';

/**
 * The vector-index policy of the chunks table. Small tables are searched exactly (a flat scan is fast there and
 * always right); once a table has `MIN_INDEXED_ROWS` rows it gets an IVF-RQ index: k-means partitions (about √rows,
 * a power of two) with every vector quantized to 1 bit a dimension (RaBitQ). A query probes the partitions nearest
 * to it (how many: `searchPlan`), ranks their quantized vectors, and re-ranks the best `limit × refineFactor` on the
 * full vectors, so distances and order are exact and only recall is approximate. `npm run bench -- retrieval` (1,000,000 384-d
 * clustered synthetic chunks, 2 cores): recall@10 0.98, p95 17–19 ms (an exact scan: ~1.2 s), built in ~60 s.
 * Rejected there: IVF-PQ (48 sub-vectors) needed the same refinement for the same recall and 3.5–5.5 minutes to
 * build; IVF-FLAT reached 0.97 with 15–20 probes at a slower p95 (19–26 ms), storing every vector twice.
 */

/** Embeddings are normalized; an index only answers for the distance it was trained with, so queries use this too. */
export const VECTOR_DISTANCE = 'cosine';
/**
 * Below this many rows a table gets no index, and a search scope (a tenant's collection) is scanned exactly even
 * when its table has one: the bitmap indices find the scope's rows, and the scan (~20 ms for 10,000 rows on 2 cores)
 * beats an index whose probed partitions hold few of the scope's rows and so miss most of its nearest ones.
 */
export const MIN_INDEXED_ROWS = 20_000;
/**
 * Partitions probed per query, at least. (With a prefilter LanceDB probes up to its maximum whatever the minimum, so
 * a plan sets both; an unbounded maximum probed every partition.)
 */
export const NPROBES = 40;
/**
 * Rows of the searched scope the probed partitions hold, about, at least: a scope that is a small share of its table
 * (one team's collection among many), or a table with small partitions, has few of them in each partition, and its
 * nearest rows are spread over more partitions, so it probes more.
 */
export const PROBED_SCOPE_ROWS = 16_000;
/** Quantized candidates re-ranked on full vectors, whatever the limit: `limit × refineFactor` is about this. */
export const REFINED_ROWS = 200;
/** Low-cardinality columns every query filters on: prefiltering them without an index scans the whole table. */
export const FILTER_COLUMNS = ['tenant', 'collection'];

export interface VectorIndexPlan {
  name: string;
  type: 'IVF_RQ';
  numPartitions: number;
  numBits: number;
}

export interface BuiltVectorIndex extends VectorIndexPlan {
  /** How long training and writing it took. */
  seconds: number;
}

export interface VectorIndexOptions {
  /** Rows a table (or scope) needs for the index to be built (or used); default `MIN_INDEXED_ROWS`. */
  minRows?: number;
}

/** The index for a table of `rows` rows; its name records the partitions, so a table that outgrows it is re-indexed. */
export function vectorIndexPlan(rows: number): VectorIndexPlan {
  const numPartitions = 2 ** Math.max(1, Math.round(Math.log2(Math.sqrt(rows))));
  return { name: `vector_ivf_rq_p${numPartitions}`, type: 'IVF_RQ', numPartitions, numBits: 1 };
}

/** How the vector half searches a scope: a flat scan, or the index with these options. */
export type SearchPlan = { kind: 'exact' } | { kind: 'ann'; nprobes: number; refineFactor: number };

/**
 * The search of a scope (a tenant's collection) of `scopeRows` rows in a table of `tableRows` rows, for `limit`
 * rows. A scope under `minRows` is scanned exactly. Above, enough partitions are probed to hold about
 * `PROBED_SCOPE_ROWS` of the scope's rows (the table's partitions as `vectorIndexPlan` makes them, the scope spread
 * over them evenly), and never fewer than `NPROBES`: recall@10 ≥ 0.95 in `npm run bench -- kb-search` for a
 * 50,000-chunk collection alone in its table, a 1,000,000-chunk one, and a 50,000-chunk one in a table of 1,050,000.
 * About `REFINED_ROWS` candidates are re-ranked on full vectors whatever the limit.
 */
export function searchPlan(
  scopeRows: number,
  tableRows: number,
  limit: number,
  minRows: number = MIN_INDEXED_ROWS,
): SearchPlan {
  if (scopeRows < minRows) return { kind: 'exact' };
  const partitions = vectorIndexPlan(Math.max(tableRows, scopeRows)).numPartitions;
  const scopeRowsPerPartition = scopeRows / partitions;
  const nprobes = Math.min(partitions, Math.max(NPROBES, Math.ceil(PROBED_SCOPE_ROWS / scopeRowsPerPartition)));
  return { kind: 'ann', nprobes, refineFactor: Math.max(1, Math.ceil(REFINED_ROWS / Math.max(1, limit))) };
}

/**
 * The vector half of a search: the `limit` rows nearest `vector` (cosine, as `_distance`) among those `where`
 * selects (a prefilter), as `searchPlan` says: exactly for a scope under `minRows` rows, through the ANN index
 * (when there is one) above. Counting the scope costs about a millisecond once the filter columns have their bitmap
 * indices; the table's count is metadata.
 */
export async function nearest(
  table: lancedb.Table,
  vector: Float32Array | number[],
  where: string,
  limit: number,
  { minRows = MIN_INDEXED_ROWS }: VectorIndexOptions = {},
): Promise<Record<string, unknown>[]> {
  const query = table.vectorSearch(vector).distanceType(VECTOR_DISTANCE).where(where).limit(limit);
  const [scopeRows, tableRows] = await Promise.all([table.countRows(where), table.countRows()]);
  const plan = searchPlan(scopeRows, tableRows, limit, minRows);
  return (plan.kind === 'exact' ? query.bypassVectorIndex() : annOptions(query, plan)).toArray();
}

/** The search options of an index search (ignored where there is no index). */
export function annOptions(
  query: lancedb.VectorQuery,
  plan: Extract<SearchPlan, { kind: 'ann' }>,
): lancedb.VectorQuery {
  return query.nprobes(plan.nprobes).refineFactor(plan.refineFactor);
}

const building = new WeakMap<lancedb.Table, Promise<BuiltVectorIndex | undefined>>();

/**
 * Builds the vector index (and bitmap indices on the filter columns) once the table has `minRows` rows, and
 * rebuilds it under the new plan once the table has grown to need twice the partitions (about 4× the rows; rows
 * added in between are folded into the existing partitions by `optimize`). Training takes about a minute a million
 * rows on 2 cores, so call it from deferred maintenance; the old index serves queries until the new one replaces it. Returns
 * what it built, or undefined when there was nothing to do (or a build of this table was already running).
 */
export function ensureVectorIndex(
  table: lancedb.Table,
  rows: number,
  options: VectorIndexOptions = {},
): Promise<BuiltVectorIndex | undefined> {
  const running = building.get(table);
  if (running) return running.then(() => undefined);
  const job = build(table, rows, options).finally(() => building.delete(table));
  building.set(table, job);
  return job;
}

async function build(
  table: lancedb.Table,
  rows: number,
  { minRows = MIN_INDEXED_ROWS }: VectorIndexOptions,
): Promise<BuiltVectorIndex | undefined> {
  if (rows < minRows) return undefined;
  const plan = vectorIndexPlan(rows);
  const indices = await table.listIndices();
  const current = indices.filter((i) => i.columns.includes('vector'));
  // An index someone made by hand is theirs to manage; ours are replaced only by a plan with more partitions.
  const partitions = current.map((i) => Number(/_ivf_rq_p(\d+)$/.exec(i.name)?.[1] ?? Number.POSITIVE_INFINITY));
  if (partitions.some((p) => p >= plan.numPartitions)) return undefined;
  const started = performance.now();
  for (const filter of FILTER_COLUMNS) {
    const exists = indices.some((i) => i.columns.includes(filter));
    if (!exists && (await table.schema()).fields.some((f) => f.name === filter)) {
      await table.createIndex(filter, { config: lancedb.Index.bitmap() });
    }
  }
  const config = lancedb.Index.ivfRq({
    distanceType: VECTOR_DISTANCE,
    numPartitions: plan.numPartitions,
    numBits: plan.numBits,
  });
  await table.createIndex('vector', { config, name: plan.name });
  for (const old of current) await table.dropIndex(old.name);
  return { ...plan, seconds: (performance.now() - started) / 1000 };
}
