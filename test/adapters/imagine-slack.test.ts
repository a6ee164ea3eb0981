import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack/index.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';
import type { TestServer } from '../helpers/server.js';
import { startSlackSocketServer } from '../helpers/slack.js';
import { eventually } from './contract.js';

/**
 * /imagine through real Bolt (Socket Mode) against the fake Slack, on the SD-shaped fixture: the answer replaces
 * the progress message, and the image (which Slack cannot attach to an edited message) is uploaded after it.
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
  });
});
