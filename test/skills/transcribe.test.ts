import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attachment } from '../../src/core/event.js';
import { saveToTempFile, TEMP_PREFIX } from '../../src/net/temp-file.js';
import { decodeAudio } from '../../src/runtime/audio/decode.js';
import { eventually } from '../adapters/contract.js';
import { RecordingAdapter } from '../fakes/recording-adapter.js';
import { played, tone } from '../fixtures/audio/tones.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { WHISPER_SPEECH_WORD } from '../fixtures/models/known.js';
import { wav, wavOf } from '../helpers/audio.js';
import { tempDir } from '../helpers/db.js';
import { type MemoryServer, startMemoryServer } from '../helpers/memory-server.js';
import { fixtureEnv } from '../helpers/server.js';

interface TranscriptBody {
  text: string;
  language: string;
  duration: number;
  segments: { start: number; end: number; text: string }[];
  cached: boolean;
}

const OGG = readFileSync('test/fixtures/audio/speech.ogg');

/**
 * The transcribe skill end to end on the Whisper-shaped fixture and the real Silero VAD: the API (JSON, WebVTT),
 * chat (voice notes, the "Transcribe" message action, the summarize button), the cache, and every refusal.
 * Temp files go to a directory of this test's own, so "nothing left behind" can be checked exactly.
 */
