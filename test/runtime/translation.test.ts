import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerPool } from '../../src/runtime/pool.js';
import type { TranslationOutput } from '../../src/runtime/tasks.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { translatedText } from '../fixtures/models/translator.js';
import { tempDir } from '../helpers/db.js';
import { fixtureHandle, testPool } from './fixture-pool.js';

describe('translation (M2M100-shaped seq2seq, target language forced, KV cache) in the pool', () => {
  const dir = tempDir('omb-translate-');
  let pool: WorkerPool;

  beforeAll(() => {
    writeFixtures(dir, { only: ['translator'] });
    pool = testPool();
  });
  afterAll(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const translate = (text: string, from: string, to: string, maxNewTokens = 64) =>
    pool.run(fixtureHandle(dir, 'translator'), { text, from, to, maxNewTokens }) as Promise<TranslationOutput>;

  it('writes the text in the target language: the output follows the input and the forced language token', async () => {
    expect(translatedText('Guten Morgen', 'en')).toBe('Good morning');
    expect(await translate('Guten Morgen', 'de', 'en')).toEqual({
      text: 'Good morning',
      tokens: 2,
      finishReason: 'stop',
    });
    expect((await translate('Guten Morgen', 'de', 'fr')).text).toBe('Bon matin');
    expect((await translate('Hello world and friends', 'en', 'de')).text).toBe('Hallo Welt und Freunde');
    // Words it has no entry for are copied, piece by piece.
    expect((await translate('Hallo Zq, danke', 'de', 'en')).text).toBe(translatedText('Hallo Zq, danke', 'en'));
  });

  it('stops at the token budget (the forced language token counts) and says so', async () => {
    expect(await translate('Hallo Welt und Freunde', 'de', 'en', 2)).toEqual({
      text: 'Hello',
      tokens: 1,
      finishReason: 'length',
    });
  });

  it('refuses a language the model does not know, by name', async () => {
    await expect(translate('Guten Morgen', 'de', 'xx')).rejects.toMatchObject({ code: 'bad_request' });
    await expect(translate('Guten Morgen', 'zz', 'en')).rejects.toMatchObject({ code: 'bad_request' });
  });
});
