import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../adapters/contract.js';
import { RecordingAdapter } from '../fakes/recording-adapter.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { NER_SENTENCE } from '../fixtures/models/known.js';
import { tempDir } from '../helpers/db.js';
import { type MemoryServer, startMemoryServer } from '../helpers/memory-server.js';

describe('sentiment and entities skills (fixture models through the pool, the core and the API, memory stores)', () => {
  const modelsDir = tempDir('omb-models-');
  const chat = new RecordingAdapter();
  let server: MemoryServer;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['sentiment', 'ner'] });
    server = await startMemoryServer({
      adapters: [chat],
      env: { MODELS_DIR: modelsDir, MODELS_OFFLINE: '1', API_KEYS: 'test-key', RUNTIME_WORKERS: '1' },
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  const api = (skill: string, body: unknown) =>
    fetch(`${server.url}/v1/skills/${skill}`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-key', 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it("scores sentiment in the seed's shape: a label and a probability per class", async () => {
    const res = await api('sentiment', { text: 'I love this, it is great and the support was excellent' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      label: string;
      scores: { negative: number; neutral: number; positive: number };
      model: { repo: string };
    };
    expect(body.label).toBe('positive');
    expect(Object.keys(body.scores).sort()).toEqual(['negative', 'neutral', 'positive']);
    expect(body.scores.negative + body.scores.neutral + body.scores.positive).toBeCloseTo(1, 5);
    expect(body.scores.positive).toBeGreaterThan(body.scores.negative);
    expect(body.model.repo).toBe('Xenova/bert-base-multilingual-uncased-sentiment');
    const sad = (await (await api('sentiment', { text: 'this is terrible, awful and broken' })).json()) as {
      label: string;
    };
    expect(sad.label).toBe('negative');
  });

  it('tags the seed sentence with exact offsets ("Mêlée Island")', async () => {
    const res = await api('entities', { text: NER_SENTENCE });
    const { entities } = (await res.json()) as {
      entities: { type: string; text: string; start: number; end: number; score: number }[];
    };
    expect(entities.map((e) => [e.type, e.text])).toEqual([
      ['PER', 'Elaine'],
      ['PER', 'Karla'],
      ['LOC', 'Mêlée Island'],
      ['ORG', 'Scumm Bar'],
    ]);
    for (const e of entities) {
      expect(NER_SENTENCE.slice(e.start, e.end)).toBe(e.text);
      expect(e.score).toBeGreaterThan(0.5);
    }
  });

  it('tags a text longer than the model window, windows merged with offsets into the whole text', async () => {
    const text = Array.from({ length: 40 }, () => NER_SENTENCE).join(' ');
    const { entities } = (await (await api('entities', { text })).json()) as {
      entities: { text: string; start: number; end: number }[];
    };
    expect(entities).toHaveLength(160);
    for (const e of entities) expect(text.slice(e.start, e.end)).toBe(e.text);
  });

  it('refuses empty and non-string text with 400, and oversized bodies with 413', async () => {
    expect((await api('sentiment', { text: '   ' })).status).toBe(400);
    expect((await api('entities', { text: 42 })).status).toBe(400);
    expect((await api('entities', {})).status).toBe(400);
    expect((await api('sentiment', { text: 'x'.repeat(2 * 1024 * 1024) })).status).toBe(413);
  });

  it('highlights entities in chat with a legend, from the command and from the "Tag entities" message action', async () => {
    const where = { channelId: 'c-ner', userId: 'u1' };
    await chat.command('entities', { text: NER_SENTENCE }, where);
    await eventually(() => {
      const [reply = ''] = chat.visible(where);
      expect(reply).toContain('**Elaine** `PER`');
      expect(reply).toContain('**Mêlée Island** `LOC`');
      expect(reply).toContain('`ORG` organisation');
    });
    const target = { id: 'm1', text: 'Karla went to Mêlée Island', authorId: 'u2', attachments: [] };
    await chat.messageAction('entities', target, { channelId: 'c-ner2', userId: 'u1' });
    await eventually(() => expect(chat.visible({ channelId: 'c-ner2' })[0]).toContain('**Karla** `PER`'));
  });
});
