import { env, pipeline, type TranslationPipeline } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pipeline } from '../../src/runtime/pipelines/pipeline.js';
import { translation } from '../../src/runtime/pipelines/translation.js';
import { modelDir } from '../../src/runtime/store/lock.js';
import type { TranslationOutput } from '../../src/runtime/tasks.js';
import { writeModel } from '../fixtures/models/generate.js';
import { TRANSLATOR_LANGUAGES, translatorFiles } from '../fixtures/models/translator.js';
import { ENCODER_TEXTS, runOurs, scratch } from './reference.js';

const MAX_NEW_TOKENS = 40;
const TEXTS = ['Guten Morgen', 'Hallo Welt und Freunde, schau hier!', ...ENCODER_TEXTS];
const PAIRS = TRANSLATOR_LANGUAGES.flatMap((from) =>
  TRANSLATOR_LANGUAGES.filter((to) => to !== from).map((to) => [from, to] as const),
);

/** Ours and transformers.js' translation pipeline on one M2M100-shaped graph: the same text for every pair. */
function agreeOn(name: string, files: () => Record<string, object | Uint8Array>) {
  describe(`translation agrees with transformers.js' translation pipeline (${name})`, () => {
    const tmp = scratch(`translation-${name}`);
    let ours: Pipeline;
    let peer: TranslationPipeline;

    beforeAll(async () => {
      const written = files();
      writeModel(tmp.dir, `conformance/${name}`, written);
      const dir = modelDir(tmp.dir, `conformance/${name}`);
      const handle = { key: name, dir, task: 'translation' as const, files: Object.keys(written), bytes: 0 };
      ours = await translation(handle, 1);
      // The fixture ships the int8 file names (as the manifest pulls them): the reference loads them as 'q8'.
      env.allowRemoteModels = false;
      peer = (await pipeline('translation', dir, { local_files_only: true, dtype: 'q8' })) as TranslationPipeline;
    });
    afterAll(async () => {
      await ours.dispose();
      await peer.dispose();
      tmp.dispose();
    });

    it.each(PAIRS)('%s → %s, every text', async (from, to) => {
      const inputs = TEXTS.map((text) => ({ text, from, to, maxNewTokens: MAX_NEW_TOKENS }));
      const mine = await runOurs<TranslationOutput>(ours, inputs);
      for (const [i, text] of TEXTS.entries()) {
        const [theirs] = (await peer(text, {
          src_lang: from,
          tgt_lang: to,
          max_new_tokens: MAX_NEW_TOKENS,
        } as never)) as { translation_text: string }[];
        expect(mine[i]?.text, text).toBe(theirs?.translation_text);
      }
      // Not agreement on nothing: most texts come out as words.
      expect(mine.filter((m) => m.text.length > 3).length).toBeGreaterThan(TEXTS.length / 2);
    });
  });
}

agreeOn('dictionary', () => translatorFiles());
agreeOn('random-table', () => translatorFiles(17));
