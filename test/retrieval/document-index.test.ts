import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { afterAll, describe, expect, it } from 'vitest';
import { MIN_INDEXED_DOCUMENTS } from '../../src/retrieval/document-index.js';
import { type EmbeddedDocument, KnowledgeBase } from '../../src/retrieval/knowledge-base.js';

const docs = (count: number, from = 0): EmbeddedDocument[] =>
  Array.from({ length: count }, (_, i) => ({
    title: `Document ${from + i}`,
    chunks: [
      { text: `passage ${from + i}`, vector: Float32Array.from({ length: 8 }, (_, d) => (d === i % 8 ? 1 : 0)) },
    ],
  }));

describe('documents table indices (real LanceDB)', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('indexes the title lookup once the table has enough documents, and searches still find titles', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'omb-document-index-'));
    dirs.push(dir);
    const kb = await KnowledgeBase.open(dir, async (texts) =>
      texts.map(() => Float32Array.from({ length: 8 }, () => 1)),
    );
    const indexedColumns = async () => {
      const documents = await (await lancedb.connect(dir)).openTable('documents');
      return (await documents.listIndices()).map((i) => `${i.columns.join()}:${i.indexType}`).sort();
    };
    await kb.addEmbedded('t', 'c', docs(MIN_INDEXED_DOCUMENTS - 1));
    await kb.optimize();
    expect(await indexedColumns()).toEqual([]);
    await kb.addEmbedded('t', 'c', docs(1, MIN_INDEXED_DOCUMENTS - 1));
    // Two maintenance runs asked for at once run one after the other (a compaction would preempt an index build).
    await Promise.all([kb.optimize(), kb.optimize()]);
    expect(await indexedColumns()).toEqual(['collection:Bitmap', 'id:BTree', 'tenant:Bitmap']);
    const found = await kb.search('t', 'c', 'passage 7', 3);
    expect(found.map((p) => p.title)).toContain('Document 7');
    expect(found.every((p) => p.title.startsWith('Document '))).toBe(true);
    await kb.close();
  });
});
