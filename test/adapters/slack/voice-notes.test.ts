import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../fakes/fake-slack/index.js';
import { type Heard, voiceNoteSkill } from '../../fakes/skills.js';
import type { TestServer } from '../../helpers/server.js';
import { startSlackSocketServer } from '../../helpers/slack.js';
import { eventually } from '../contract.js';

const CLIP = Buffer.alloc(5000, 9);

describe('Slack audio clips and audio files (real Bolt in Socket Mode, fake Slack)', () => {
  let fake: FakeSlack;
  let server: TestServer;
  const heard: Heard[] = [];

  beforeAll(async () => {
    fake = await startFakeSlack();
    server = await startSlackSocketServer(fake, { extraSkills: [voiceNoteSkill(heard)] });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  /** Slack labels some audio clips (subtype slack_audio) video/mp4. */
  const file = (name: string, mimetype: string, subtype?: string) =>
    fake.addFile({ name, data: CLIP, mimetype, subtype });
  const share = (channel: string, files: { id: string }[], text = '') =>
    fake.socket.send('events_api', fake.payloads.message({ text, channel, files: files.map((f) => f.id) }));
  const botSaid = (channel: string) => JSON.stringify(fake.messages(channel).filter((m) => m.user !== 'U0USER0001'));
  const fetched = (url: string) => fake.downloads().filter((d) => url.endsWith(d.path));
  const quietly = () => new Promise((r) => setTimeout(r, 500));

  it('transcribes an audio clip by default, fetched with the bot token into a private temp file', async () => {
    const clip = file('audio_message.mp4', 'video/mp4', 'slack_audio');
    await share('C1', [clip]);
    await eventually(() => expect(botSaid('C1')).toContain(`got audio_message.mp4 (audio/mp4): ${CLIP.length} bytes`));
    expect(fetched(clip.url_private)).toEqual([expect.objectContaining({ token: fake.identity.botToken })]);
    expect(heard.at(-1)?.mode).toBe(0o600);
    expect(existsSync(heard.at(-1)?.path ?? '')).toBe(false);
  });

  it("leaves a shared audio file alone by default and transcribes it with 'all'; 'off' leaves clips too", async () => {
    const song = file('song.mp3', 'audio/mpeg');
    await share('C2', [song], 'my new song');
    await quietly();
    expect(fetched(song.url_private)).toEqual([]);

    await server.settings.set(fake.identity.teamId, 'C2', 'transcribe.auto', 'all');
    await share('C2', [song], 'again');
    await eventually(() => expect(botSaid('C2')).toContain('got song.mp3 (audio/mpeg)'));

    await server.settings.set(fake.identity.teamId, 'C2', 'transcribe.auto', 'off');
    const clip = file('audio_message.webm', 'audio/webm', 'slack_audio');
    await share('C2', [clip]);
    await quietly();
    expect(fetched(clip.url_private)).toEqual([]);
  });

  it('runs the "Transcribe" message shortcut on the audio file of the message', async () => {
    const memo = file('memo.m4a', 'audio/mp4');
    const files = [{ id: memo.id, name: 'memo.m4a', mimetype: 'audio/mp4', url_private: memo.url_private }];
    const message = { ts: fake.nextTs(), text: 'listen', user: 'U2', files };
    const shortcut = fake.payloads.messageShortcut({ callback_id: 'transcribe', channel: 'C3', message });
    await fake.socket.send('interactive', shortcut);
    await eventually(() =>
      expect(JSON.stringify(fake.responses(shortcut.response_url))).toContain('got memo.m4a (audio/mp4)'),
    );
  });
});
