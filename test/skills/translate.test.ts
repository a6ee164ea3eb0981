import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../adapters/contract.js';
import { RecordingAdapter } from '../fakes/recording-adapter.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { translatedText } from '../fixtures/models/translator.js';
import { tempDir } from '../helpers/db.js';
import { type MemoryServer, startMemoryServer } from '../helpers/memory-server.js';

describe('translate skill (the M2M100-shaped fixture through the pool, the core and the API)', () => {
  const modelsDir = tempDir('omb-models-');
  const chat = new RecordingAdapter();
  let server: MemoryServer;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['translator'] });
    server = await startMemoryServer({
      adapters: [chat],
      env: { MODELS_DIR: modelsDir, MODELS_OFFLINE: '1', API_KEYS: 'test-key', RUNTIME_WORKERS: '1' },
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  const api = async (body: unknown) => {
    const res = await fetch(`${server.url}/v1/skills/translate`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-key', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('tells the source language when it is not given: "Guten Morgen" → de, and the fixture\'s English', async () => {
    const { status, body } = await api({ text: 'Guten Morgen', to: 'en' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ text: translatedText('Guten Morgen', 'en'), from: 'de', to: 'en' });
    expect(body.text).toBe('Good morning');
    expect(body.model).toMatchObject({ repo: 'Xenova/m2m100_418M' });
  });

  it('keeps mentions, links, code, emoji and markup byte for byte, translating the words between them', async () => {
    const keep = ['<@123>', 'https://example.com/a?b=1&c=%20', '`npm test`', '👍🏽', '<:pirate:987654321>', '🇫🇷'];
    const text = `Hallo ${keep[0]}, schau hier ${keep[1]} ${keep[2]} ${keep[3]}\n> **danke** ${keep[4]} ${keep[5]}`;
    const { body } = await api({ text, to: 'en', from: 'de' });
    expect(body.text).toBe(
      `Hello ${keep[0]}, look here ${keep[1]} ${keep[2]} ${keep[3]}\n> **thanks** ${keep[4]} ${keep[5]}`,
    );
    // Names as people read them (Slack's arrive so) are names, not words: kept byte for byte.
    expect((await api({ text: 'Hallo @Jürgen_2 und #welt-chat, Freunde', to: 'en', from: 'de' })).body.text).toBe(
      'Hello @Jürgen_2 and #welt-chat, friends',
    );
    const block = '```ts\nconst Hallo = "Welt";\n```';
    expect((await api({ text: `Hallo Welt\n${block}\nund Freunde`, to: 'fr', from: 'de' })).body.text).toBe(
      `Salut monde\n${block}\net amis`,
    );
  });

  it('cuts a long text into sentence windows and puts it back together', async () => {
    const sentence = 'Hallo Welt und Freunde. ';
    const { body } = await api({ text: sentence.repeat(60).trim(), to: 'en', from: 'de' });
    expect(body.text).toBe('Hello world and friends. '.repeat(60).trim());
  });

  it('answers hostile or unusable input with a reason, never a 500', async () => {
    expect((await api({ text: 'Guten Morgen', to: 'xx' })).status).toBe(400);
    expect((await api({ text: 'Guten Morgen', to: 'en; DROP TABLE' })).status).toBe(400);
    expect((await api({ text: '   ', to: 'en' })).status).toBe(400);
    expect((await api({ text: 'x'.repeat(20_001), to: 'en' })).status).toBe(400);
    // Too short to tell its language: say `from`.
    const unknown = await api({ text: 'ok', to: 'fr' });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toMatch(/from/);
    // The same language: the text as it was, no model run.
    expect((await api({ text: 'Guten Morgen', to: 'de-AT' })).body).toMatchObject({ text: 'Guten Morgen', from: 'de' });
  });

  it('auto-translation: moderators only, off by default; messages not in the language are answered, others not', async () => {
    const where = { channelId: 'c-auto', userId: 'u1' };
    await chat.message('Hallo Welt und Freunde', where);
    expect(chat.visible(where)).toEqual([]);
    await chat.command('translate', { auto: 'en' }, where);
    await eventually(() => expect(chat.visible(where).at(-1)).toMatch(/only moderators/));
    await chat.command('translate', { auto: 'en' }, { ...where, isModerator: true });
    await eventually(() => expect(chat.visible(where).at(-1)).toMatch(/translated into it/));
    const before = chat.visible(where).length;
    await chat.message('Hallo Welt und Freunde', where);
    await eventually(() =>
      expect(chat.visible(where).at(-1)).toMatch(/^Hello world and friends\n-# Machine translation de → en/),
    );
    // Already English (the bot's own translation, posted again by someone): nothing, so no loop.
    await chat.message('Hello world and friends', where);
    await chat.message('ok', where);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(chat.visible(where).length).toBe(before + 1);
    await chat.command('translate', { auto: 'off' }, { ...where, isModerator: true });
    await chat.message('Hallo Welt', where);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(chat.visible(where).filter((t) => t.startsWith('Hello world'))).toHaveLength(1);
  });
});
