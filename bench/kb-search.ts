import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as lancedb from '@lancedb/lancedb';
import { createLogger } from '../src/log.js';
import { poolEmbedder } from '../src/retrieval/embedder.js';
import { CANDIDATES } from '../src/retrieval/hybrid-search.js';
import { type Embed, KnowledgeBase } from '../src/retrieval/knowledge-base.js';
import { nearest, searchPlan, VECTOR_DISTANCE } from '../src/retrieval/vector-index.js';
import { DEFAULT_MODELS } from '../src/runtime/manifest.js';
import { LocalRuntime } from '../src/runtime/runtime.js';
import { ModelStore } from '../src/runtime/store/model-store.js';
import { benchModelsDir, benchPool } from './models.js';
import { percentile, round } from './retrieval.js';
import { median } from './stats.js';
import {
  COLLECTION,
  cachedSyntheticKnowledgeBase,
  SMALL_COLLECTION,
  type SyntheticQuery,
  smallCollectionRows,
  syntheticQueries,
  TENANT,
} from './synthetic-kb.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const K = 10;
/** Passages the ask skill asks `searchAsReader` for (PASSAGES × 2 in skills/knowledge/ask.ts). */
const LIMIT = 8;

/**
 * `KnowledgeBase.search` timed end to end as the ask skill runs it: the query embedded by full-size MiniLM
 * (random-weight fixture) on the runtime pool, the vector half (`nearest`, `CANDIDATES` rows) and the full-text
 * half, fusion, and the passages' titles from the documents table. Collections of each size in
 * `BENCH_KB_SEARCH_SIZES` (default 50,000 and 1,000,000 chunks), each in a table that also holds another team's
 * collection a twentieth its size (measured too: at 1M that is a 50,000-chunk collection in a 1,050,000-row
 * table), built once and cached (see `cachedSyntheticKnowledgeBase`). Per collection a fresh `KnowledgeBase`
 * answers `BENCH_KB_SEARCH_QUERIES` (default 100) questions twice: the first pass (`first_pass_p95_ms`: the
 * LanceDB caches cold, the OS page cache as the machine left it) and the warm one (`p95_ms`).
 *
 * The random-weight model's vectors carry no topic, so the embedder runs (and is timed) as in the product and its
 * vector is then swapped for the query's held-out clustered point, which the collection's vectors are drawn around.
 * Peer (DESIGN §9): the exact (flat) search of the same vector and scope; recall@10 is the share of its 10 nearest
 * among the first 10 of our vector half's `CANDIDATES`.
 */
export async function kbSearch(): Promise<Record<string, unknown>> {
  const sizes = (process.env.BENCH_KB_SEARCH_SIZES ?? '50000,1000000').split(',').map(Number);
  const queries = syntheticQueries(Number(process.env.BENCH_KB_SEARCH_QUERIES ?? 100));
  const threads = cpus().length;
  const spec = DEFAULT_MODELS.embeddings;
  const log = createLogger('silent');
  const store = new ModelStore({ modelsDir: embeddingsDir(), endpoint: 'http://127.0.0.1:9', offline: true, log });
  const runtime = new LocalRuntime(store, benchPool(threads, 64));
  const embedder = poolEmbedder(runtime, spec);
  const rows: Record<string, unknown>[] = [];
  try {
    await embedder(['the model is loaded before anything is timed'], 'query');
    for (const chunks of sizes) {
      const { dir, build, reindexed } = await cachedSyntheticKnowledgeBase(chunks);
      const tableRows = chunks + smallCollectionRows(chunks);
      const built = build ? { build_s: round(build.writeMs / 1000 + build.optimizeSeconds, 1) } : {};
      const index = reindexed ? { reindexed_s: round(reindexed.seconds, 1) } : {};
      for (const [collection, rowsOf] of [
        [COLLECTION, chunks],
        [SMALL_COLLECTION, smallCollectionRows(chunks)],
      ] as const) {
        const measured = await measure(dir, collection, queries, embedder);
        const plan = searchPlan(rowsOf, tableRows, CANDIDATES);
        rows.push({ chunks: rowsOf, table_rows: tableRows, collection, ...measured, plan, ...built, ...index });
      }
    }
  } finally {
    await runtime.close();
  }
  const largest = rows.find((r) => r.chunks === Math.max(...sizes) && r.collection === COLLECTION) ?? {};
  return {
    chunks: largest.chunks,
    p95_ms: largest.p95_ms,
    first_pass_p95_ms: largest.first_pass_p95_ms,
    recall_at_10: largest.recall_at_10,
    min_recall_at_10: Math.min(...rows.map((r) => Number(r.recall_at_10))),
    rows,
    limit: LIMIT,
    candidates: CANDIDATES,
    queries: queries.length,
    threads,
    load_avg_1m: round(loadavg()[0] ?? 0, 2),
    model: `${spec.repo} (random-weight full-size fixture)`,
    goals: { p95_ms: 30, first_pass_p95_ms: 60, recall_at_10: 0.95, at_chunks: 1_000_000 },
  };
}

