import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODELS } from '../../src/runtime/manifest.js';
import { detectLanguage, UNDETERMINED } from '../../src/skills/moderation/language.js';
import { eventually } from '../adapters/contract.js';
import { RecordingAdapter, type Where } from '../fakes/recording-adapter.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';
import { type MemoryServer, startMemoryServer } from '../helpers/memory-server.js';
import { fixtureEnv, postJson } from '../helpers/server.js';

const ENGLISH = DEFAULT_MODELS.toxicity.repo;
const MULTILINGUAL = DEFAULT_MODELS['toxicity-multilingual'].repo;

describe('language identification (tinyld) with a fallback for text too short or unclear to tell', () => {
  it('reads short chat text, and calls a guess undetermined', () => {
    expect(detectLanguage('Guten Morgen')).toBe('de');
    expect(detectLanguage('Du bist so ein Dummkopf')).toBe('de');
    expect(detectLanguage('Tu es un vrai connard')).toBe('fr');
    expect(detectLanguage('you are an idiot')).toBe('en');
    // One word, or tinyld's weak guesses (it reads these as Romanian or Italian): undetermined, so English's model.
    for (const text of ['ok', 'lol', 'hello', 'I am a Muslim person', '', '   ', '🙂🙂🙂 !!!', '<@123> <#456>']) {
      expect(detectLanguage(text)).toBe(UNDETERMINED);
    }
  });

  it('survives hostile input: huge, control characters, mixed scripts', () => {
    expect(typeof detectLanguage('a'.repeat(200_000))).toBe('string');
    expect(typeof detectLanguage('\u0000\u202e\uffff idiot \ud800')).toBe('string');
    expect(detectLanguage('Привет всем, как дела сегодня')).toBe('ru');
  });
});

describe('moderation routes each language to its toxicity model, and the case keeps the language (fixture models)', () => {
  const modelsDir = tempDir('omb-models-');
  const chat = new RecordingAdapter();
  let server: MemoryServer;
  const mod: Where = { channelId: 'mod-cmds', userId: 'mod1', isModerator: true };
  const configure = (what: string, value?: string) =>
    chat.command('moderation', { do: what, ...(value ? { value } : {}) }, mod);
  const moderate = async (text: string) =>
    (await (await postJson(server, '/v1/skills/moderate', { text })).json()) as {
      verdict: string;
      language: string;
      models: { repo: string; language?: string }[];
    };

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['toxicity', 'sentiment'] }); // toxicity brings its multilingual companion
    server = await startMemoryServer({ adapters: [chat], env: fixtureEnv(modelsDir) });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  it('sends a German and an English message to different models', async () => {
    const german = await moderate('Du bist so ein Dummkopf');
    expect(german.language).toBe('de');
    expect(german.models).toEqual([{ repo: MULTILINGUAL, revision: expect.any(String), language: 'de' }]);
    expect(german.verdict).not.toBe('allow');

    const english = await moderate('you are an idiot');
    expect(english.language).toBe('en');
    expect(english.models).toEqual([{ repo: ENGLISH, revision: expect.any(String), language: 'en' }]);
    expect(english.verdict).toBe('remove');

    // Each model only knows its own insults: had the routing been wrong, both would pass.
    const undetermined = await moderate('idiot');
    expect(undetermined).toMatchObject({ language: 'und', models: [{ repo: ENGLISH, language: 'und' }] });
  });

  it('records the detected language in the case, its report and the mod-log API', async () => {
    await configure('enable');
    await configure('mod-channel', '<#modlog>');
    await chat.message('Du bist so ein Dummkopf', { channelId: 'general', userId: 'u7' }, 'de-1');
    const reports = () => chat.platformOps.filter((o) => o.op === 'post' && o.channelId === 'modlog');
    await eventually(() => expect(reports()).toHaveLength(1));
    const report = reports()[0];
    expect(report?.op === 'post' && report.reply.text).toContain('Language: de');
    expect(report?.op === 'post' && report.reply.text).toContain(MULTILINGUAL);

    const listed = (await (
      await fetch(`${server.url}/v1/moderation/cases?tenant=tenant-1`, { headers: { authorization: 'Bearer k' } })
    ).json()) as { cases: { userId: string; models: { repo: string; language?: string }[] }[] };
    expect(listed.cases.find((c) => c.userId === 'u7')?.models).toEqual([
      { repo: MULTILINGUAL, revision: expect.any(String), language: 'de' },
    ]);
    await configure('cases');
    await eventually(() => expect(chat.visible(mod).at(-1)).toContain('Language: de'));
  });
});
