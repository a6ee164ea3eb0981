import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack/index.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';
import type { TestServer } from '../helpers/server.js';
import { startSlackSocketServer } from '../helpers/slack.js';
import { eventually } from './contract.js';

type Block = { type: string; elements?: { action_id?: string; value?: string }[] };

/**
 * /imagine through real Bolt (Socket Mode) against the fake Slack, on the SD-shaped fixture: the answer replaces
 * the progress message, and the image (which Slack cannot attach to an edited message) is uploaded after it; the
 * reroll button draws another, the delete button removes the message and its file.
 */
describe('/imagine on Slack', () => {
  const modelsDir = tempDir('omb-imagine-models-');
  let fake: FakeSlack;
  let server: TestServer;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['imagine'] });
    fake = await startFakeSlack();
    server = await startSlackSocketServer(fake, {
      env: {
        MODELS_DIR: modelsDir,
        MODELS_OFFLINE: '1',
        RUNTIME_WORKERS: '1',
        IMAGINE_ACCEPT_LICENSES: 'LicenseRef-stabilityai-nc-community',
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  it('answers with the settings and uploads the PNG after the progress message is replaced', async () => {
    const command = fake.payloads.slashCommand({ command: '/imagine', text: 'a photo of a cat seed:7 size:256x256' });
    await fake.socket.send('slash_commands', command);
    await eventually(() => expect(fake.files().map((f) => f.name)).toContain('imagine-7.png'), 30_000);
    const said = JSON.stringify(fake.responses(command.response_url));
    expect(said).toContain('“a photo of a cat” · seed 7 · 256×256 · 1 step');
    expect(said).toMatch(/queue|Drawing|Working on it/);

    const buttons = (url: string) =>
      fake
        .responses(url)
        .flatMap((r) => (r.blocks ?? []) as Block[])
        .filter((b) => b.type === 'actions')
        .flatMap((b) => b.elements ?? []);
    const button = (url: string, name: string) => buttons(url).find((b) => b.action_id?.startsWith(`imagine:${name}`));
    const reroll = button(command.response_url, 'reroll');
    expect(reroll?.value).toBeTruthy();
    const press = fake.payloads.blockActions({ action_id: String(reroll?.action_id), value: reroll?.value });
    await fake.socket.send('interactive', press);
    const drawn = () => fake.files().filter((f) => /^imagine-\d+\.png$/.test(f.name));
    await eventually(() => expect(drawn()).toHaveLength(2), 30_000);
    expect(JSON.stringify(fake.responses(press.response_url))).toMatch(/“a photo of a cat” · seed \d+ · 256×256/);

    // The rerolled image's delete button: its message goes through the response_url, its file with files.delete.
    const del = button(press.response_url, 'delete');
    const rerolled = drawn().find((f) => f.name !== 'imagine-7.png')?.name;
    const deletion = fake.payloads.blockActions({ action_id: String(del?.action_id), value: del?.value });
    await fake.socket.send('interactive', deletion);
    await eventually(() => expect(drawn().map((f) => f.name)).toEqual(['imagine-7.png']));
    expect(fake.responses(deletion.response_url)).toContainEqual({ delete_original: true });
    expect(rerolled).toBeDefined();
  });
});