describe('transcribe (fixture Whisper, real VAD, over the API and the core)', () => {
  const modelsDir = tempDir('omb-models-');
  const scratch = tempDir('omb-tmp-');
  const chat = new RecordingAdapter();
  let server: MemoryServer;
  let previousTmp: string | undefined;

  beforeAll(async () => {
    previousTmp = process.env.TMPDIR;
    process.env.TMPDIR = scratch;
    mkdirSync(scratch, { recursive: true });
    writeFixtures(modelsDir, { only: ['whisper', 'generator'] });
    server = await startMemoryServer({
      adapters: [chat],
      env: fixtureEnv(modelsDir, {
        TRANSCRIBE_MAX_BYTES: String(2 * 1024 * 1024),
        TRANSCRIBE_MAX_SECONDS: '60',
      }),
    });
  });
  afterAll(async () => {
    await server?.close();
    process.env.TMPDIR = previousTmp;
    rmSync(modelsDir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  const leftovers = () => readdirSync(scratch).filter((f) => f.startsWith(TEMP_PREFIX));
  const upload = (bytes: Uint8Array, name: string, query = '', fields: Record<string, string> = {}) => {
    const form = new FormData();
    form.set('file', new Blob([bytes], { type: 'audio/ogg' }), name);
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    return fetch(`${server.url}/v1/skills/transcribe${query}`, {
      method: 'POST',
      headers: { authorization: 'Bearer k' },
      body: form,
    });
  };
  /** An attachment as an adapter makes one: saveTemp streams the bytes to a private temp file. */
  const attachment = (bytes: Uint8Array, name: string, extra: Partial<Attachment> = {}): Attachment => ({
    id: name,
    name,
    url: `https://cdn.example/${name}`,
    contentType: 'audio/ogg',
    saveTemp: (maxBytes) => saveToTempFile(Readable.from([bytes]), { maxBytes, what: name, name }),
    ...extra,
  });

  it('POST /v1/skills/transcribe: text, language, duration and in-range ordered segments; ?format=vtt', async () => {
    const res = await upload(OGG, 'speech.ogg');
    expect(res.status).toBe(200);
    const body = (await res.json()) as TranscriptBody;
    expect(body.text).toBe(WHISPER_SPEECH_WORD);
    expect(body.language).toBe('en');
    expect(body.duration).toBeGreaterThan(2.8);
    expect(body.duration).toBeLessThan(3.1);
    expect(body.segments.map((s) => s.text)).toEqual([WHISPER_SPEECH_WORD]);
    let last = 0;
    for (const s of body.segments) {
      expect(s.start).toBeGreaterThanOrEqual(last);
      expect(s.end).toBeGreaterThanOrEqual(s.start);
      expect(s.end).toBeLessThanOrEqual(body.duration);
      last = s.end;
    }

    const vtt = await upload(OGG, 'speech.ogg', '?format=vtt');
    expect(vtt.headers.get('content-type')).toContain('text/vtt');
    const cues = (await vtt.text()).split('\n\n');
    expect(cues[0]).toBe('WEBVTT');
    expect(cues[1]).toMatch(/^1\n00:00:\d\d\.\d{3} --> 00:00:\d\d\.\d{3}\ndoubloon\n$/);
    expect(leftovers()).toEqual([]);
  });

  it('serves the same audio again from the cache; another language is a new transcript', async () => {
    const again = (await (await upload(OGG, 'renamed.ogg')).json()) as TranscriptBody;
    expect(again).toMatchObject({ text: WHISPER_SPEECH_WORD, cached: true });
    const german = (await (await upload(OGG, 'speech.ogg', '', { language: 'de' })).json()) as TranscriptBody;
    expect(german).toMatchObject({ language: 'de', cached: false });
  });

  it('hears the audio it was sent: other speech, other words; both channels of a stereo file', async () => {
    const speech = (await decodeAudio(OGG)).samples;
    const higher = (await (await upload(wavOf(played(speech, 1.6)), 'higher.wav')).json()) as TranscriptBody;
    expect(higher.text).toBe('ensign');
    // Speech on the left, a low hum on the right: mixed down, the hum pulls the pitch to "anchor"; the left
    // channel alone would be "doubloon", the right alone no speech.
    const hum = tone(130, speech.length / 16_000, 0.6);
    const stereo = wav(16_000, 2, speech.length, (i, c) => (c === 0 ? (speech[i] ?? 0) : (hum[i] ?? 0)));
    const mixed = (await (await upload(stereo, 'stereo.wav')).json()) as TranscriptBody;
    expect(mixed.text).toBe('anchor');
  });

  it('10 s of silence: no transcript text at all, and chat says no speech was heard', async () => {
    const silence = wavOf(new Float32Array(16_000 * 10));
    const body = (await (await upload(silence, 'silence.wav')).json()) as TranscriptBody;
    expect(body).toMatchObject({ text: '', segments: [] });
    expect(body.duration).toBeCloseTo(10, 1);

    const where = { channelId: 'c-silence', userId: 'u1' };
    await chat.voiceNote(attachment(silence, 'quiet.wav'), where);
    await eventually(() => expect(chat.visible(where).at(-1)).toBe('🔇 I heard no speech in **quiet.wav** (0:10).'));
  });

  it('refuses fake audio, oversize uploads and too-long audio with reasons, leaving no temp file', async () => {
    const playlist = new TextEncoder().encode('#EXTM3U\n#EXTINF:-1,radio\nhttp://example.com/stream.ogg\n');
    const fake = await upload(playlist, 'voice.ogg');
    expect(fake.status).toBe(415);
    expect(((await fake.json()) as { error: { message: string } }).error.message).toMatch(/playlist|not audio|text/i);

    const big = await upload(new Uint8Array(3 * 1024 * 1024), 'big.ogg');
    expect(big.status).toBe(413);

    const long = await upload(wavOf(new Float32Array(16_000 * 61)), 'long.wav');
    expect(long.status).toBe(413);
    expect(((await long.json()) as { error: { message: string } }).error.message).toMatch(/long|1:00|60/);

    // A chat attachment whose platform lies about its size is stopped by the bytes that arrive.
    const where = { channelId: 'c-refuse', userId: 'u1' };
    await chat.voiceNote(attachment(new Uint8Array(3 * 1024 * 1024), 'huge.ogg', { size: 10 }), where);
    await eventually(() => expect(chat.visible(where).at(-1)).toMatch(/larger than the 2 MiB limit/));
    expect(leftovers()).toEqual([]);
  });

  it('a voice note in chat → the transcript in the thread, with a Summarize button that works', async () => {
    const where = { channelId: 'c-voice', threadId: 't1', userId: 'u1' };
    await chat.voiceNote(attachment(OGG, 'voice-message.ogg'), where);
    await eventually(() => expect(chat.visible(where).at(-1)).toMatch(/^🗣️ \*\*Transcript\*\*/), 15_000);
    const shown = chat.visible(where).at(-1) ?? '';
    expect(shown).toMatch(/^🗣️ \*\*Transcript\*\* · English · 0:0\d · voice-message\.ogg/);
    const reply = chat.recorded.flatMap((r) => (r.op === 'send' || r.op === 'edit' ? [r.reply] : [])).at(-1);
    const button = reply?.buttons?.find((b) => b.actionId === 'transcribe:summarize');
    expect(button).toBeDefined();

    await chat.action('transcribe:summarize', button?.value ?? '', where);
    await eventually(() => expect(chat.visible(where).at(-1)).toMatch(/^\*\*Summary of the transcript\*\*/), 15_000);
  });

  it('the "Transcribe" message action picks the message’s audio, or says there is none', async () => {
    const where = { channelId: 'c-action', userId: 'u1' };
    const audio = { ...attachment(OGG, 'memo.ogg') };
    await chat.messageAction('transcribe', { id: 'm1', text: '', authorId: 'u2', attachments: [audio] }, where);
    await eventually(() => expect(chat.visible(where).at(-1)).toMatch(/^🗣️ \*\*Transcript\*\*.*memo\.ogg/), 15_000);
    expect(chat.visible(where).at(-1)).toContain(WHISPER_SPEECH_WORD);

    const none = { channelId: 'c-action-none', userId: 'u1' };
    await chat.messageAction('transcribe', { id: 'm2', text: 'hi', authorId: 'u2', attachments: [] }, none);
    await eventually(() => expect(chat.visible(none).at(-1)).toMatch(/no voice note or audio file/));
  });

  it('moderators switch automatic transcription per channel; others are refused', async () => {
    const where = { channelId: 'c-auto', userId: 'u1' };
    await chat.command('transcribe', { auto: 'off' }, where);
    await eventually(() => expect(chat.visible(where).at(-1)).toMatch(/only moderators/));

    const mod = { ...where, userId: 'mod', isModerator: true };
    await chat.command('transcribe', { auto: 'off' }, mod);
    await eventually(() => expect(chat.visible(where).at(-1)).toMatch(/^✅ Automatic transcription: nothing/));
    const before = chat.visible(where).length;
    await chat.voiceNote(attachment(OGG, 'ignored.ogg'), where);
    expect(chat.visible(where)).toHaveLength(before);

    // Asking still works while automatic transcription is off.
    await chat.command('transcribe', { file: attachment(OGG, 'asked.ogg') }, where);
    await eventually(() => expect(chat.visible(where).at(-1)).toMatch(/^🗣️ \*\*Transcript\*\*/), 15_000);
    expect(chat.visible(where).at(-1)).toContain(WHISPER_SPEECH_WORD);
  });
});
