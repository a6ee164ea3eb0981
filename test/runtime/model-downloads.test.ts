import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configuredModels, DEFAULT_MODELS, modelEnvKey } from '../../src/runtime/manifest.js';
import { DEFAULT_PRECISION } from '../../src/runtime/precision.js';
import { modelDir, readLock } from '../../src/runtime/store/lock.js';
import { eventually } from '../adapters/contract.js';
import { FakeDiscord } from '../fakes/fake-discord/gateway.js';
import { FakeHub, type FakeRepo } from '../fakes/hub.js';
import { FIXTURE_IDS, writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The fixture models served by a fake Hub, each at a commit of its own (a hash of its files): the manifest's pinned
 * commits carry the real files' published sha256, which fixture files rightly fail. MODEL_<ID> pins these commits.
 */
function fixtureHub(): { hub: FakeHub; pins: Record<string, string> } {
  const source = tempDir('omb-hub-src-');
  writeFixtures(source);
  const lock = readLock(source);
  const repos: Record<string, FakeRepo> = {};
  const pins: Record<string, string> = {};
  for (const id of FIXTURE_IDS) {
    const { repo } = DEFAULT_MODELS[id];
    const entry = lock.models[repo];
    if (!entry) throw new Error(`no fixture for ${id}`);
    const files = Object.fromEntries(
      Object.keys(entry.files).map((f) => [f, readFileSync(path.join(modelDir(source, repo), f))]),
    );
    const commit = createHash('sha1').update(`${repo} fixture`).digest('hex');
    repos[repo] = { commit, files };
    pins[modelEnvKey(id)] = `${repo}@${commit}`;
  }
  rmSync(source, { recursive: true, force: true });
  return { hub: new FakeHub(repos), pins };
}

type Readyz = { models: Record<string, { state: string; percent?: number; done?: number; total?: number }> };

describe('model downloads people can see', () => {
  const { hub, pins } = fixtureHub();
  const discord = new FakeDiscord();
  let server: TestServer | undefined;

  beforeAll(async () => {
    await hub.start();
    await discord.start();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    hub.faults = {};
    hub.requests.length = 0;
  });
  afterAll(async () => {
    await discord.stop();
    await hub.stop();
  });

  const env = (extra: Record<string, string> = {}) => ({
    ...pins,
    MODELS_DIR: tempDir('omb-models-empty-'),
    HF_ENDPOINT: hub.url,
    API_KEYS: 'k',
    RUNTIME_WORKERS: '1',
    ...extra,
  });

  it('a first /sentiment shows the download of its model, then the answer; two requests share one pull', async () => {
    server = await startTestServer({
      env: env({ DISCORD_TOKEN: 'fake-token', DISCORD_APP_ID: 'app1', DISCORD_API_URL: discord.apiUrl }),
    });
    const { repo } = DEFAULT_MODELS.sentiment;
    const size = Object.values(hub.repos[repo]?.files ?? {}).reduce((sum, f) => sum + f.length, 0);
    // About 40 pieces a few tens of ms apart: long enough for the progress edits, which go out at most once a second.
    hub.faults.slow = { chunkBytes: Math.ceil(size / 40), delayMs: 60 };
    const command = (value: string) => ({
      id: 'cmd',
      name: 'sentiment',
      type: 1,
      options: [{ name: 'text', type: 3, value }],
    });
    const first = discord.interaction(2, command('I love this'));
    const second = discord.interaction(2, command('This is awful'));
    const edits = (token: string) =>
      discord.calls
        .filter((c) => c.method === 'PATCH' && c.path === `/webhooks/app1/${token}/messages/@original`)
        .map((c) => String(c.body.content ?? ''));
    await eventually(() => {
      expect(edits(first.token).at(-1)).toContain(repo);
      expect(edits(second.token).at(-1)).toContain(repo);
    }, 60_000);
    const progress = edits(first.token).filter((text) => text.startsWith('Downloading the sentiment model'));
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress[0]).toMatch(/: [\d.]+ of [\d.]+ MB/);
    // The answer came after the progress, in the same message.
    expect(edits(first.token).at(-1)).not.toContain('Downloading');
    // One pull: each of the model's files was fetched once (a large file: a resolve and its CDN redirect target).
    // (The int8 graph, which the encoders run by default, and not the fp32 one.)
    const pulled = configuredModels({}, DEFAULT_PRECISION).sentiment.files;
    expect(pulled).toContain('onnx/model_quantized.onnx');
    for (const file of [...pulled, 'onnx/model.onnx']) {
      const fetched = hub.requests.filter((r) => r.path.endsWith(`/${file}`) && !r.path.startsWith('/api/'));
      expect(fetched.length, file).toBe(!pulled.includes(file) ? 0 : file.endsWith('.onnx') ? 2 : 1);
    }
  }, 120_000);

  it('MODELS_PRELOAD=all pulls and verifies every model at start: /readyz goes from pulling to verified', async () => {
    hub.faults.slow = { chunkBytes: 256 * 1024, delayMs: 5 };
    server = await startTestServer({ env: env({ MODELS_PRELOAD: 'all' }) });
    const seen = new Set<string>();
    const readyz = async () => {
      const body = (await (await fetch(`${server?.url}/readyz`)).json()) as Readyz;
      for (const [id, view] of Object.entries(body.models)) {
        seen.add(`${id}:${view.state}`);
        if (view.state === 'pulling' && view.total)
          expect(view.percent).toBe(Math.floor((100 * (view.done ?? 0)) / view.total));
      }
      return body;
    };
    await eventually(async () => {
      const { models } = await readyz();
      expect(Object.entries(models).filter(([, m]) => m.state !== 'verified')).toEqual([]);
    }, 120_000);
    const { models } = await readyz();
    expect(Object.keys(models).sort()).toEqual(Object.keys(DEFAULT_MODELS).sort());
    expect([...seen].some((s) => s.endsWith(':pulling'))).toBe(true);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`^models_state\\{state="verified"\\} ${Object.keys(models).length}$`, 'm'));
  }, 180_000);

  it('a model id MODELS_PRELOAD does not know is a configuration error naming the ids', async () => {
    await expect(startTestServer({ env: env({ MODELS_PRELOAD: 'sentiment,nope' }) })).rejects.toThrow(
      /MODELS_PRELOAD: no model called nope/,
    );
  });
});
