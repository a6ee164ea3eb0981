import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import { DEFAULT_MODELS } from '../../src/runtime/manifest.js';
import { startInferenceWorker } from '../../src/runtime/remote/inference-worker.js';
import { withJobScope } from '../../src/runtime/remote/job-scope.js';
import { RemoteRuntime } from '../../src/runtime/remote/remote-runtime.js';
import { LocalRuntime } from '../../src/runtime/runtime.js';
import { ModelStore } from '../../src/runtime/store/model-store.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { generatedText } from '../fixtures/models/known.js';
import { tempDir } from '../helpers/db.js';
import { requiredEnv } from '../helpers/requires.js';
import { testPool } from '../runtime/fixture-pool.js';

const redisUrl = requiredEnv('REDIS_URL');

/** The gateway's runtime and a worker in this process, on real Redis and real ONNX inference of fixtures. */
describe.skipIf(!redisUrl)('the remote runtime (BullMQ jobs on Redis)', () => {
  const modelsDir = tempDir('omb-models-');
  const queueName = `omb-test-${randomBytes(4).toString('hex')}`;
  const log = createLogger('silent');
  let local: LocalRuntime;
  let remote: RemoteRuntime;
  let worker: ReturnType<typeof startInferenceWorker>;
  let queue: Queue;

  beforeAll(() => {
    writeFixtures(modelsDir, { only: ['generator', 'sentiment'] });
    const store = new ModelStore({ modelsDir, endpoint: 'http://127.0.0.1:9', offline: true, log });
    local = new LocalRuntime(store, testPool());
    worker = startInferenceWorker(local, { redisUrl: redisUrl ?? '', queueName, log, concurrency: 8, lockMs: 5000 });
    remote = new RemoteRuntime({ redisUrl: redisUrl ?? '', queueName, log, waitMs: 60_000 });
    queue = new Queue(queueName, { connection: { url: redisUrl } });
  });
  afterAll(async () => {
    await remote?.close();
    await worker?.close();
    await local?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  const generator = { ...DEFAULT_MODELS.generator, task: 'text-generation' as const };
  const sentiment = { ...DEFAULT_MODELS.sentiment, task: 'text-classification' as const };

  it('streams generated pieces back as the worker writes them, and learns the commit', async () => {
    const pieces: string[] = [];
    const messages = [{ role: 'user' as const, content: 'Where is the treasure?' }];
    const output = await remote.run(
      generator,
      { messages, maxNewTokens: 200, stream: true },
      { onToken: (t) => pieces.push(t) },
    );
    expect(output.text).toBe(generatedText({ lastLine: 'Where is the treasure?' }));
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(output.text);
    expect(remote.revisionOf(generator)).toMatch(/^[0-9a-f]{40}$/);
    expect(await remote.commitOf(sentiment)).toBe(await local.commitOf(sentiment));
  });

  it("queues an event's jobs under ids derived from the event, so a redelivery finds them instead of adding more", async () => {
    const run = () => withJobScope('discord:evt-42', () => remote.run(sentiment, { text: 'what a lovely day' }));
    const [first, again] = [await run(), await run()];
    expect(again).toEqual(first);
    const job = await queue.getJob('discord-evt-42.0');
    expect(job?.data.spec.repo).toBe(sentiment.repo);
    expect(await queue.getJob('discord-evt-42.1')).toBeUndefined();
  });

  it("reports a worker's refusal as the same error, without retrying it", async () => {
    const error = await remote.run(generator, { maxNewTokens: 5 } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).not.toBe('busy');
  });
});
