import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingAdapter } from '../fakes/recording-adapter.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { WHISPER_SPEECH_WORD } from '../fixtures/models/known.js';
import { translatedText } from '../fixtures/models/translator.js';
import { tempDir } from '../helpers/db.js';
import { type MemoryServer, startMemoryServer } from '../helpers/memory-server.js';
import { fixtureEnv } from '../helpers/server.js';

const OGG = readFileSync('test/fixtures/audio/speech.ogg');

/** /transcribe … translate:fr: Whisper (fixture) transcribes, then the translator (fixture) writes it in French. */
describe('transcribe with translate into a language other than English', () => {
  const modelsDir = tempDir('omb-models-');
  let server: MemoryServer;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['whisper', 'translator'] });
    server = await startMemoryServer({ adapters: [new RecordingAdapter()], env: fixtureEnv(modelsDir) });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  const upload = async (fields: Record<string, string>) => {
    const form = new FormData();
    form.set('file', new Blob([OGG], { type: 'audio/ogg' }), 'speech.ogg');
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    const res = await fetch(`${server.url}/v1/skills/transcribe`, {
      method: 'POST',
      headers: { authorization: 'Bearer k' },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('translate:fr → the French text, segment by segment, from the language Whisper heard', async () => {
    const { status, body } = await upload({ translate: 'fr' });
    expect(status).toBe(200);
    expect(WHISPER_SPEECH_WORD).toBe('doubloon');
    expect(body).toMatchObject({ text: translatedText(WHISPER_SPEECH_WORD, 'fr'), language: 'en', translatedTo: 'fr' });
    expect(body.text).toBe('doublon');
    expect((body.segments as { text: string }[]).map((s) => s.text)).toEqual(['doublon']);
    // The cached transcript is translated again, not served in English.
    expect((await upload({ translate: 'fr' })).body).toMatchObject({ text: 'doublon', cached: true });
  });

  it("translate:true and translate:en stay Whisper's own translation; a bad code is refused", async () => {
    // Whisper's task is translate (the fixture writes the same word either way): the answer says English.
    expect((await upload({ translate: 'true' })).body).toMatchObject({ text: 'doubloon', translatedTo: 'en' });
    expect((await upload({ translate: 'en' })).body).toMatchObject({ text: 'doubloon', translatedTo: 'en' });
    expect((await upload({})).body.translatedTo).toBeUndefined();
    expect((await upload({ translate: 'fr; rm -rf' })).status).toBe(400);
  });
});
