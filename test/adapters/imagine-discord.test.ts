import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGE_RESTRICTED_CHANNEL, FakeDiscord } from '../fakes/fake-discord/gateway.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { writeImageClassifier } from '../fixtures/models/image-classifier.js';
import { tempDir } from '../helpers/db.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { eventually } from './contract.js';

interface Upload {
  name: string;
  size: number;
}
interface Component {
  custom_id?: string;
  components?: Component[];
}

/**
 * /imagine through real discord.js against the fake Discord, on the SD-shaped fixture: the command is deferred,
 * the deferred reply is edited with progress, the image is uploaded with its prompt as alt text, and the reroll
 * button draws another one. The safety classifier fixture flags every image (threshold 0.01, see
 * imagine-safety.test.ts): the channel's policy decides between a spoiler and a plain upload.
 */
describe('/imagine on Discord', () => {
  const modelsDir = tempDir('omb-imagine-models-');
  const discord = new FakeDiscord();
  let server: TestServer;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['imagine'] });
    const classifier = writeImageClassifier(modelsDir);
    await discord.start();
    server = await startTestServer({
      env: {
        MODELS_DIR: modelsDir,
        MODELS_OFFLINE: '1',
        RUNTIME_WORKERS: '1',
        IMAGINE_ACCEPT_LICENSES: 'LicenseRef-stabilityai-nc-community',
        IMAGINE_SAFETY_MODEL: `${classifier.repo}@${classifier.revision}`,
        IMAGINE_SAFETY_THRESHOLD: '0.01',
        // The VAE fixture's colour fields are what the classifier fixture flags at this threshold.
        IMAGINE_DECODER: 'vae',
        DISCORD_TOKEN: 'fake-token',
        DISCORD_APP_ID: 'app1',
        DISCORD_API_URL: discord.apiUrl,
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await discord.stop();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  /** Edits of an interaction's reply, and the uploads and buttons they carried. */
  const editsOf = (token: string) =>
    discord.calls
      .filter((c) => c.path.includes(`/webhooks/app1/${token}`))
      .map((c) => ({
        content: String(c.body.content ?? ''),
        uploaded: (c.body.uploaded ?? []) as Upload[],
        attachments: (c.body.attachments ?? []) as { description?: string }[],
        buttons: ((c.body.components ?? []) as Component[]).flatMap((row) => row.components ?? []),
      }));

  /** A moderator (Manage Server) sets what happens to flagged images in `channelId`; returns the answer. */
  const setPolicy = async (policy: string, channelId: string) => {
    const before = discord.memberPermissions;
    discord.memberPermissions = String(BigInt(before) | MANAGE_GUILD);
    const options = [{ name: 'flagged', type: 3, value: policy }];
    const { token } = discord.interaction(2, { id: 'cmd-imagine', name: 'imagine', type: 1, options }, channelId);
    await eventually(() => expect(editsOf(token).at(-1)?.content ?? '').toMatch(/Done|only/));
    discord.memberPermissions = before;
    return editsOf(token).at(-1)?.content;
  };

  it('defers, shows progress, uploads the image with alt text, and rerolls from its button', async () => {
    expect(await setPolicy('spoiler', 'c1')).toMatch(/behind a spoiler/);
    const options = [
      { name: 'prompt', type: 3, value: 'a photo of a cat' },
      { name: 'seed', type: 4, value: 7 },
      { name: 'size', type: 3, value: '256x256' },
    ];
    const { id, token } = discord.interaction(2, { id: 'cmd-imagine', name: 'imagine', type: 1, options });
    await eventually(() => expect(editsOf(token).some((e) => e.uploaded.length > 0)).toBe(true), 30_000);
    expect(discord.deferred(id)).toBe(true);
    const edits = editsOf(token);
    expect(edits.some((e) => /queue|Drawing/.test(e.content))).toBe(true);
    const final = edits.find((e) => e.uploaded.length > 0);
    expect(final?.content).toMatch(
      /^⚠️ Flagged by the image safety check \(nsfw 0\.\d+\)\n🎨 “a photo of a cat” · seed 7 · 256×256 · 1 step/,
    );
    expect(final?.uploaded[0]?.name).toBe('SPOILER_imagine-7.png');
    expect(final?.attachments[0]?.description).toBe('a photo of a cat');
    const reroll = final?.buttons.find((b) => b.custom_id?.startsWith('imagine:reroll'));
    expect(reroll).toBeDefined();

    const press = discord.interaction(3, { custom_id: reroll?.custom_id, component_type: 2 });
    await eventually(
      () => expect(editsOf(press.token).some((e) => e.uploaded.some((u) => u.name.endsWith('.png')))).toBe(true),
      30_000,
    );
    const again = editsOf(press.token).find((e) => e.uploaded.length > 0);
    expect(again?.content).toMatch(/🎨 “a photo of a cat” · seed \d+ · 256×256/);
    expect(again?.content).not.toContain('seed 7 ');

    const del = again?.buttons.find((b) => b.custom_id?.startsWith('imagine:delete'));
    discord.interaction(3, { custom_id: del?.custom_id, component_type: 2 }, 'c1', undefined, 'img-42');
    await eventually(() =>
      expect(discord.calls.some((c) => c.method === 'DELETE' && c.path === '/channels/c1/messages/img-42')).toBe(true),
    );
  });

  it("posts flagged images plainly where the channel is age-restricted and the policy is 'allow'", async () => {
    expect(await setPolicy('allow', 'c1')).toMatch(/only for age-restricted/);
    expect(await setPolicy('allow', AGE_RESTRICTED_CHANNEL)).toMatch(/as they are/);
    const options = [
      { name: 'prompt', type: 3, value: 'a photo of a dog' },
      { name: 'seed', type: 4, value: 8 },
      { name: 'size', type: 3, value: '256x256' },
    ];
    const cmd = { id: 'cmd-imagine', name: 'imagine', type: 1, options };
    const { token } = discord.interaction(2, cmd, AGE_RESTRICTED_CHANNEL);
    await eventually(() => expect(editsOf(token).some((e) => e.uploaded.length > 0)).toBe(true), 30_000);
    const final = editsOf(token).find((e) => e.uploaded.length > 0);
    expect(final?.uploaded[0]?.name).toBe('imagine-8.png');
    expect(final?.content).toMatch(/^🎨 “a photo of a dog” · seed 8/);
  });
});

const MANAGE_GUILD = 1n << 5n;
