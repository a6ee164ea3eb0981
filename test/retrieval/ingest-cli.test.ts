import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../../src/retrieval/knowledge-base.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';
import { makePdf } from '../helpers/pdf.js';
import { cliPath } from '../helpers/process.js';

const run = promisify(execFile);

describe('omb ingest (the built CLI, real LanceDB, fixture embeddings)', () => {
  const modelsDir = tempDir('omb-models-');
  const dataDir = tempDir('omb-ingest-');
  const docs = tempDir('omb-docs-');
  const env = {
    PATH: process.env.PATH ?? '',
    DATA_DIR: dataDir,
    MODELS_DIR: modelsDir,
    MODELS_OFFLINE: '1',
    RUNTIME_WORKERS: '1',
    LOG_LEVEL: 'warn',
  };
  const ingest = (...args: string[]) =>
    run(process.execPath, [cliPath, 'ingest', ...args], { env }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
  const rows = (stdout: string) =>
    stdout
      .trim()
      .split('\n')
      .map((line) => line.split('\t'));

  beforeAll(() => {
    writeFixtures(modelsDir, { only: ['embeddings'] });
    writeFileSync(path.join(docs, 'pirates.md'), '# Pirates\n\nThe captain sails the ship to the island.');
    writeFileSync(path.join(docs, 'dinner.txt'), 'We cook pizza with cheese for dinner.');
    writeFileSync(path.join(docs, 'cat.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    mkdirSync(path.join(docs, 'reports'));
    writeFileSync(path.join(docs, 'reports', 'q3.pdf'), makePdf([['Revenue grew by twelve percent.']], 'Q3 report'));
  });
  afterAll(() => {
    for (const dir of [modelsDir, dataDir, docs]) rmSync(dir, { recursive: true, force: true });
  });

  it('adds a folder of documents, reports each, and skips them when nothing changed', async () => {
    const missing = path.join(docs, 'nope.md');
    const first = await ingest(docs, missing, '--collection', 'handbook');
    expect(first.code).toBe(1);
    const byPath = new Map(rows(first.stdout).map((r) => [r[3], r]));
    expect(byPath.get(path.join(docs, 'pirates.md'))?.slice(0, 3)).toEqual(['added', '1', 'Pirates']);
    expect(byPath.get(path.join(docs, 'dinner.txt'))?.[0]).toBe('added');
    expect(byPath.get(path.join(docs, 'reports', 'q3.pdf'))?.slice(0, 3)).toEqual(['added', '1', 'Q3 report']);
    expect(byPath.get(missing)?.[0]).toBe('failed');
    expect(byPath.has(path.join(docs, 'cat.png'))).toBe(false);
    expect(first.stderr).toContain('3 of 4 document(s) in "handbook"');

    const again = await ingest(docs, '-c', 'handbook');
    expect(again.code).toBe(0);
    expect(rows(again.stdout).map((r) => r[0])).toEqual(['unchanged', 'unchanged', 'unchanged']);

    const kb = await KnowledgeBase.open(path.join(dataDir, 'lancedb'), async () => []);
    const listed = await kb.list('api', 'handbook');
    await kb.close();
    expect(listed.map((d) => d.title).sort()).toEqual(['Pirates', 'Q3 report', 'dinner.txt']);
  });

  it('explains its usage', async () => {
    const usage = await ingest('--help');
    expect(usage.stdout).toContain('omb ingest PATH|URL');
    expect((await ingest(docs)).code).toBe(2);
  });
});
