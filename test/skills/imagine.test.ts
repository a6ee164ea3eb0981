import { rmSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../adapters/contract.js';
import { RecordingAdapter } from '../fakes/recording-adapter.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';
import { type MemoryServer, startMemoryServer } from '../helpers/memory-server.js';
import { fixtureEnv, postJson } from '../helpers/server.js';

const LICENSE = 'LicenseRef-stabilityai-nc-community';

/** /imagine on the SD-shaped fixture (CLIP tokenizer, text encoder, UNet, VAE decoder) through the real pool. */
describe('imagine (fixture Stable Diffusion through the real runtime, over the API and the core)', () => {
  const modelsDir = tempDir('omb-models-');
  const chat = new RecordingAdapter();
  let server: MemoryServer;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['imagine'] });
    server = await startMemoryServer({
      adapters: [chat],
      env: fixtureEnv(modelsDir, {
        IMAGINE_ACCEPT_LICENSES: LICENSE,
        IMAGINE_BLOCKLIST: 'gore,forbidden thing',
        IMAGINE_DAILY_QUOTA: '100',
      }),
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  const imagine = (body: object) => postJson(server, '/v1/skills/imagine', body);
  const png = async (body: object) => {
    const res = await imagine(body);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    return Buffer.from(await res.arrayBuffer());
  };

  it('draws a PNG of the requested size; the same seed gives the same bytes, another seed or prompt others', async () => {
    const a = await png({ prompt: 'a photo of a cat', seed: 42, width: 256, height: 320 });
    expect(await sharp(a).metadata()).toMatchObject({ format: 'png', width: 256, height: 320 });
    expect((await png({ prompt: 'a photo of a cat', seed: 42, width: 256, height: 320 })).equals(a)).toBe(true);
    expect((await png({ prompt: 'a photo of a cat', seed: 43, width: 256, height: 320 })).equals(a)).toBe(false);
    expect((await png({ prompt: 'a red horse', seed: 42, width: 256, height: 320 })).equals(a)).toBe(false);
  });

  it('refuses impossible sizes and steps, and blocked prompts, with 400 and a reason', async () => {
    for (const body of [
      { prompt: 'a cat', width: 100_000 },
      { prompt: 'a cat', width: 300 },
      { prompt: 'a cat', steps: 1000 },
      { prompt: '' },
      { prompt: 'lots of GORE please' },
    ]) {
      const res = await imagine(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const { error } = (await res.json()) as { error: { message: string } };
      expect(error.message).toMatch(/width|steps|describe|blocked term/);
    }
  });

  it('in chat: progress, then the image as a file with its prompt as alt text, and a working reroll', async () => {
    const where = { channelId: 'art', userId: 'u1' };
    await chat.command('imagine', { prompt: 'a photo of a cat', seed: 7, size: '256x256' }, where);
    await eventually(
      () => expect(chat.visible(where).at(-1)).toMatch(/^🎨 “a photo of a cat” · seed 7 · 256×256/),
      20_000,
    );
    const replies = chat.recorded.flatMap((r) => (r.op === 'send' || r.op === 'edit' ? [r.reply] : []));
    const final = replies.at(-1);
    expect(final?.files?.[0]).toMatchObject({ contentType: 'image/png', description: 'a photo of a cat' });
    const reroll = final?.buttons?.find((b) => b.actionId === 'imagine:reroll');
    expect(reroll).toBeDefined();

    await chat.action('imagine:reroll', reroll?.value ?? '', where);
    await eventually(() => {
      const texts = chat.visible(where).filter((t) => t.startsWith('🎨 “a photo of a cat”'));
      expect(texts.length).toBeGreaterThanOrEqual(2);
      expect(texts.at(-1)).not.toContain('seed 7 ');
    }, 20_000);
  });
});

describe('imagine without the licence accepted', () => {
  it('refuses with the licence, its card and how to accept it', async () => {
    const modelsDir = tempDir('omb-models-');
    writeFixtures(modelsDir, { only: ['imagine'] });
    const server = await startMemoryServer({ env: { MODELS_DIR: modelsDir, MODELS_OFFLINE: '1', API_KEYS: 'k' } });
    try {
      const res = await postJson(server, '/v1/skills/imagine', { prompt: 'a cat' });
      expect(res.status).toBe(503);
      const { error } = (await res.json()) as { error: { message: string } };
      expect(error.message).toContain(`IMAGINE_ACCEPT_LICENSES=${LICENSE}`);
      expect(error.message).toContain('https://huggingface.co/stabilityai/sd-turbo');
    } finally {
      await server.close();
      rmSync(modelsDir, { recursive: true, force: true });
    }
  });
});
