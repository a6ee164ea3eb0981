import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TENANT_SCOPE } from '../../../src/store/settings.js';
import { BOT_USER, FakeDiscord, GUILD } from '../../fakes/fake-discord/gateway.js';
import { writeFixtures } from '../../fixtures/models/generate.js';
import { WHISPER_SPEECH_WORD } from '../../fixtures/models/known.js';
import { tempDir } from '../../helpers/db.js';
import { discordFixtureEnv, startTestServer, type TestServer } from '../../helpers/server.js';
import { eventually } from '../contract.js';

/**
 * Moderation nobody can sidestep, over real discord.js against the fake Discord on fixture models: mentioning the
 * bot, editing a message, forwarding one, a voice note, a thread title or a command the bot would echo are all
 * judged like a message. The fixture toxicity model scores "idiot", "moron" and "kill" as abuse.
 */
describe('moderation covers everything members post (Discord)', () => {
  const discord = new FakeDiscord();
  const modelsDir = tempDir('omb-models-');
  let server: TestServer;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['toxicity', 'sentiment', 'ner', 'whisper'] });
    await discord.start();
    server = await startTestServer({
      env: discordFixtureEnv(discord, modelsDir),
    });
    // A low threshold: the fixture scores a sentence by all its words, so "you worthless idiot" is ~0.28 toxic (a
    // clean one ~0.002).
    const low = { enabled: true, modChannel: 'mods', thresholds: { toxic: { remove: 0.1 } } };
    await server.settings.set(GUILD, TENANT_SCOPE, 'moderation.policy', low);
    // c2 holds voice notes to a threshold so low that any words are "abuse": the fixture transcript always is.
    const strict = { enabled: true, modChannel: 'mods', thresholds: { toxic: { remove: 0.0001 } } };
    await server.settings.set(GUILD, 'c2', 'moderation.policy', strict);
  });
  afterAll(async () => {
    await server?.close();
    await discord.stop();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  const deleted = (channelId: string, id: string) =>
    discord.calls.some((c) => c.method === 'DELETE' && c.path === `/channels/${channelId}/messages/${id}`);
  const reports = () => discord.calls.filter((c) => c.method === 'POST' && c.path === '/channels/mods/messages');
  const reported = (text: string) => reports().some((r) => String(r.body.content).includes(text));
  /** Replies the bot posted to one message (message.reply sets the reference). */
  const repliesTo = (id: string) =>
    discord.calls.filter(
      (c) => c.method === 'POST' && (c.body.message_reference as { message_id?: string })?.message_id === id,
    );
  /** Events in a channel are handled in order: once a clean mention is answered, everything before it was handled. */
  const settle = async (channelId: string) => {
    const id = discord.message(channelId, `<@${BOT_USER.id}> anyone there?`);
    await eventually(() => expect(repliesTo(id)).toHaveLength(1), 20_000);
  };

  it('judges a message that mentions the bot before answering it: removed, and not answered', async () => {
    const id = discord.message('c1', `<@${BOT_USER.id}> you worthless idiot`);
    await eventually(() => expect(deleted('c1', id)).toBe(true), 20_000);
    await eventually(() => expect(reported('you worthless idiot')).toBe(true));
    await settle('c1');
    expect(repliesTo(id)).toEqual([]);
  });

  it('judges an edit again: a clean message edited into abuse is removed, and the case shows the edited text', async () => {
    const id = discord.message('c1', 'hello friends');
    await settle('c1');
    expect(deleted('c1', id)).toBe(false);
    discord.edit('c1', id, 'hello friends, you moron');
    await eventually(() => expect(deleted('c1', id)).toBe(true), 30_000);
    await eventually(() => expect(reported('hello friends, you moron')).toBe(true));
  });

  it('judges a forwarded message by what it forwards', async () => {
    const id = discord.forward('c1', 'kill them all');
    await eventually(() => expect(deleted('c1', id)).toBe(true), 30_000);
    await eventually(() => expect(reported('kill them all')).toBe(true));
  });

  it("judges a voice note's transcript: the case acts on the voice message and the transcript is not posted", async () => {
    const file = discord.cdn.add('voice-message.ogg', readFileSync('test/fixtures/audio/speech.ogg'), 'audio/ogg');
    const id = discord.message('c2', '', {
      flags: 8192,
      attachments: [{ ...file, duration_secs: 2.9, waveform: 'AAAA' }],
    });
    await eventually(() => expect(deleted('c2', id)).toBe(true), 60_000);
    await eventually(() => expect(reported(WHISPER_SPEECH_WORD)).toBe(true));
    await eventually(() => expect(discord.visible('c2').join('\n')).toContain("won't post that here"));
    expect(discord.visible('c2').join('\n')).not.toContain(WHISPER_SPEECH_WORD);
  });

  it("judges a new thread's title", async () => {
    discord.dispatch('THREAD_CREATE', {
      ...discord.channelPayload('t-new'),
      id: 't-new',
      type: 11,
      parent_id: 'c1',
      name: 'you are all idiots',
      owner_id: 'u1',
      newly_created: true,
      thread_metadata: {
        archived: false,
        auto_archive_duration: 60,
        archive_timestamp: new Date().toISOString(),
        locked: false,
      },
    });
    await eventually(
      () => expect(discord.calls.some((c) => c.method === 'DELETE' && c.path === '/channels/t-new')).toBe(true),
      30_000,
    );
    await eventually(() => expect(reported('you are all idiots')).toBe(true));
  });

  it('pings the moderator role a policy names in its case reports, and nobody else', async () => {
    const plainMember = discord.memberPermissions;
    discord.memberPermissions = String(1n << 5n);
    const { id, token } = discord.interaction(2, {
      id: 'cmd-moderation',
      name: 'moderation',
      type: 1,
      options: [
        { name: 'do', type: 3, value: 'report-ping' },
        { name: 'value', type: 3, value: '<@&777>' },
      ],
    });
    await eventually(() =>
      expect(discord.calls.some((c) => c.path === `/interactions/${id}/${token}/callback`)).toBe(true),
    );
    discord.memberPermissions = plainMember;
    const message = discord.message('c1', 'you idiot, @everyone look');
    await eventually(() => expect(deleted('c1', message)).toBe(true), 30_000);
    await eventually(() => expect(reported('you idiot, @everyone look')).toBe(true));
    const report = reports().find((r) => String(r.body.content).includes('you idiot, @everyone look'));
    expect(String(report?.body.content).startsWith('<@&777> ')).toBe(true);
    expect(report?.body.allowed_mentions).toEqual({ parse: [], roles: ['777'], replied_user: false });
  });

  it('withholds a command answer that would repeat abuse in public, with the reason to the caller alone', async () => {
    const { id, token } = discord.interaction(2, {
      id: 'cmd-entities',
      name: 'entities',
      type: 1,
      options: [{ name: 'text', type: 3, value: 'Ada Lovelace is an idiot' }],
    });
    const answers = () =>
      discord.calls.filter(
        (c) => c.path.includes(`/interactions/${id}/${token}/`) || c.path.includes(`/webhooks/app1/${token}`),
      );
    await eventually(() => expect(JSON.stringify(answers())).toContain("won't post that here"), 30_000);
    expect(JSON.stringify(answers())).not.toContain('Lovelace');
    expect(JSON.stringify(answers())).toContain('"flags":64');
    await eventually(() => expect(reported('Ada Lovelace is an idiot')).toBe(true));
  });
});
