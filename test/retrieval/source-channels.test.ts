import { rmSync } from 'node:fs';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { Schema } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { chunkSchema, documentSchema, SOURCE_CHANNEL } from '../../src/retrieval/kb-schema.js';
import { KnowledgeBase } from '../../src/retrieval/knowledge-base.js';
import { tempDir } from '../helpers/db.js';

const DIM = 16;

/** A bag-of-words embedding (each word hashed to a dimension): texts sharing words are close, and it is instant. */
async function embed(texts: string[]): Promise<Float32Array[]> {
  return texts.map((text) => {
    const v = new Float32Array(DIM);
    for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
      let h = 0;
      for (const c of word) h = (h * 31 + (c.codePointAt(0) ?? 0)) >>> 0;
      v[h % DIM] = (v[h % DIM] ?? 0) + 1;
    }
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => x / norm);
  });
}

describe('source channels in the knowledge base (real LanceDB)', () => {
  const data = tempDir('omb-kb-sources-');
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  it('keeps hidden channels’ passages inside the store, counts them, and never lets them crowd out the rest', async () => {
    const kb = await KnowledgeBase.open(path.join(data, 'a'), embed);
    const staff = await kb.add({
      tenant: 't',
      collection: 'c',
      title: 'Channel staff',
      text: 'The vault code is guarded by the night shift.',
      sourceChannel: 'staff',
    });
    // Many more hidden passages that match better than the visible one: a post-filter would return none of it.
    for (let i = 0; i < 30; i++) {
      await kb.add({
        tenant: 't',
        collection: 'c',
        title: `Secret ${i}`,
        text: `vault code vault code number ${i}`,
        sourceChannel: "evil'); DROP TABLE chunks; --",
      });
    }
    const general = await kb.add({
      tenant: 't',
      collection: 'c',
      title: 'Channel general',
      text: 'Lunch is served at noon; the vault is closed then.',
      sourceChannel: 'general',
    });
    const upload = await kb.add({ tenant: 't', collection: 'c', title: 'Handbook', text: 'The vault opens at nine.' });

    expect((await kb.sourceChannels('t', 'c')).sort()).toEqual(["evil'); DROP TABLE chunks; --", 'general', 'staff']);
    const everyone = await kb.searchAsReader('t', 'c', 'vault code', 40, []);
    expect(everyone.withheld).toEqual([]);
    expect(everyone.passages.some((p) => p.documentId === staff.documentId)).toBe(true);

    const hidden = ['staff', "evil'); DROP TABLE chunks; --"];
    const reader = await kb.searchAsReader('t', 'c', 'vault code', 8, hidden);
    const ids = reader.passages.map((p) => p.documentId);
    expect(ids).toContain(general.documentId);
    expect(ids).toContain(upload.documentId);
    expect(reader.passages.every((p) => p.sourceChannel === undefined || p.sourceChannel === 'general')).toBe(true);
    expect(reader.passages.some((p) => /guarded|number/.test(p.text))).toBe(false);
    // Withheld: how well they matched and whose channel hid them, never their text.
    expect(reader.withheld.length).toBeGreaterThan(0);
    for (const w of reader.withheld) {
      expect(Object.keys(w).sort()).toEqual(['keywordMatch', 'score', 'similarity', 'sourceChannel']);
      expect(hidden).toContain(w.sourceChannel);
    }
    // Nothing was dropped by the hostile channel name.
    expect((await kb.list('t', 'c')).length).toBe(33);
    await kb.close();
  });

  it('upgrades tables written before source channels, filling them in for chat imports', async () => {
    const uri = path.join(data, 'old');
    const db = await lancedb.connect(uri);
    const old = (id: string, title: string, url: string | null) => ({
      id,
      tenant: 't',
      collection: 'c',
      title,
      url,
      key: url ?? title,
      hash: id,
      chunks: 1,
      created_at: '2026-01-01T00:00:00Z',
    });
    // The tables as the previous version made them: its schemas, without source_channel.
    const withoutSources = (schema: Schema) => new Schema(schema.fields.filter((f) => f.name !== SOURCE_CHANNEL));
    const documents = await db.createEmptyTable('documents', withoutSources(documentSchema));
    await documents.add([
      old('d1', 'Channel c-staff, 2026-01-01', 'discord://g1/c-staff'),
      old('d2', 'A web page', 'https://example.com/discord://g1/x'),
      old('d3', 'Thread t9', 'slack://T1/G123/1700000000.000100'),
    ]);
    const vector = async (text: string) => Array.from((await embed([text]))[0] ?? []);
    const chunk = async (doc: string, text: string) => ({
      id: `${doc}:0`,
      document_id: doc,
      tenant: 't',
      collection: 'c',
      ordinal: 0,
      text,
      heading: 'h',
      vector: await vector(text),
    });
    const chunks = await db.createEmptyTable('chunks', withoutSources(chunkSchema(DIM)));
    await chunks.add([
      await chunk('d1', 'the vault code is secret'),
      await chunk('d2', 'the vault is on the web'),
      await chunk('d3', 'the vault thread'),
    ]);
    await chunks.createIndex('text', { config: lancedb.Index.fts() });
    db.close();

    const kb = await KnowledgeBase.open(uri, embed);
    const byId = new Map((await kb.list('t', 'c')).map((d) => [d.id, d.sourceChannel]));
    expect(Object.fromEntries(byId)).toEqual({ d1: 'c-staff', d2: undefined, d3: 'G123' });
    const reader = await kb.searchAsReader('t', 'c', 'vault', 5, ['c-staff', 'G123']);
    expect(reader.passages.map((p) => p.documentId)).toEqual(['d2']);
    expect(reader.withheld).toHaveLength(2);
    // The upgraded tables take new documents, one by one and in bulk.
    await kb.add({ tenant: 't', collection: 'c', title: 'New', text: 'a new vault note', sourceChannel: 'c-new' });
    const [bulk] = await kb.addEmbedded('t', 'c', [
      {
        title: 'Bulk',
        sourceChannel: 'c-bulk',
        chunks: [{ text: 'bulk vault', vector: (await embed(['bulk vault']))[0] as Float32Array }],
      },
    ]);
    const sources = Object.fromEntries((await kb.list('t', 'c')).map((d) => [d.title, d.sourceChannel]));
    expect(sources).toMatchObject({ New: 'c-new', Bulk: 'c-bulk' });
    const visible = await kb.searchAsReader('t', 'c', 'vault', 10, ['c-staff', 'G123', 'c-bulk']);
    expect(visible.passages.map((p) => p.documentId)).not.toContain(bulk);
    // Opening again (another process, a restart) finds nothing left to do.
    const again = await KnowledgeBase.open(uri, embed);
    expect((await again.list('t', 'c')).find((d) => d.id === 'd1')?.sourceChannel).toBe('c-staff');
    await again.close();
    await kb.close();
  });
});
