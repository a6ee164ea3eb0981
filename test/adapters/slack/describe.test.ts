import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../fakes/fake-slack/index.js';
import { writeFixtures } from '../../fixtures/models/generate.js';
import { tempDir } from '../../helpers/db.js';
import { flat } from '../../helpers/images.js';
import { fixtureEnv, type TestServer } from '../../helpers/server.js';
import { startSlackSocketServer } from '../../helpers/slack.js';
import { eventually } from '../contract.js';

/** The "Describe image" message shortcut through real Bolt in Socket Mode against a fake Slack, on the fixture models. */
describe('Slack: the "Describe image" shortcut on a message with a file', () => {
  const modelsDir = tempDir('omb-models-');
  let fake: FakeSlack;
  let server: TestServer;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['classifier', 'detector', 'captioner'] });
    fake = await startFakeSlack();
    server = await startSlackSocketServer(fake, { env: fixtureEnv(modelsDir, { PARSE_WORKERS: '1' }) });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  /** A file shared in Slack, as a message's `files` show it. */
  const share = (name: string, mimetype: string, data: Buffer | string) => {
    const { id, url_private } = fake.addFile({ name, mimetype, data });
    return { id, name, mimetype, url_private };
  };
  const shortcutOn = (files: ReturnType<typeof share>[]) => {
    const root = fake.nextTs();
    const message = { ts: fake.nextTs(), thread_ts: root, text: 'what is this?', user: 'U2', files };
    return fake.payloads.messageShortcut({ callback_id: 'describe', channel: 'C4', message });
  };
  const said = (url: string) => JSON.stringify(fake.responses(url));

  it('answers (through the shortcut’s response_url) with caption, labels and objects; the file fetched with the bot token', async () => {
    const image = share('leaf.png', 'image/png', Buffer.from(await flat([30, 200, 40], 160, 120)));
    const notes = share('notes.txt', 'text/plain', 'hello');
    const shortcut = shortcutOn([notes, image]);
    await fake.socket.send('interactive', shortcut);
    await eventually(() => expect(said(shortcut.response_url)).toContain('leaf.png · 160×120'));
    const answer = said(shortcut.response_url);
    expect(answer).toContain('Image description');
    expect(answer).toContain('machine-written');
    expect(answer).toContain('a green picture');
    const fetched = fake.downloads().filter((d) => image.url_private.endsWith(d.path));
    expect(fetched).toEqual([expect.objectContaining({ token: fake.identity.botToken })]);
    expect(fake.downloads().some((d) => notes.url_private.endsWith(d.path))).toBe(false);
  });

  it('says what is missing on a message without an image', async () => {
    const shortcut = shortcutOn([share('notes.txt', 'text/plain', 'hello')]);
    await fake.socket.send('interactive', shortcut);
    await eventually(() => expect(said(shortcut.response_url)).toContain('there is no image to describe'));
  });
});
