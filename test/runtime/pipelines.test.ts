import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerPool } from '../../src/runtime/pool.js';
import type { Answer, Entity, LabelScore } from '../../src/runtime/tasks.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import * as known from '../fixtures/models/known.js';
import { tempDir } from '../helpers/db.js';
import { fixtureHandle, recordingObserver, testPool } from './fixture-pool.js';

describe('pipelines on fixture models, in the worker pool', () => {
  const dir = tempDir('omb-models-');
  const record = recordingObserver();
  let pool: WorkerPool;
  const run = <T>(id: Parameters<typeof fixtureHandle>[1], input: unknown) =>
    pool.run(fixtureHandle(dir, id), input) as Promise<T>;

  beforeAll(() => {
    writeFixtures(dir);
    pool = testPool({ observer: record.observer });
  });
  afterAll(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('classifies sentiment with softmax scores over the labels', async () => {
    const negative = await run<LabelScore[]>('sentiment', { text: 'I hate this, terrible update' });
    expect(negative[0]?.label).toBe('1 star');
    expect(negative.reduce((s, l) => s + l.score, 0)).toBeCloseTo(1, 5);
    const positive = await run<LabelScore[]>('sentiment', { text: 'Great game, love it' });
    expect(positive[0]?.label).toBe('5 stars');
  });

  it('scores toxicity as independent labels (sigmoid)', async () => {
    const scores = await run<LabelScore[]>('toxicity', { text: 'you are an idiot' });
    const by = Object.fromEntries(scores.map((s) => [s.label, s.score]));
    expect(by.toxic).toBeGreaterThan(0.9);
    expect(by.insult).toBeGreaterThan(0.9);
    expect(by.threat).toBeLessThan(0.01);
    const clean = await run<LabelScore[]>('toxicity', { text: 'see you tomorrow' });
    expect(Math.max(...clean.map((s) => s.score))).toBeLessThan(0.01);
  });

  it.each(['first', 'average', 'max'] as const)(
    'tags entities with exact offsets (%s aggregation)',
    async (aggregation) => {
      const text = known.NER_SENTENCE;
      const entities = await run<Entity[]>('ner', { text, aggregation });
      expect(entities.map((e) => ({ label: e.label, text: e.text }))).toEqual(known.NER_EXPECTED);
      for (const e of entities) expect(text.slice(e.start, e.end)).toBe(e.text);
    },
  );

  it('returns raw word-piece tags without aggregation', async () => {
    const entities = await run<Entity[]>('ner', { text: 'Karla likes Mêlée', aggregation: 'none' });
    expect(entities.map((e) => [e.label, e.text])).toEqual([
      ['B-PER', 'Karla'],
      ['B-LOC', 'M'],
      ['I-LOC', 'ê'],
      ['I-LOC', 'lée'],
    ]);
  });

  it('embeds sentences as unit vectors where a shared topic means closeness', async () => {
    const [pirates1, pirates2, food] = await Promise.all(
      ['the pirate captain and his ship', 'treasure on the island', 'pizza and bread for dinner'].map((text) =>
        run<Float32Array>('embeddings', { text }),
      ),
    );
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0);
    expect(pirates1).toBeInstanceOf(Float32Array);
    expect(pirates1?.length).toBe(384);
    expect(dot(pirates1 as Float32Array, pirates1 as Float32Array)).toBeCloseTo(1, 5);
    expect(dot(pirates1 as Float32Array, pirates2 as Float32Array)).toBeGreaterThan(
      dot(pirates1 as Float32Array, food as Float32Array),
    );
  });

  it('answers from the context with character offsets', async () => {
    const [best] = await run<Answer[]>('qa', { question: 'Where is the treasure?', context: known.QA_CONTEXT });
    expect(best?.answer).toBe(known.QA_ANSWER);
    expect(known.QA_CONTEXT.slice(best?.start, best?.end)).toBe(known.QA_ANSWER);
  });

  it('finds an answer far beyond one window of a long context', async () => {
    const filler = 'the game server was fixed tonight and everyone said thanks. '.repeat(120);
    const context = `${filler}${known.QA_CONTEXT} ${filler}`;
    const [best] = await run<Answer[]>('qa', { question: 'Where is the treasure?', context });
    expect(best?.answer).toBe(known.QA_ANSWER);
    expect(best?.start).toBe(filler.length + known.QA_CONTEXT.indexOf(known.QA_ANSWER));
  });

  it('batches concurrent requests and gives each caller exactly its unbatched result', async () => {
    const texts = Array.from({ length: 20 }, (_, i) => `message ${i} ${i % 2 ? 'great' : 'awful'} ${'lol '.repeat(i)}`);
    const alone: LabelScore[][] = [];
    for (const text of texts) alone.push(await run<LabelScore[]>('sentiment', { text }));
    const before = record.batches.length;
    const together = await Promise.all(texts.map((text) => run<LabelScore[]>('sentiment', { text })));
    const sizes = record.batches.slice(before).map((b) => b.size);
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(texts.length);
    together.forEach((scores, i) => {
      expect(scores.map((s) => s.label)).toEqual(alone[i]?.map((s) => s.label));
      scores.forEach((s, j) => {
        expect(s.score).toBeCloseTo(alone[i]?.[j]?.score ?? Number.NaN, 6);
      });
    });
  });
});
