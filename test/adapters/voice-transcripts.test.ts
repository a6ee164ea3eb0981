import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/fake-discord/gateway.js';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack/index.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { WHISPER_SPEECH_WORD } from '../fixtures/models/known.js';
import { tempDir } from '../helpers/db.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startSlackSocketServer } from '../helpers/slack.js';
import { eventually } from './contract.js';

/**
 * Voice notes through the real clients (discord.js, Bolt) against the fakes, transcribed by the real skill: the
 * Whisper-shaped fixture and Silero VAD on the pool. The same audio a second time comes from the cache.
 */
const modelsDir = tempDir('omb-voice-models-');
const env = { MODELS_DIR: modelsDir, MODELS_OFFLINE: '1', RUNTIME_WORKERS: '1' };
beforeAll(() => {
  writeFixtures(modelsDir, { only: ['whisper', 'generator'] });
});
afterAll(() => rmSync(modelsDir, { recursive: true, force: true }));

describe('a Discord voice message → its transcript', () => {
  const discord = new FakeDiscord();
  let server: TestServer;
  beforeAll(async () => {
    await discord.start();
    server = await startTestServer({
      env: { ...env, DISCORD_TOKEN: 'fake-token', DISCORD_APP_ID: 'app1', DISCORD_API_URL: discord.apiUrl },
    });
  });
  afterAll(async () => {
    await server?.close();
    await discord.stop();
  });

  it('replies with the transcript; the same audio again is served from the cache', async () => {
    const ogg = readFileSync('test/fixtures/audio/speech.ogg');
    const send = (name: string) => {
      const file = discord.cdn.add(name, ogg, 'audio/ogg');
      discord.message('c1', '', { flags: 8192, attachments: [{ ...file, duration_secs: 2.9, waveform: 'AAAA' }] });
    };
    send('voice-message.ogg');
    // Progress edits show the text as it comes; the answer is the edit with the header.
    const answer = () => discord.visible('c1').find((t) => t.includes('**Transcript**')) ?? '';
    await eventually(() => expect(answer()).toContain(WHISPER_SPEECH_WORD), 20_000);
    const first = answer();
    expect(first).toMatch(/\*\*Transcript\*\* · English · 0:0\d · voice-message\.ogg\n/);
    expect(first).not.toContain('transcribed before');

    send('voice-message-2.ogg');
    await eventually(() =>
      expect(discord.visible('c1').join('\n')).toContain('voice-message-2.ogg · transcribed before'),
    );
  });
});

describe('a Slack audio clip → its transcript in the thread', () => {
  let fake: FakeSlack;
  let server: TestServer;
  beforeAll(async () => {
    fake = await startFakeSlack();
    server = await startSlackSocketServer(fake, { env });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  it('replies in a thread under the clip; the same clip again is served from the cache', async () => {
    const m4a = readFileSync('test/fixtures/audio/speech.m4a');
    const share = async () => {
      const clip = fake.addFile({
        name: 'audio_message.mp4',
        data: m4a,
        mimetype: 'video/mp4',
        subtype: 'slack_audio',
      });
      await fake.socket.send('events_api', fake.payloads.message({ text: '', channel: 'C1', files: [clip.id] }));
    };
    const bot = () => fake.messages('C1').filter((m) => m.user !== 'U0USER0001');
    await share();
    const answer = () => bot().find((m) => JSON.stringify(m).includes('*Transcript*'));
    await eventually(() => expect(JSON.stringify(answer())).toContain(WHISPER_SPEECH_WORD), 20_000);
    const reply = answer();
    expect(reply?.thread_ts).toBeDefined();

    await share();
    await eventually(() => expect(JSON.stringify(bot())).toContain('transcribed before'), 20_000);
  });
});
