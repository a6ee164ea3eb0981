import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectivePolicy, verdictOf } from '../../src/skills/imagine/safety.js';
import { eventually } from '../adapters/contract.js';
import { RecordingAdapter, type Where } from '../fakes/recording-adapter.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { writeImageClassifier } from '../fixtures/models/image-classifier.js';
import { tempDir } from '../helpers/db.js';
import { type MemoryServer, startMemoryServer } from '../helpers/memory-server.js';
import { fixtureEnv, postJson } from '../helpers/server.js';

describe('reading a safety classifier', () => {
  const options = { labels: ['porn', 'hentai', 'SEXY'], threshold: 0.5 };
  const scores = (porn: number, hentai: number, sexy: number) => [
    { label: 'neutral', score: 1 - porn - hentai - sexy },
    { label: 'porn', score: porn },
    { label: 'hentai', score: hentai },
    { label: 'sexy', score: sexy },
  ];

  it('adds up the flagged labels (any case) and names the highest', () => {
    expect(verdictOf(scores(0.3, 0.1, 0.15), options, 'm')).toMatchObject({ flagged: true, label: 'porn' });
    expect(verdictOf(scores(0.2, 0.1, 0.15), options, 'm')).toMatchObject({ flagged: false });
    expect(verdictOf([{ label: 'normal', score: 1 }], options, 'm')).toMatchObject({ flagged: false, score: 0 });
    expect(verdictOf(scores(0.9, 0.9, 0.9), options, 'm').score).toBe(1);
  });

  it("allows flagged images only in age-restricted channels ('allow' elsewhere spoilers)", () => {
    expect(effectivePolicy('allow', true)).toBe('allow');
    expect(effectivePolicy('allow', false)).toBe('spoiler');
    expect(effectivePolicy('refuse', true)).toBe('refuse');
  });
});

/**
 * The image safety check on the fixtures: the SD fixture's colour fields (drawn by its VAE, not TAESD) score
 * nsfw ≈ 0.1 on the classifier fixture (nsfw = sigmoid(6·mean red − 2)), so with the threshold at 0.01 every image is
 * flagged and the policies decide.
 */
describe('imagine with an image safety classifier (fixture models through the real pool)', () => {
  const modelsDir = tempDir('omb-models-');
  const chat = new RecordingAdapter();
  let server: MemoryServer;
  let classifier: string;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['imagine'] });
    const spec = writeImageClassifier(modelsDir);
    classifier = spec.repo;
    server = await startMemoryServer({
      adapters: [chat],
      env: fixtureEnv(modelsDir, {
        IMAGINE_ACCEPT_LICENSES: 'LicenseRef-stabilityai-nc-community',
        IMAGINE_DAILY_QUOTA: '100',
        IMAGINE_SAFETY_MODEL: `${spec.repo}@${spec.revision}`,
        IMAGINE_SAFETY_LABELS: 'nsfw',
        IMAGINE_SAFETY_THRESHOLD: '0.01',
        IMAGINE_DECODER: 'vae',
      }),
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  const finalReply = (where: Where) =>
    chat.recorded.flatMap((r) => (r.op !== 'defer' && r.ref.channelId === where.channelId ? [r.reply] : [])).at(-1);
  const draw = async (where: Where, seed: number) => {
    await chat.command('imagine', { prompt: 'a photo of a cat', seed, size: '256x256' }, where);
    await eventually(() => expect(chat.visible(where).at(-1)).toMatch(/flagged this image|· seed \d+ ·/), 20_000);
    return finalReply(where);
  };

  it('refuses a flagged image by default, saying why', async () => {
    const reply = await draw({ channelId: 'general', userId: 'u1' }, 1);
    expect(reply?.text).toMatch(/safety check flagged this image \(nsfw 0\.\d\d\).*not posted here/);
    expect(reply?.files ?? []).toEqual([]);
  });

  it('spoilers it where moderators chose so, with the verdict in the text and in the info', async () => {
    const mod = { channelId: 'art', userId: 'm1', isModerator: true };
    await chat.command('imagine', { flagged: 'spoiler' }, mod);
    await eventually(() => expect(chat.visible(mod).at(-1)).toMatch(/behind a spoiler/));
    const reply = await draw({ channelId: 'art', userId: 'u2' }, 2);
    expect(reply?.text).toMatch(/^⚠️ Flagged by the image safety check \(nsfw 0\.\d\d\)\n🎨 “a photo of a cat”/);
    expect(reply?.files?.[0]).toMatchObject({ name: 'imagine-2.png', spoiler: true });
    const info = reply?.buttons?.find((b) => b.actionId === 'imagine:info');
    await chat.action('imagine:info', info?.value ?? '', { channelId: 'art', userId: 'u2' });
    await eventually(() =>
      expect(chat.visible({ channelId: 'art' }).at(-1)).toContain(`**Safety check:** ${classifier}: flagged (nsfw`),
    );
  });

  it("lets only moderators choose, and 'allow' only in an age-restricted channel, where it posts the image", async () => {
    await chat.command('imagine', { flagged: 'allow' }, { channelId: 'art', userId: 'u2' });
    await eventually(() => expect(chat.visible({ channelId: 'art' }).at(-1)).toMatch(/only moderators/));
    await chat.command('imagine', { flagged: 'allow' }, { channelId: 'art', userId: 'm1', isModerator: true });
    await eventually(() => expect(chat.visible({ channelId: 'art' }).at(-1)).toMatch(/only for age-restricted/));

    const adults = { channelId: 'adults', userId: 'm1', isModerator: true, ageRestricted: true };
    await chat.command('imagine', { flagged: 'allow' }, adults);
    await eventually(() => expect(chat.visible(adults).at(-1)).toMatch(/posted here as they are/));
    const reply = await draw({ channelId: 'adults', userId: 'u3', ageRestricted: true }, 3);
    expect(reply?.text).toMatch(/^🎨 “a photo of a cat” · seed 3/);
    expect(reply?.files?.[0]?.spoiler).toBeUndefined();
  });

  it('deletes the image from its button for the requester or a moderator, not for anyone else', async () => {
    const where = { channelId: 'adults', userId: 'u4', ageRestricted: true };
    const reply = await draw(where, 5);
    const del = reply?.buttons?.find((b) => b.actionId === 'imagine:delete');
    expect(del?.style).toBe('danger');
    const removals = () => chat.platformOps.filter((op) => op.op === 'removeReply').length;
    await chat.action('imagine:delete', del?.value ?? '', { ...where, userId: 'u5' });
    await eventually(() => expect(chat.visible(where).at(-1)).toMatch(/only the person who asked for this image/));
    expect(removals()).toBe(0);
    await chat.action('imagine:delete', del?.value ?? '', where);
    await eventually(() => expect(removals()).toBe(1));
    await chat.action('imagine:delete', del?.value ?? '', { ...where, userId: 'm2', isModerator: true });
    await eventually(() => expect(removals()).toBe(2));
  });

  it('over the API: 422 with the reason under the default policy', async () => {
    const res = await postJson(server, '/v1/skills/imagine', { prompt: 'a cat', seed: 4, width: 256, height: 256 });
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error).toMatchObject({ code: 'content_flagged' });
    expect(error.message).toMatch(/flagged this image \(nsfw/);
  });

  it('shows the safety model with its card in /models', async () => {
    const res = await postJson(server, '/v1/skills/models', {});
    const text = JSON.stringify(await res.json());
    expect(text).toContain(classifier);
    expect(text).toContain(`https://huggingface.co/${classifier}`);
  });
});
