import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CdnFile } from '../../fakes/fake-discord/cdn.js';
import { FakeDiscord, GUILD } from '../../fakes/fake-discord/gateway.js';
import { writeFixtures } from '../../fixtures/models/generate.js';
import { tempDir } from '../../helpers/db.js';
import { flat, squareImage } from '../../helpers/images.js';
import { discordFixtureEnv, startTestServer, type TestServer } from '../../helpers/server.js';
import { eventually } from '../contract.js';

/** /describe and "Describe image" through real discord.js against a fake Discord and CDN, on the fixture models. */
describe('Discord: /describe with an attachment, and the "Describe image" message action', () => {
  const discord = new FakeDiscord();
  const modelsDir = tempDir('omb-models-');
  let server: TestServer;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['classifier', 'detector', 'captioner'] });
    await discord.start();
    server = await startTestServer({
      env: discordFixtureEnv(discord, modelsDir, {
        PARSE_WORKERS: '1',
      }),
    });
  });
  afterAll(async () => {
    await server?.close();
    await discord.stop();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  const posted = () => discord.visible('c1');
  const downloaded = (file: CdnFile) => discord.cdn.downloads.some((d) => file.url.endsWith(d.path));
  const author = { id: 'u2', username: 'other', discriminator: '0', global_name: null, avatar: null };

  it('registers /describe with an attachment option and a "Describe image" message context menu', () => {
    const put = discord.calls.find((c) => c.method === 'PUT' && c.path === '/applications/app1/commands');
    const commands = (put?.body ?? []) as unknown as Record<string, unknown>[];
    expect(commands).toContainEqual(expect.objectContaining({ type: 3, name: 'Describe image' }));
    expect(commands.find((c) => c.name === 'describe')?.options).toContainEqual(
      expect.objectContaining({ name: 'image', type: 11 }),
    );
  });

  it('/describe image:… answers with the caption, labels and objects, marked machine-written', async () => {
    const png = Buffer.from(await squareImage(300, 200, { x: 40, y: 30, size: 80 }));
    const picture = discord.cdn.add('square.png', png, 'image/png');
    discord.interaction(2, {
      id: 'cmd-d',
      name: 'describe',
      type: 1,
      options: [{ name: 'image', type: 11, value: picture.id }],
      resolved: { attachments: { [picture.id]: picture } },
    });
    await eventually(() => expect(posted().join('\n')).toContain('(machine-written) · square.png · 300×200'));
    const answer = posted().find((t) => t.includes('square.png')) ?? '';
    expect(answer).toMatch(/> a (red|green|blue) picture/);
    expect(answer).toContain('**Objects:** 1 × bright square');
    expect(answer).toMatch(/\*\*Looks like:\*\* \S/);
  });

  it('"Describe image" on a message takes its first image, and says so when it has none', async () => {
    const notes = discord.cdn.add('notes.txt', Buffer.from('hello'), 'text/plain');
    const picture = discord.cdn.add('lemon.png', Buffer.from(await flat([30, 40, 240], 120, 80)), 'image/png');
    const use = (id: string, attachments: CdnFile[]) =>
      discord.interaction(2, {
        id: `ctx-${id}`,
        name: 'Describe image',
        type: 3,
        target_id: id,
        resolved: { messages: { [id]: { ...discord.messagePayload(id, 'c1', author, 'look'), attachments } } },
      });
    use('m60', [notes, picture]);
    await eventually(() => expect(posted().join('\n')).toContain('· lemon.png · 120×80'));
    expect(posted().find((t) => t.includes('lemon.png'))).toContain('> a blue picture');
    expect(downloaded(notes)).toBe(false);
    use('m61', [notes]);
    await eventually(() => expect(posted().at(-1)).toContain('there is no image to describe'));
  });

  it('/describe auto:alt-text is for moderators; it is stored per channel', async () => {
    const plain = discord.memberPermissions;
    discord.interaction(2, {
      id: 'cmd-a1',
      name: 'describe',
      type: 1,
      options: [{ name: 'auto', type: 3, value: 'alt-text' }],
    });
    await eventually(() => expect(posted().at(-1)).toContain('only moderators'));
    expect(await server.settings.get(GUILD, 'c1', 'describe.auto')).toBeUndefined();
    discord.memberPermissions = String((1n << 10n) | (1n << 13n)); // View Channel, Manage Messages
    discord.interaction(2, {
      id: 'cmd-a2',
      name: 'describe',
      type: 1,
      options: [{ name: 'auto', type: 3, value: 'alt-text' }],
    });
    await eventually(() => expect(posted().at(-1)).toContain('Automatic image descriptions'));
    expect(await server.settings.get(GUILD, 'c1', 'describe.auto')).toBe('alt-text');
    discord.memberPermissions = plain;
  });

  it('with alt text on, one machine-written caption per image without a description, none for described ones', async () => {
    await server.settings.set(GUILD, 'c2', 'describe.auto', 'alt-text');
    const picture = async (name: string, colour: [number, number, number]) =>
      discord.cdn.add(name, Buffer.from(await flat(colour, 64, 48)), 'image/png');
    const red = await picture('red.png', [230, 20, 20]);
    const green = await picture('green.png', [20, 200, 40]);
    const blue = await picture('blue.png', [30, 40, 240]);
    const notes = discord.cdn.add('notes.txt', Buffer.from('hello'), 'text/plain');
    discord.message('c2', 'my pictures', {
      attachments: [red, { ...green, description: 'a green field' }, blue, notes],
    });
    const altTexts = () => discord.visible('c2').filter((t) => t.startsWith('🖼️ Image description (machine-written)'));
    await eventually(() => expect(altTexts()).toHaveLength(2));
    expect(altTexts().sort()).toEqual([
      '🖼️ Image description (machine-written): a blue picture',
      '🖼️ Image description (machine-written): a red picture',
    ]);
    expect(downloaded(green)).toBe(false);
    expect(downloaded(notes)).toBe(false);

    // Off by default elsewhere: an image posted in c3 is not fetched. Events of a channel are handled in order, so
    // once a /describe used after it is answered, the image was passed over.
    const passed = await picture('passed.png', [230, 20, 20]);
    discord.message('c3', 'another', { attachments: [passed] });
    const asked = await picture('asked.png', [30, 40, 240]);
    discord.interaction(
      2,
      {
        id: 'cmd-c3',
        name: 'describe',
        type: 1,
        options: [{ name: 'image', type: 11, value: asked.id }],
        resolved: { attachments: { [asked.id]: asked } },
      },
      'c3',
    );
    await eventually(() => expect(discord.visible('c3').join('\n')).toContain('asked.png'));
    expect(downloaded(passed)).toBe(false);
    expect(altTexts()).toHaveLength(2);
  });
});
