import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../adapters/contract.js';
import { FakeDiscord } from '../fakes/fake-discord/gateway.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { createPostgresDatabase, tempDir } from '../helpers/db.js';
import { type ServerProcess, spawnCli } from '../helpers/process.js';
import { requiredEnv } from '../helpers/requires.js';
import { type RedisProxy, startRedisProxy } from './redis-proxy.js';

const databaseBase = requiredEnv('DATABASE_URL');
const redisUrl = requiredEnv('REDIS_URL');

/**
 * Real processes on this machine's Postgres and Redis: one gateway (ROLE=gateway: HTTP API and skills, inference
 * sent through BullMQ) and worker processes (ROLE=worker: the ONNX pool), on fixture models. The gateway reaches
 * Redis through a proxy the test can cut, as a Redis restart or a network partition would.
 */
describe.skipIf(!databaseBase || !redisUrl)('scale-out: a gateway and workers on Redis and Postgres', () => {
  const modelsDir = tempDir('omb-models-');
  const dataDir = tempDir();
  const queueName = `omb-test-${randomBytes(4).toString('hex')}`;
  const children: ServerProcess[] = [];
  let drop: () => Promise<void>;
  let databaseUrl: string;
  let proxy: RedisProxy;
  let gateway: string;
  let queue: Queue;
  /** The gateway's chat platform, so a job's answer can be counted as messages posted. */
  const discord = new FakeDiscord();

  const spawn = async (env: Record<string, string>) => {
    const proc = spawnCli(['start'], { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env }, dataDir);
    children.push(proc);
    const port = await Promise.race([
      proc.listening,
      proc.exited.then((code) => Promise.reject(new Error(`exited ${code}: ${proc.stderr.join('')}`))),
    ]);
    return { proc, url: `http://127.0.0.1:${port}` };
  };
  const worker = () =>
    spawn({
      ROLE: 'worker',
      REDIS_URL: redisUrl ?? '',
      RUNTIME_QUEUE_NAME: queueName,
      RUNTIME_QUEUE_LOCK_MS: '3000',
      MODELS_DIR: modelsDir,
      MODELS_OFFLINE: '1',
      RUNTIME_WORKERS: '1',
      DATA_DIR: dataDir,
    });
  const post = (skill: string, body: object) =>
    fetch(`${gateway}/v1/skills/${skill}`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['sentiment', 'imagine'] });
    ({ url: databaseUrl, drop } = await createPostgresDatabase(databaseBase ?? ''));
    proxy = await startRedisProxy(redisUrl ?? '');
    await discord.start();
    queue = new Queue(queueName, { connection: { url: redisUrl } });
    const started = await spawn({
      ROLE: 'gateway',
      DATABASE_URL: databaseUrl,
      REDIS_URL: proxy.url,
      RUNTIME_QUEUE_NAME: queueName,
      DATA_DIR: dataDir,
      MODELS_DIR: modelsDir,
      MODELS_OFFLINE: '1',
      API_KEYS: 'k',
      QUOTA_USER_PER_MINUTE: '100000',
      QUOTA_CHANNEL_PER_MINUTE: '100000',
      IMAGINE_ACCEPT_LICENSES: 'LicenseRef-stabilityai-nc-community',
      IMAGINE_DAILY_QUOTA: '1000',
      DISCORD_TOKEN: 'fake-token',
      DISCORD_APP_ID: 'app1',
      DISCORD_API_URL: discord.apiUrl,
    });
    gateway = started.url;
  }, 60_000);
  afterAll(async () => {
    for (const c of children.splice(0)) c.child.kill('SIGKILL');
    await queue?.obliterate({ force: true }).catch(() => {});
    await queue?.close();
    await proxy?.close();
    await discord.stop();
    await drop?.();
    rmSync(modelsDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('completes 1,000 skill jobs across two workers, one answer each, none lost or run twice', async () => {
    const workers = await Promise.all([worker(), worker()]);
    const texts = Array.from({ length: 1000 }, (_, i) => `message ${i}: ${i % 3 ? 'I love it' : 'I hate it'}`);
    const labels: string[] = [];
    let next = 0;
    const client = async () => {
      while (next < texts.length) {
        const text = texts[next++] ?? '';
        const res = await post('sentiment', { text });
        expect(res.status, await res.clone().text()).toBe(200);
        labels.push(((await res.json()) as { label: string }).label);
      }
    };
    await Promise.all(Array.from({ length: 32 }, client));
    expect(labels).toHaveLength(1000);
    expect(labels.every((l) => ['negative', 'neutral', 'positive'].includes(l))).toBe(true);
    const counts = await queue.getJobCounts('completed', 'failed', 'active', 'wait');
    expect(counts).toMatchObject({ completed: 1000, failed: 0, active: 0, wait: 0 });
    // Both workers took a share.
    const completed = await queue.getCompleted(0, 999);
    const byWorker = new Map<string, number>();
    for (const job of completed) byWorker.set(job.processedBy ?? '?', (byWorker.get(job.processedBy ?? '?') ?? 0) + 1);
    const pids = workers.map((w) => `:${w.proc.child.pid}`);
    expect([...byWorker.keys()].map((k) => k.slice(k.lastIndexOf(':'))).sort()).toEqual(pids.sort());
    for (const w of workers) w.proc.child.kill('SIGTERM');
    expect(await Promise.all(workers.map((w) => w.proc.exited))).toEqual([0, 0]);
  }, 300_000);

  it('finishes a job on another worker when its worker is killed with SIGKILL mid-job, answering once', async () => {
    const first = await worker();
    const answer = post('imagine', { prompt: 'a lighthouse', seed: 5, width: 512, height: 512, steps: 4 });
    const deadline = Date.now() + 60_000;
    while ((await queue.getActiveCount()) === 0) {
      if (Date.now() > deadline) throw new Error('the job never became active');
      await new Promise((r) => setTimeout(r, 20));
    }
    first.proc.child.kill('SIGKILL');
    await first.proc.exited;
    const second = await worker();
    const res = await answer;
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const failed = await queue.getJobCounts('failed');
    expect(failed.failed).toBe(0);
    // The image job was taken over: it stalled once and was finished by the second worker.
    const [image] = (await queue.getCompleted(0, 2000)).filter((j) => j.data.spec.task === 'text-to-image');
    expect(image?.stalledCounter).toBe(1);
    expect(image?.processedBy).toMatch(new RegExp(`:${second.proc.child.pid}$`));
    second.proc.child.kill('SIGTERM');
    await second.proc.exited;
  }, 180_000);

  it('through Discord: a job whose worker is killed mid-job runs again once on another, and one image is posted', async () => {
    await eventually(() => expect(discord.identifies).toHaveLength(1), 30_000);
    const first = await worker();
    const options = [
      { name: 'prompt', type: 3, value: 'a lighthouse in a storm' },
      { name: 'seed', type: 4, value: 9 },
      { name: 'size', type: 3, value: '512x512' },
      { name: 'steps', type: 4, value: 4 },
    ];
    const { token } = discord.interaction(2, { id: 'cmd-imagine', name: 'imagine', type: 1, options }, 'c1');
    const deadline = Date.now() + 60_000;
    while ((await queue.getActiveCount()) === 0) {
      if (Date.now() > deadline) throw new Error('the job never became active');
      await new Promise((r) => setTimeout(r, 20));
    }
    first.proc.child.kill('SIGKILL');
    await first.proc.exited;
    const second = await worker();
    /** Every message body sent for this interaction that carried an image. */
    const images = () =>
      discord.calls.filter(
        (c) =>
          c.path.includes(token) &&
          ((c.body.uploaded ?? []) as { name: string }[]).some((u) => u.name.endsWith('.png')),
      );
    await eventually(() => expect(images().length).toBeGreaterThan(0), 120_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(images()).toHaveLength(1);
    expect(String(images()[0]?.body.content)).toContain('a lighthouse in a storm');
    const job = (await queue.getCompleted(0, 5000)).find(
      (j) => j.data.spec.task === 'text-to-image' && j.processedBy?.endsWith(`:${second.proc.child.pid}`),
    );
    expect(job?.stalledCounter).toBe(1);
    second.proc.child.kill('SIGTERM');
    await second.proc.exited;
  }, 240_000);

  it('on SIGTERM a worker finishes its running job before exiting 0, and the caller gets one answer', async () => {
    const w = await worker();
    const pid = w.proc.child.pid;
    const answer = post('imagine', { prompt: 'a harbour at dusk', seed: 11, width: 512, height: 512, steps: 4 });
    const deadline = Date.now() + 60_000;
    while ((await queue.getActiveCount()) === 0) {
      if (Date.now() > deadline) throw new Error('the job never became active');
      await new Promise((r) => setTimeout(r, 20));
    }
    w.proc.child.kill('SIGTERM');
    const res = await answer;
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(await w.proc.exited).toBe(0);
    // Finished by the worker that was told to stop (not abandoned to another after its lock ran out), once.
    const jobs = (await queue.getCompleted(0, 5000)).filter((j) => j.data.spec.task === 'text-to-image');
    const drained = jobs.filter((j) => j.processedBy?.endsWith(`:${pid}`));
    expect(drained).toHaveLength(1);
    expect(drained[0]?.stalledCounter).toBe(0);
    expect(w.proc.logs.map((l) => l.msg)).toContain('worker draining');
  }, 180_000);

  it('answers 503 with Retry-After while Redis is unreachable, and works again when it is back', async () => {
    const w = await worker();
    expect((await post('sentiment', { text: 'before' })).status).toBe(200);
    proxy.cut();
    const during = await post('sentiment', { text: 'during' });
    expect(during.status).toBe(503);
    expect(Number(during.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await during.json()) as { error: { code: string } }).error.code).toBe('busy');
    await new Promise((r) => setTimeout(r, 5000));
    await proxy.restore();
    const deadline = Date.now() + 30_000;
    let status = 0;
    while (status !== 200 && Date.now() < deadline) {
      status = (await post('sentiment', { text: 'after' })).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
    w.proc.child.kill('SIGTERM');
    await w.proc.exited;
  }, 120_000);
});
