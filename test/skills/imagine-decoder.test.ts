import { rmSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DEFAULT_MODELS } from '../../src/runtime/manifest.js';
import type { WorkerPool } from '../../src/runtime/pool.js';
import { modelDir } from '../../src/runtime/store/lock.js';
import type { ImageInput, ImageOutput } from '../../src/runtime/tasks.js';
import { eventually } from '../adapters/contract.js';
import { RecordingAdapter } from '../fakes/recording-adapter.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';
import { type MemoryServer, startMemoryServer } from '../helpers/memory-server.js';
import { fixtureEnv, postJson } from '../helpers/server.js';
import { fixtureHandle, testPool } from '../runtime/fixture-pool.js';
import { offFromTaesd, oneStepLatents } from '../runtime/sd-one-step.js';

const LICENSE = 'LicenseRef-stabilityai-nc-community';
const REQUEST = { prompt: 'a photo of a cat', seed: 42, width: 256, height: 320 };
/** What /imagine runs for REQUEST on a turbo model: one step, no guidance. */
const INPUT: ImageInput = { ...REQUEST, steps: 1, guidance: 0 };

describe('IMAGINE_DECODER configuration', () => {
  it('is unset by default (the skill picks by model), takes taesd or vae, and refuses anything else', () => {
    expect(loadConfig({}).IMAGINE_DECODER).toBeUndefined();
    expect(loadConfig({ IMAGINE_DECODER: '' }).IMAGINE_DECODER).toBeUndefined();
    expect(loadConfig({ IMAGINE_DECODER: 'vae' }).IMAGINE_DECODER).toBe('vae');
    expect(loadConfig({ IMAGINE_DECODER: ' taesd ' }).IMAGINE_DECODER).toBe('taesd');
    expect(() => loadConfig({ IMAGINE_DECODER: 'tiny' })).toThrow(
      expect.objectContaining({ code: 'config_invalid', message: expect.stringMatching(/IMAGINE_DECODER/) }),
    );
  });

  it('lets the operator replace the TAESD model like any other, pinned to a commit', () => {
    const commit = '0123456789abcdef0123456789abcdef01234567';
    expect(loadConfig({ MODEL_TAESD: `someone/taesd-onnx@${commit}` }).modelOverrides.taesd).toEqual({
      repo: 'someone/taesd-onnx',
      revision: commit,
    });
    expect(() => loadConfig({ MODEL_TAESD: 'someone/taesd-onnx@main' })).toThrow(/MODEL_TAESD/);
  });
});

/** /imagine on the SD-shaped fixture with each decoder, through the real server, runtime and pool. */
describe('/imagine decodes with TAESD by default for a turbo model, and with the VAE when configured', () => {
  const modelsDir = tempDir('omb-models-');
  const chat = new RecordingAdapter();
  let taesdServer: MemoryServer;
  let vaeServer: MemoryServer;
  let pool: WorkerPool;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['imagine'] });
    const env = fixtureEnv(modelsDir, { IMAGINE_ACCEPT_LICENSES: LICENSE });
    taesdServer = await startMemoryServer({ adapters: [chat], env });
    vaeServer = await startMemoryServer({ env: { ...env, IMAGINE_DECODER: 'vae' } });
    pool = testPool();
  });
  afterAll(async () => {
    await Promise.all([taesdServer?.close(), vaeServer?.close(), pool?.close()]);
    rmSync(modelsDir, { recursive: true, force: true });
  });

  const png = async (server: MemoryServer) => {
    const res = await postJson(server, '/v1/skills/imagine', REQUEST);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    return Buffer.from(await res.arrayBuffer());
  };

  it('default: every pixel is what the TAESD fixture makes of the image model’s (unscaled) latents', async () => {
    const latents = await oneStepLatents(modelDir(modelsDir, DEFAULT_MODELS.imagine.repo), INPUT);
    const drawn = await png(taesdServer);
    expect(await sharp(drawn).metadata()).toMatchObject({ format: 'png', width: 256, height: 320 });
    expect(await offFromTaesd(drawn, latents)).toBe(0);
  });

  it('IMAGINE_DECODER=vae: the image model’s own VAE draws it, byte for byte as the pipeline without a decoder', async () => {
    const viaVae = (await pool.run(fixtureHandle(modelsDir, 'imagine'), INPUT)) as ImageOutput;
    const drawn = await png(vaeServer);
    expect(drawn.equals(Buffer.from(viaVae.png))).toBe(true);
    expect(drawn.equals(await png(taesdServer))).toBe(false);
  });

  it('/models shows the TAESD model with its licence and card, used by /imagine only where it decodes', async () => {
    type Entry = { id: string; repo: string; license: string; cardUrl: string; task: string; usedBy: string[] };
    const list = async (server: MemoryServer) =>
      ((await (await postJson(server, '/v1/skills/models', {})).json()) as { models: Entry[] }).models;
    const taesd = (await list(taesdServer)).find((m) => m.id === 'taesd');
    expect(taesd).toMatchObject({
      repo: DEFAULT_MODELS.taesd.repo,
      license: 'MIT',
      cardUrl: 'https://huggingface.co/madebyollin/taesd',
      task: 'latent-decoding',
      usedBy: ['imagine'],
    });
    expect((await list(vaeServer)).find((m) => m.id === 'taesd')?.usedBy).toEqual([]);
  });

  it('in chat, Info names the decoder that drew the image and its licence', async () => {
    const where = { channelId: 'art', userId: 'u1' };
    await chat.command('imagine', { prompt: 'a red boat', seed: 5, size: '256x256' }, where);
    await eventually(() => expect(chat.visible(where).at(-1)).toMatch(/^🎨 “a red boat” · seed 5/), 20_000);
    const buttons = chat.recorded.flatMap((r) => (r.op === 'defer' ? [] : (r.reply.buttons ?? [])));
    const ref = buttons.find((b) => b.actionId === 'imagine:info')?.value ?? '';
    await chat.action('imagine:info', ref, where);
    const revision = DEFAULT_MODELS.taesd.revision.slice(0, 12);
    await eventually(() =>
      expect(chat.visible(where).at(-1)).toContain(
        `**Decoder:** ${DEFAULT_MODELS.taesd.repo}@${revision} (TAESD) · **Licence:** MIT`,
      ),
    );
  });
});
