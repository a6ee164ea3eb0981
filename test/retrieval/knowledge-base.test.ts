import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../../src/retrieval/knowledge-base.js';
import type { WorkerPool } from '../../src/runtime/pool.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';
import { fixtureHandle, testPool } from '../runtime/fixture-pool.js';

const PIRATES = [
  '# The pirate life',
  'The captain sails the ship to the island. The treasure is buried near the big tree on the island.',
  'Every pirate on the ship wants the treasure.',
].join('\n\n');
const FOOD = '# Dinner\n\nWe cook pizza with cheese for dinner. The bread is for lunch.';

describe('KnowledgeBase (real LanceDB, fixture embeddings through the pool)', () => {
  const models = tempDir('omb-models-');
  const data = tempDir('omb-kb-');
  let pool: WorkerPool;
  let kb: KnowledgeBase;

  beforeAll(async () => {
    writeFixtures(models, { only: ['embeddings'] });
    pool = testPool({});
    const handle = fixtureHandle(models, 'embeddings');
    kb = await KnowledgeBase.open(path.join(data, 'lancedb'), (texts) =>
      Promise.all(
        texts.map((text) => pool.run(handle, { text, pooling: 'mean', normalize: true }) as Promise<Float32Array>),
      ),
    );
  });
  afterAll(async () => {
    await kb?.close();
    await pool?.close();
    rmSync(models, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  });

  it('finds the document whose words the question uses, first', async () => {
    const pirates = await kb.add({ tenant: 't1', collection: 'docs', title: 'Pirates', text: PIRATES });
    await kb.add({ tenant: 't1', collection: 'docs', title: 'Food', text: FOOD });
    const found = await kb.search('t1', 'docs', 'where is the treasure buried?');
    expect(found[0]?.documentId).toBe(pirates.documentId);
    expect(found[0]?.title).toBe('Pirates');
    expect(found[0]?.keywordMatch).toBe(true);
    expect(found[0]?.similarity).toBeGreaterThan(0.5);
    const food = await kb.search('t1', 'docs', 'what do we cook for dinner?');
    expect(food[0]?.title).toBe('Food');
  });

  it('stores identical content once, and replaces a document added again under its title', async () => {
    const again = await kb.add({ tenant: 't1', collection: 'docs', title: 'Pirates copy', text: PIRATES });
    expect(again.duplicate).toBe(true);
    expect((await kb.list('t1', 'docs')).map((d) => d.title).sort()).toEqual(['Food', 'Pirates']);
    const food = (await kb.list('t1', 'docs')).find((d) => d.title === 'Food');
    const replaced = await kb.add({
      tenant: 't1',
      collection: 'docs',
      title: 'Food',
      text: '# Lunch\n\nSoup for lunch.',
    });
    expect(replaced).toMatchObject({ documentId: food?.id, duplicate: false });
    const hits = await kb.search('t1', 'docs', 'pizza cheese dinner', 20);
    expect(hits.some((h) => h.text.includes('pizza'))).toBe(false);
  });

  it('removes a deleted document from results, and keeps tenants and collections apart', async () => {
    const doc = await kb.add({
      tenant: 't1',
      collection: 'music',
      title: 'Band',
      text: 'The band plays a song at the concert.',
    });
    expect((await kb.search('t1', 'music', 'concert song'))[0]?.documentId).toBe(doc.documentId);
    expect(await kb.search('t2', 'music', 'concert song')).toEqual([]);
    expect((await kb.search('t1', 'docs', 'concert song')).some((p) => p.documentId === doc.documentId)).toBe(false);
    expect(await kb.remove('t1', 'music', doc.documentId)).toBe(true);
    expect(await kb.search('t1', 'music', 'concert song')).toEqual([]);
    expect(await kb.remove('t1', 'music', doc.documentId)).toBe(false);
  });

  it('keeps one document for concurrent duplicate inserts, all in flight at once, and one for a concurrent replace', async () => {
    // A barrier in the embedder: every add has checked for a copy and is embedding before any may write.
    const copies = 6;
    let waiting: (() => void)[] = [];
    let together = 0;
    const embed = async (texts: string[], purpose: 'ingest' | 'query') => {
      await new Promise<void>((release) => {
        if (purpose === 'query') return release();
        waiting.push(release);
        if (waiting.length === copies) {
          together = Math.max(together, waiting.length);
          for (const go of waiting) go();
          waiting = [];
        }
      });
      return texts.map((t) => Float32Array.from({ length: 8 }, (_, i) => ((t.length + i) % 5) + 1));
    };
    const racing = await KnowledgeBase.open(path.join(data, 'racing'), embed);
    const text = 'The lighthouse keeper logs every ship that passes the rocks at night.';
    const added = await Promise.all(
      Array.from({ length: copies }, (_, i) => racing.add({ tenant: 't', collection: 'c', title: `copy ${i}`, text })),
    );
    expect(together).toBe(copies);
    expect(added.filter((a) => !a.duplicate)).toHaveLength(1);
    expect(new Set(added.map((a) => a.documentId)).size).toBe(1);
    expect(await racing.list('t', 'c')).toHaveLength(1);
    // The same title with different words at once: one document of that title remains, with one version's chunks.
    const versions = await Promise.all(
      Array.from({ length: copies }, (_, i) =>
        racing.add({
          tenant: 't',
          collection: 'c',
          title: 'Rota',
          text: `Shift ${i}: the keeper on duty is number ${i}.`,
        }),
      ),
    );
    const rota = (await racing.list('t', 'c')).filter((d) => d.title === 'Rota');
    expect(rota).toHaveLength(1);
    expect(new Set(versions.map((v) => v.documentId))).toEqual(new Set([rota[0]?.id]));
    const hits = (await racing.search('t', 'c', 'keeper on duty shift', 50)).filter((h) => h.title === 'Rota');
    expect(new Set(hits.map((h) => h.text))).toHaveProperty('size', 1);
    await racing.close();
  });

  it('loses no rows when two processes ingest into one collection at once', async () => {
    const uri = path.join(data, 'shared');
    const script = path.join(data, 'ingest.mts');
    writeFileSync(
      script,
      `import { KnowledgeBase } from '${path.resolve('src/retrieval/knowledge-base.ts')}';
       // Any fixed vectors do here: this checks concurrent writes, not retrieval quality.
       const embed = async (texts: string[]) => texts.map((t) => Float32Array.from({ length: 8 }, (_, i) => (t.length * (i + 1)) % 7));
       const kb = await KnowledgeBase.open(process.argv[2], embed);
       for (let i = 0; i < 15; i++) await kb.add({ tenant: 't', collection: 'c', title: process.argv[3] + i, text: 'doc ' + process.argv[3] + ' number ' + i + '. More text here.' });
       await kb.close();`,
    );
    const run = (name: string) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', script, uri, name], { timeout: 60_000 });
    // A reader opened before the writers, as another gateway would be, sees their rows (read consistency 0).
    const reader = await KnowledgeBase.open(uri, async (texts) => texts.map(() => new Float32Array(8)), {}, 0);
    await reader.add({ tenant: 't', collection: 'c', title: 'first', text: 'The reader wrote this one first.' });
    expect(await reader.list('t', 'c')).toHaveLength(1);
    await Promise.all([run('a'), run('b')]);
    expect(await reader.list('t', 'c')).toHaveLength(31);
    await reader.close();
  }, 90_000);
});
