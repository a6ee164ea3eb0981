import { rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedImages } from '../../../src/adapters/discord/files.js';
import { FakeDiscord, GUILD } from '../../fakes/fake-discord/gateway.js';
import { writeImageClassifier } from '../../fixtures/models/image-classifier.js';
import { tempDir } from '../../helpers/db.js';
import { discordFixtureEnv, startTestServer, type TestServer } from '../../helpers/server.js';
import { eventually } from '../contract.js';

/**
 * Image moderation over the gateway: the fixture safety classifier scores nsfw = sigmoid(6·mean red − 2), so a red
 * picture is flagged (0.98) and a blue one is not (0.12), through the real parse pool and inference pool.
 */
describe('moderating posted images on Discord (real discord.js, fake Discord and CDN, fixture safety model)', () => {
  const discord = new FakeDiscord();
  const modelsDir = tempDir('omb-models-');
  let server: TestServer;
  let red: Buffer;
  let blue: Buffer;

  beforeAll(async () => {
    const spec = writeImageClassifier(modelsDir);
    const solid = (r: number, b: number) =>
      sharp({ create: { width: 64, height: 48, channels: 3, background: { r, g: 0, b } } })
        .png()
        .toBuffer();
    [red, blue] = await Promise.all([solid(255, 0), solid(0, 255)]);
    await discord.start();
    server = await startTestServer({
      env: discordFixtureEnv(discord, modelsDir, {
        IMAGINE_SAFETY_MODEL: `${spec.repo}@${spec.revision}`,
        IMAGINE_SAFETY_LABELS: 'nsfw',
        IMAGINE_SAFETY_THRESHOLD: '0.5',
      }),
    });
    // The server's policy: on, live, reports to #mods. Text moderation needs no model here: no text is posted.
    const policy = { enabled: true, modChannel: 'mods', models: ['toxicity'] };
    await server.settings.set(GUILD, '', 'moderation.policy', policy);
  });
  afterAll(async () => {
    await server?.close();
    await discord.stop();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  const calls = (method: string, path: string) => discord.calls.filter((c) => c.method === method && c.path === path);
  let asked = 0;
  /** The mod-log as a moderator reads it (/moderation do:cases). */
  const modLog = async () => {
    discord.memberPermissions = String(1n << 5n);
    const { id, token } = discord.interaction(2, {
      id: `cmd-cases-${asked++}`,
      name: 'moderation',
      type: 1,
      options: [{ name: 'do', type: 3, value: 'cases' }],
    });
    let answer = '';
    await eventually(() => {
      answer = JSON.stringify(calls('POST', `/interactions/${id}/${token}/callback`)[0]?.body ?? '');
      expect(answer).toMatch(/\d+ cases?/);
    });
    return answer;
  };
  const uploaded = (call: { body: Record<string, unknown> } | undefined) =>
    (call?.body.uploaded as { name: string }[] | undefined) ?? [];

  it('deletes a flagged image once, logs the case, and shows moderators the image only behind a spoiler', async () => {
    const picture = discord.cdn.add('holiday.png', red, 'image/png');
    const messageId = discord.message('c1', '', { attachments: [picture] });
    await eventually(() => expect(calls('DELETE', `/channels/c1/messages/${messageId}`)).toHaveLength(1), 20_000);
    await eventually(() => {
      const report = calls('POST', '/channels/mods/messages')[0];
      expect(String(report?.body.content)).toMatch(/\*\*Case #1\*\* · <@u1> in <#c1> · \*\*remove\*\*/);
      expect(String(report?.body.content)).toContain('image_unsafe 0.98 ≥ 0.50');
      expect(uploaded(report).map((f) => f.name)).toEqual(['SPOILER_holiday.png']);
    });
    const log = await modLog();
    expect(log).toContain('1 case');
    expect(log).toContain('[image] holiday.png (nsfw 0.98)');
    expect(log).toContain('fixtures/nsfw-image-detection');
    // Delivered again (a gateway replay): the same message is not judged twice.
    discord.redeliver('MESSAGE_CREATE', messageId);
    await new Promise((r) => setTimeout(r, 1000));
    expect(calls('DELETE', `/channels/c1/messages/${messageId}`)).toHaveLength(1);
    expect(calls('POST', '/channels/mods/messages')).toHaveLength(1);
  });

  it('leaves a harmless image alone, and never fetches an embed image from another host', async () => {
    let trackerHits = 0;
    const tracker = http.createServer((_req, res) => {
      trackerHits += 1;
      res.writeHead(200, { 'content-type': 'image/png' }).end(red);
    });
    await new Promise<void>((resolve) => tracker.listen(0, '127.0.0.1', resolve));
    const elsewhere = { url: `http://127.0.0.1:${(tracker.address() as AddressInfo).port}/pixel.png` };
    const before = discord.calls.length;
    const picture = discord.cdn.add('sky.png', blue, 'image/png');
    discord.message('c1', 'look', { attachments: [picture], embeds: [{ type: 'image', thumbnail: elsewhere }] });
    await eventually(() => expect(discord.cdn.downloads.some((d) => d.path.endsWith('/sky.png'))).toBe(true));
    await new Promise((r) => setTimeout(r, 1000));
    tracker.close();
    expect(trackerHits).toBe(0);
    expect(discord.calls.slice(before).filter((c) => c.method === 'DELETE')).toEqual([]);
    expect(await modLog()).toContain('1 case');
  });

  it("with the policy's spoiler action, reposts a flagged image hidden, naming whose it was", async () => {
    const policy = { enabled: true, modChannel: 'mods', actions: { flag: ['report'], remove: ['spoiler', 'report'] } };
    await server.settings.set(GUILD, 'c2', 'moderation.policy', policy);
    const picture = discord.cdn.add('beach.png', red, 'image/png');
    const messageId = discord.message('c2', '', { attachments: [picture] });
    await eventually(() => expect(calls('DELETE', `/channels/c2/messages/${messageId}`)).toHaveLength(1), 20_000);
    await eventually(() => {
      const repost = calls('POST', '/channels/c2/messages')[0];
      expect(String(repost?.body.content)).toContain('hidden behind a spoiler by moderation (case #2)');
      expect(uploaded(repost).map((f) => f.name)).toEqual(['SPOILER_beach.png']);
    });
    expect(await modLog()).toContain('Actions: spoiler, report');
  });
});

describe("a Discord message's embed images", () => {
  const access = { allowedHosts: ['cdn.discordapp.com', 'media.discordapp.net'] };
  it("are posted images only when Discord's own hosts serve them over https", () => {
    const images = embedImages(
      [
        { image: { url: 'https://cdn.discordapp.com/attachments/1/2/caf%C3%A9.png' } },
        { thumbnail: { url: 'https://media.discordapp.net/attachments/1/3/%E0%A4%A.jpg' } },
        { image: { url: 'http://cdn.discordapp.com/attachments/1/4/plain.png' } },
        { thumbnail: { url: 'https://images-ext-1.example/tracker.gif' } },
        { image: { url: 'not a url' } },
        { image: null, thumbnail: null },
      ],
      access,
    );
    expect(images.map((i) => i.name)).toEqual(['café.png', '%E0%A4%A.jpg']);
  });
});
