import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../adapters/contract.js';
import { FakeDiscord } from '../fakes/fake-discord/gateway.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';
import { fixtureEnv, startTestServer, type TestServer } from '../helpers/server.js';

/** A text playlist named like a voice note: the classic fake audio file. */
const PLAYLIST = Buffer.from('#EXTM3U\n#EXTINF:-1,radio\nhttp://example.com/stream.ogg\n');

/**
 * The skills' own refusals reach a German Discord member in German and a Japanese API client in Japanese, through
 * real discord.js against a fake Discord and through the HTTP API (the whisper fixture, for the audio check).
 */
describe('skill refusals in the reader’s language', () => {
  const discord = new FakeDiscord();
  const modelsDir = tempDir('omb-models-');
  let server: TestServer;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['whisper'] });
    discord.memberLocale = 'de';
    await discord.start();
    server = await startTestServer({
      env: fixtureEnv(modelsDir, {
        DISCORD_TOKEN: 'fake-token',
        DISCORD_APP_ID: 'app1',
        DISCORD_API_URL: discord.apiUrl,
        PARSE_WORKERS: '1',
      }),
    });
  });
  afterAll(async () => {
    await server?.close();
    await discord.stop();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  let next = 0;
  /** A slash command from the German member in `channelId`; resolves with what the channel then shows last. */
  async function command(name: string, options: object[], channelId = 'c1', extra: object = {}): Promise<string> {
    next += 1;
    const before = discord.visible(channelId).length;
    discord.interaction(2, { id: `cmd-${next}`, name, type: 1, options, ...extra }, channelId);
    let last = '';
    await eventually(() => {
      const shown = discord.visible(channelId);
      expect(shown.length).toBeGreaterThan(before);
      last = shown.at(-1) ?? '';
      expect(last).not.toMatch(/^Ich arbeite daran/);
    }, 20_000);
    return last;
  }

  it('imagine: a prompt that is too long is refused in German, naming the option', async () => {
    const text = await command('imagine', [{ name: 'prompt', type: 3, value: 'x'.repeat(1001) }]);
    expect(text).toMatch(
      /^Das hat leider nicht geklappt: ungültige Optionen für \/imagine: prompt: die Beschreibung ist länger als 1000 Zeichen\. \(Fehler-ID: \S+\)$/,
    );
  });

  it('transcribe: a file that is not audio is refused in German, with its name', async () => {
    const file = discord.cdn.add('sprachnachricht.ogg', PLAYLIST, 'audio/ogg');
    const text = await command('transcribe', [{ name: 'file', type: 11, value: file.id }], 'c1', {
      resolved: { attachments: { [file.id]: file } },
    });
    expect(text).toContain(
      'sprachnachricht.ogg ist kein Audio, das ich transkribieren kann: sende Ogg/Opus, WebM, M4A/AAC, MP3, WAV oder FLAC',
    );
    expect(text).toMatch(/^Das hat leider nicht geklappt: /);
  });

  it('summarize: a channel with nothing to summarize says so in German', async () => {
    const text = await command('summarize', [{ name: 'what', type: 3, value: 'channel' }], 'c-empty');
    expect(text).toBe('In diesem Kanal gibt es noch keine Nachrichten zum Zusammenfassen.');
  });

  it('moderation: an appeal of a case that is not yours is refused in German', async () => {
    const options = [
      { name: 'do', type: 3, value: 'appeal' },
      { name: 'value', type: 3, value: '41' },
    ];
    const text = await command('moderation', options);
    expect(text).toMatch(
      /^Das hat leider nicht geklappt: du hast keinen Fall #41, gegen den du Einspruch einlegen kannst\. \(Fehler-ID: \S+\)$/,
    );
  });

  const api = (path: string, body: unknown, language?: string) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer k',
        'content-type': 'application/json',
        ...(language ? { 'accept-language': language } : {}),
      },
      body: JSON.stringify(body),
    });
  const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

  it('API: a skill’s bad input is refused in Japanese for Accept-Language: ja, in English without it', async () => {
    const ja = await api('/v1/skills/summarize', { what: 'text' }, 'ja-JP, en;q=0.5');
    expect(ja.status).toBe(400);
    expect(ja.headers.get('content-language')).toBe('ja');
    expect(await errorOf(ja)).toMatchObject({ code: 'bad_request', message: '要約するテキストを指定してください' });
    const en = await api('/v1/skills/summarize', { what: 'text' });
    expect(await errorOf(en)).toMatchObject({ code: 'bad_request', message: 'give the text to summarize' });
  });

  it('API: an option a skill’s schema refuses is worded in Japanese too', async () => {
    const ja = await api('/v1/skills/imagine', { prompt: 'x'.repeat(1001) }, 'ja');
    expect(ja.status).toBe(400);
    expect((await errorOf(ja)).message).toBe(
      '/imagine のオプションが正しくありません: prompt: プロンプトが 1000 文字を超えています',
    );
    const en = await api('/v1/skills/imagine', { prompt: 'x'.repeat(1001) });
    expect((await errorOf(en)).message).toBe(
      'invalid options for /imagine: prompt: the prompt is longer than 1000 characters',
    );
  });
});