/** One collection: both passes of `KnowledgeBase.search`, then the vector half against the exact peer. */
async function measure(dir: string, collection: string, queries: SyntheticQuery[], embedder: Embed) {
  const vectors = new Map(queries.map((q) => [q.text, q.vector]));
  let embedMs: number[] = [];
  const embed: Embed = async (texts, purpose) => {
    const started = performance.now();
    const computed = await embedder(texts, purpose);
    embedMs.push(performance.now() - started);
    return texts.map((text, i) => vectors.get(text) ?? computed[i] ?? new Float32Array());
  };
  const kb = await KnowledgeBase.open(dir, embed);
  let found = 0;
  const pass = async () => {
    const ms: number[] = [];
    for (const query of queries) {
      const started = performance.now();
      found += (await kb.search(TENANT, collection, query.text, LIMIT)).filter((p) => p.title !== '').length;
      ms.push(performance.now() - started);
    }
    return ms;
  };
  const first = await pass();
  embedMs = [];
  const warm = await pass();
  await kb.close();

  const db = await lancedb.connect(dir);
  const table = await db.openTable('chunks');
  const where = `tenant = '${TENANT}' AND collection = '${collection}'`;
  const timed = async (run: () => Promise<Record<string, unknown>[]>) => {
    const started = performance.now();
    const ids = (await run()).map((r) => String(r.id));
    return { ms: performance.now() - started, ids };
  };
  const ours = async () => {
    const out: { ms: number; ids: string[] }[] = [];
    for (const q of queries) out.push(await timed(() => nearest(table, q.vector, where, CANDIDATES)));
    return out;
  };
  await ours(); // its caches warmed, as in the warm pass
  const vectorHalf = await ours();
  const exact: { ms: number; ids: string[] }[] = [];
  for (const q of queries) {
    const search = table.vectorSearch(q.vector).distanceType(VECTOR_DISTANCE).where(where).bypassVectorIndex();
    exact.push(await timed(() => search.limit(K).toArray()));
  }
  db.close();
  const hits = vectorHalf.reduce(
    (sum, f, i) => sum + f.ids.slice(0, K).filter((id) => exact[i]?.ids.includes(id)).length,
    0,
  );
  return {
    p95_ms: round(percentile(warm, 0.95)),
    first_pass_p95_ms: round(percentile(first, 0.95)),
    recall_at_10: round(hits / (K * queries.length), 3),
    p50_ms: round(median(warm)),
    first_pass_p50_ms: round(median(first)),
    embed_p50_ms: round(median(embedMs)),
    embed_p95_ms: round(percentile(embedMs, 0.95)),
    vector_half_p50_ms: round(median(vectorHalf.map((v) => v.ms))),
    vector_half_p95_ms: round(
      percentile(
        vectorHalf.map((v) => v.ms),
        0.95,
      ),
    ),
    exact_p50_ms: round(median(exact.map((e) => e.ms))),
    exact_p95_ms: round(
      percentile(
        exact.map((e) => e.ms),
        0.95,
      ),
    ),
    passages_per_query: round(found / (2 * queries.length), 2),
  };
}

/**
 * A models dir holding only the full-size random-weight MiniLM, generated on first use (in a child process, under a
 * key of its spec and the generator's sources; older ones removed). Its own dir, so the lock file is not shared
 * with benchmarks generating other models at the same time.
 */
function embeddingsDir(): string {
  const hash = createHash('sha256').update(JSON.stringify(DEFAULT_MODELS.embeddings));
  const generator = 'test/fixtures/models';
  for (const file of readdirSync(path.join(root, generator)).sort()) {
    if (file.endsWith('.ts')) hash.update(file).update(readFileSync(path.join(root, generator, file)));
  }
  const name = `embeddings-${hash.digest('hex').slice(0, 12)}`;
  const dir = path.join(benchModelsDir, name);
  if (existsSync(path.join(dir, '.complete'))) return dir;
  for (const old of existsSync(benchModelsDir) ? readdirSync(benchModelsDir) : []) {
    if (old.startsWith('embeddings-')) rmSync(path.join(benchModelsDir, old), { recursive: true, force: true });
  }
  process.stderr.write(`generating the full-size ${DEFAULT_MODELS.embeddings.repo} fixture in ${dir}…\n`);
  execFileSync(
    process.execPath,
    ['--import', 'tsx', path.join(generator, 'cli.ts'), dir, '--full-size', '--only', 'embeddings'],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  writeFileSync(path.join(dir, '.complete'), `${name}\n`);
  return dir;
}
