import { createHash } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEMP_PREFIX } from '../../../src/net/temp-file.js';
import type { CdnFile } from '../../fakes/fake-discord/cdn.js';
import { BOT_USER, FakeDiscord, GUILD } from '../../fakes/fake-discord/gateway.js';
import { type Heard, voiceNoteSkill } from '../../fakes/skills.js';
import { tempDir } from '../../helpers/db.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { eventually } from '../contract.js';

const OGG = Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 13) % 256));
const MP3 = Buffer.alloc(9_000, 3);
const VOICE_FLAG = 8192;

describe('Discord voice notes and audio attachments (real discord.js against a fake Discord and CDN)', () => {
  const discord = new FakeDiscord();
  const heard: Heard[] = [];
  let server: TestServer;
  // Temp files of this process only (test files run in parallel): what is left here is what we left.
  const previousTmp = process.env.TMPDIR;
  const tmp = tempDir('omb-voice-tmp-');
  const leftovers = () => readdirSync(tmp).filter((name) => name.startsWith(TEMP_PREFIX));

  beforeAll(async () => {
    process.env.TMPDIR = tmp;
    await discord.start();
    server = await startTestServer({
      extraSkills: [voiceNoteSkill(heard)],
      env: { DISCORD_TOKEN: 'fake-token', DISCORD_APP_ID: 'app1', DISCORD_API_URL: discord.apiUrl },
    });
  });
  afterAll(async () => {
    await server?.close();
    await discord.stop();
    process.env.TMPDIR = previousTmp;
    rmSync(tmp, { recursive: true, force: true });
  });
  beforeEach(() => server.settings.delete(GUILD, 'c1', 'transcribe.auto'));

  const voiceMessage = (file: CdnFile) =>
    discord.message('c1', '', { flags: VOICE_FLAG, attachments: [{ ...file, duration_secs: 3.2, waveform: 'AAAA' }] });
  const posted = () => discord.visible('c1');
  const downloaded = (file: CdnFile) => discord.cdn.downloads.some((d) => file.url.endsWith(d.path));
  /** Messages in one channel are handled in order: once a mention is answered, everything before it was handled. */
  const settle = async () => {
    const answers = () => posted().filter((text) => text.includes('it has no documents yet')).length;
    const before = answers();
    discord.message('c1', `<@${BOT_USER.id}> anyone there?`);
    await eventually(() => expect(answers()).toBeGreaterThan(before));
  };

  it('registers /transcribe with an attachment option and a "Transcribe" message context menu', () => {
    const put = discord.calls.find((c) => c.method === 'PUT' && c.path === '/applications/app1/commands');
    const commands = (put?.body ?? []) as unknown as Record<string, unknown>[];
    expect(commands).toContainEqual(expect.objectContaining({ type: 3, name: 'Transcribe' }));
    expect(commands.find((c) => c.name === 'transcribe')).toMatchObject({ options: [{ name: 'file', type: 11 }] });
  });

  it('by default transcribes voice messages only: the file is saved privately, hashed, then removed', async () => {
    const song = discord.cdn.add('song.mp3', MP3, 'audio/mpeg');
    discord.message('c1', 'my new song', { attachments: [song] });
    const voice = discord.cdn.add('voice-message.ogg', OGG, 'audio/ogg');
    voiceMessage(voice);
    await eventually(() => expect(posted()).toContain(`got voice-message.ogg (audio/ogg): ${OGG.length} bytes`));
    const got = heard.at(-1);
    expect(got?.bytes.equals(OGG)).toBe(true);
    expect(got?.sha256).toBe(createHash('sha256').update(OGG).digest('hex'));
    expect(got?.mode).toBe(0o600);
    expect(existsSync(got?.path ?? '')).toBe(false);
    expect(downloaded(song)).toBe(false);
    expect(posted().join('\n')).not.toContain('song.mp3');
  });

  it("with 'all', transcribes any audio attachment (and still leaves other files alone)", async () => {
    await server.settings.set(GUILD, 'c1', 'transcribe.auto', 'all');
    const picture = discord.cdn.add('cat.png', Buffer.alloc(500), 'image/png');
    discord.message('c1', 'a cat', { attachments: [picture] });
    const song = discord.cdn.add('song.mp3', MP3, 'audio/mpeg');
    discord.message('c1', 'my new song', { attachments: [picture, song] });
    await eventually(() => expect(posted()).toContain(`got song.mp3 (audio/mpeg): ${MP3.length} bytes`));
    expect(downloaded(picture)).toBe(false);
  });

  it("with 'off', a voice message is just a message: nothing is fetched or said", async () => {
    await server.settings.set(GUILD, 'c1', 'transcribe.auto', 'off');
    const voice = discord.cdn.add('voice-message.ogg', OGG, 'audio/ogg');
    const before = posted().length;
    voiceMessage(voice);
    await settle();
    expect(downloaded(voice)).toBe(false);
    expect(posted().slice(before, -1)).toEqual([]);
  });

  it('refuses a voice note whose bytes exceed the cap though its stated size is small, leaving no temp file', async () => {
    const big = discord.cdn.add('voice-message.ogg', Buffer.alloc(1_500_000, 1), 'audio/ogg', { announcedSize: 900 });
    const count = heard.length;
    voiceMessage(big);
    await eventually(() => expect(posted().at(-1)).toContain('the file is larger than the 1 MiB limit'));
    expect(heard.length).toBe(count);
    expect(leftovers()).toEqual([]);
  });

  it('hands a /transcribe attachment option to the skill as a file it can save', async () => {
    const memo = discord.cdn.add('memo.m4a', OGG, 'audio/mp4');
    discord.interaction(2, {
      id: 'cmd-t',
      name: 'transcribe',
      type: 1,
      options: [{ name: 'file', type: 11, value: memo.id }],
      resolved: { attachments: { [memo.id]: memo } },
    });
    await eventually(() => expect(posted()).toContain(`got memo.m4a (audio/mp4): ${OGG.length} bytes`));
    expect(existsSync(heard.at(-1)?.path ?? '')).toBe(false);
  });

  it('"Transcribe" on a message takes its first audio attachment, and says so when it has none', async () => {
    const author = { id: 'u2', username: 'other', discriminator: '0', global_name: null, avatar: null };
    const picture = discord.cdn.add('cat.png', Buffer.alloc(500), 'image/png');
    const memo = discord.cdn.add('memo.ogg', OGG, 'audio/ogg');
    const target = (id: string, attachments: CdnFile[]) => ({
      ...discord.messagePayload(id, 'c1', author, 'listen to this'),
      attachments,
    });
    const use = (id: string, attachments: CdnFile[]) =>
      discord.interaction(2, {
        id: `ctx-${id}`,
        name: 'Transcribe',
        type: 3,
        target_id: id,
        resolved: { messages: { [id]: target(id, attachments) } },
      });
    use('m50', [picture, memo]);
    await eventually(() => expect(posted()).toContain(`got memo.ogg (audio/ogg): ${OGG.length} bytes`));
    use('m51', [picture]);
    await eventually(() => expect(posted().at(-1)).toContain('there is no voice note or audio file to transcribe'));
    expect(downloaded(picture)).toBe(false);
  });
});
