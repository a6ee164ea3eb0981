import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { afterAll, describe, expect, it } from 'vitest';
import { type EmbeddedDocument, KnowledgeBase } from '../../src/retrieval/knowledge-base.js';
import {
  annOptions,
  ensureVectorIndex,
  MIN_INDEXED_ROWS,
  NPROBES,
  nearest,
  REFINED_ROWS,
  searchPlan,
  VECTOR_DISTANCE,
  vectorIndexPlan,
} from '../../src/retrieval/vector-index.js';

const DIM = 128;
const WHERE = "tenant = 't' AND collection = 'c'";
const OTHER = "tenant = 't' AND collection = 'other'";

const exact = (table: lancedb.Table, query: Float32Array, where: string, limit: number) =>
  table.vectorSearch(query).distanceType(VECTOR_DISTANCE).where(where).bypassVectorIndex().limit(limit).toArray();

/** Seeded unit vectors (uniform directions: the hard case for an index, good enough at this size). */
function vectors(count: number, seed: number): Float32Array[] {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  return Array.from({ length: count }, () => {
    const v = Float32Array.from({ length: DIM }, next);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

/** `count` chunks in documents of 10, texts made of words no query below uses. */
function documents(all: Float32Array[]): EmbeddedDocument[] {
  const docs: EmbeddedDocument[] = [];
  for (const [i, vector] of all.entries()) {
    if (i % 10 === 0) docs.push({ title: `Document ${i / 10}`, chunks: [] });
    docs.at(-1)?.chunks.push({ text: `passage number ${i} lorem ipsum`, vector });
  }
  return docs;
}

describe('search plan per scope and table size', () => {
  it('scans a scope under the threshold exactly, whatever its table', () => {
    expect(searchPlan(MIN_INDEXED_ROWS - 1, 1_000_000, 20)).toEqual({ kind: 'exact' });
    expect(searchPlan(999, 999, 20, 1000)).toEqual({ kind: 'exact' });
    expect(searchPlan(1000, 1000, 20, 1000).kind).toBe('ann');
  });

  it('probes NPROBES partitions of a big collection that fills its table', () => {
    expect(searchPlan(1_000_000, 1_050_000, 20)).toEqual({ kind: 'ann', nprobes: NPROBES, refineFactor: 10 });
    expect(searchPlan(4_000_000, 4_000_000, 20)).toMatchObject({ nprobes: NPROBES });
  });

  it("probes more partitions where each holds fewer of the scope's rows (the sizes kb-search measures)", () => {
    // 50,000 chunks alone: 256 partitions of ~195 rows; among 1,050,000: 1,024 partitions holding ~49 of them each.
    expect(searchPlan(50_000, 52_500, 20)).toEqual({ kind: 'ann', nprobes: 82, refineFactor: 10 });
    expect(searchPlan(50_000, 1_050_000, 20)).toEqual({ kind: 'ann', nprobes: 328, refineFactor: 10 });
    const probes = [1, 0.5, 0.2, 0.05, 0.02].map((share) => {
      const plan = searchPlan(Math.round(2_000_000 * share), 2_000_000, 20);
      return plan.kind === 'ann' ? plan.nprobes : Number.NaN;
    });
    expect(probes).toEqual([...probes].sort((a, b) => a - b));
    expect(new Set(probes).size).toBeGreaterThan(3);
  });

  it('never probes more partitions than the table has', () => {
    const partitions = vectorIndexPlan(1_000_000).numPartitions;
    expect(searchPlan(1_000, 1_000_000, 20, 1000)).toMatchObject({ nprobes: partitions });
  });

  it('re-ranks about REFINED_ROWS candidates whatever the limit', () => {
    for (const limit of [1, 8, 10, 20, 50]) {
      const plan = searchPlan(1_000_000, 1_000_000, limit);
      if (plan.kind !== 'ann') throw new Error('expected an index search');
      expect(limit * plan.refineFactor).toBeGreaterThanOrEqual(REFINED_ROWS);
      expect(limit * (plan.refineFactor - 1)).toBeLessThan(REFINED_ROWS);
    }
    expect(searchPlan(1_000_000, 1_000_000, 500)).toMatchObject({ refineFactor: 1 });
  });
});

describe('vector index policy (real LanceDB)', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'omb-vector-index-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('plans about √rows partitions, a power of two, named so a grown table is re-indexed', () => {
    expect(vectorIndexPlan(4000)).toMatchObject({ name: 'vector_ivf_rq_p64', numPartitions: 64 });
    expect(vectorIndexPlan(1_000_000).numPartitions).toBe(1024);
    expect(vectorIndexPlan(4_000_000).numPartitions).toBe(2048);
  });

  it('builds the index past the threshold, and the ANN search still finds a stored vector first', async () => {
    const dir = tempDir();
    const stored = vectors(4000, 7);
    const kb = await KnowledgeBase.open(dir, async () => []);
    await kb.addEmbedded('t', 'c', documents(stored));
    await kb.addEmbedded('t', 'other', documents(vectors(200, 8)));
    expect(await kb.optimize()).toBeUndefined(); // 4,200 rows: below the default threshold, no index
    await kb.close();

    const table = await (await lancedb.connect(dir)).openTable('chunks');
    expect(await ensureVectorIndex(table, 4000, { minRows: 1000 })).toMatchObject({ numPartitions: 64 });
    const indices = await table.listIndices();
    expect(indices.map((i) => `${i.columns.join()}:${i.indexType}`).sort()).toEqual([
      'collection:Bitmap',
      'tenant:Bitmap',
      'text:FTS',
      'vector:IvfRq',
    ]);
    expect(await ensureVectorIndex(table, 4000, { minRows: 1000 })).toBeUndefined(); // nothing new to build

    const query = table
      .vectorSearch(stored[0] ?? [])
      .distanceType(VECTOR_DISTANCE)
      .where(WHERE)
      .limit(5);
    expect(await annOptions(query, { kind: 'ann', nprobes: 8, refineFactor: 4 }).explainPlan()).toContain(
      'ANNIvfPartition',
    ); // searched through the index
    for (const i of [0, 123, 999, 2500, 3999]) {
      const query = stored[i] ?? new Float32Array(DIM);
      const found = await nearest(table, query, WHERE, 5, { minRows: 1000 });
      expect(found[0]?.text).toBe(`passage number ${i} lorem ipsum`);
      expect(found[0]?._distance).toBeCloseTo(0, 5);
      expect(found[0]?.id).toBe((await exact(table, query, WHERE, 5))[0]?.id);
      // The 200-row collection is below the threshold: scanned exactly, its results are the exact ones.
      const other = await nearest(table, query, OTHER, 5, { minRows: 1000 });
      expect(other.map((r) => r.id)).toEqual((await exact(table, query, OTHER, 5)).map((r) => r.id));
    }

    // Four times the rows want twice the partitions: the index is rebuilt under the new plan, the old one dropped.
    expect(await ensureVectorIndex(table, 16_000, { minRows: 1000 })).toMatchObject({ numPartitions: 128 });
    expect((await table.listIndices()).filter((i) => i.columns.includes('vector')).map((i) => i.name)).toEqual([
      'vector_ivf_rq_p128',
    ]);
    const again = await nearest(table, stored[42] ?? [], WHERE, 1, { minRows: 1000 });
    expect(again[0]?.text).toBe('passage number 42 lorem ipsum');
  });

  it('leaves search results of a small (unindexed) knowledge base as an exact search gives them', async () => {
    const dir = tempDir();
    const stored = vectors(300, 11);
    const queries = vectors(5, 99);
    const embed = async (texts: string[]) => texts.map((t) => queries[Number(t.slice(1))] ?? new Float32Array(DIM));
    const kb = await KnowledgeBase.open(dir, embed);
    await kb.addEmbedded('t', 'c', documents(stored));
    await kb.addEmbedded('t', 'other', documents(vectors(50, 12)));
    expect(await kb.optimize()).toBeUndefined();
    const table = await (await lancedb.connect(dir)).openTable('chunks');
    expect((await table.listIndices()).some((i) => i.columns.includes('vector'))).toBe(false);
    for (const [q, query] of queries.entries()) {
      // The query's words match no chunk, so the fused ranking is the vector ranking.
      const passages = await kb.search('t', 'c', `q${q}`, 5);
      const expected = await exact(table, query, WHERE, 5);
      expect(passages.map((p) => p.chunkId)).toEqual(expected.map((r) => r.id));
      for (const [i, p] of passages.entries()) expect(p.similarity).toBeCloseTo(1 - Number(expected[i]?._distance), 6);
    }
    await kb.close();
  });
});
