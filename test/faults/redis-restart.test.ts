import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import type { ModelSpec } from '../../src/runtime/models.js';
import type { RunOptions } from '../../src/runtime/pool.js';
import { startInferenceWorker } from '../../src/runtime/remote/inference-worker.js';
import { LocalRuntime } from '../../src/runtime/runtime.js';
import { ModelStore } from '../../src/runtime/store/model-store.js';
import type { TaskInput, TaskName, TaskOutput } from '../../src/runtime/tasks.js';
import { RecordingAdapter } from '../fakes/recording-adapter.js';
import { sleep } from '../fakes/skills.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';
import { requiredEnv } from '../helpers/requires.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startTcpProxy, type TcpProxy, targetOf } from '../helpers/tcp-proxy.js';
import { testPool } from '../runtime/fixture-pool.js';

const redisUrl = requiredEnv('REDIS_URL');

/** The worker's real runtime, holding each job at its start until the test lets it go: jobs stay "running". */
class HeldRuntime extends LocalRuntime {
  started = 0;
  private release: () => void = () => {};
  private readonly gate = new Promise<void>((resolve) => {
    this.release = resolve;
  });
  letGo(): void {
    this.release();
  }
  override async run<T extends TaskName>(spec: ModelSpec & { task: T }, input: TaskInput<T>, options?: RunOptions) {
    this.started++;
    await this.gate;
    return super.run(spec, input, options) as Promise<TaskOutput<T>>;
  }
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not in time`);
    await sleep(25);
  }
}

describe.skipIf(!redisUrl)(
  'Redis restarted while 100 jobs are running (gateway and worker through a TCP proxy)',
  () => {
    const modelsDir = tempDir('omb-models-');
    const queueName = `omb-test-${randomBytes(4).toString('hex')}`;
    const chat = new RecordingAdapter();
    const sends = (eventId: string) =>
      chat.recorded.flatMap((r) => (r.op === 'send' && r.eventId === eventId ? [r] : []));
    let proxy: TcpProxy;
    let server: TestServer;
    let runtime: HeldRuntime;
    let worker: ReturnType<typeof startInferenceWorker>;

    beforeAll(async () => {
      writeFixtures(modelsDir, { only: ['sentiment'] });
      proxy = await startTcpProxy(targetOf(redisUrl ?? '', 6379));
      const via = proxy.via(redisUrl ?? '');
      const log = createLogger('silent');
      const store = new ModelStore({ modelsDir, endpoint: 'http://127.0.0.1:9', offline: true, log });
      runtime = new HeldRuntime(store, testPool());
      worker = startInferenceWorker(runtime, { redisUrl: via, queueName, log, concurrency: 128, lockMs: 8000 });
      server = await startTestServer({
        adapters: [chat],
        env: {
          ROLE: 'gateway',
          REDIS_URL: via,
          RUNTIME_QUEUE_NAME: queueName,
          MODELS_DIR: modelsDir,
          MODELS_OFFLINE: '1',
          QUOTA_USER_PER_MINUTE: '10000',
          QUOTA_CHANNEL_PER_MINUTE: '10000',
          DEFER_AFTER_MS: '60000',
        },
      });
    }, 60_000);
    afterAll(async () => {
      runtime?.letGo();
      await server?.close();
      await worker?.close();
      await runtime?.close();
      await proxy?.close();
      const queue = new Queue(queueName, { connection: { url: redisUrl } });
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
      rmSync(modelsDir, { recursive: true, force: true });
    });

    it('answers each of the 100 events once, with its result, after Redis comes back', async () => {
      const where = (i: number) => ({ channelId: `c${i}`, userId: `u${i % 9}` });
      const events = Array.from({ length: 100 }, (_, i) =>
        chat.command(
          'sentiment',
          { text: i % 2 ? 'I love this, it is great' : 'this is terrible and awful' },
          where(i),
          `r${i}`,
        ),
      );
      await until(() => runtime.started >= 100, 30_000, '100 jobs running');

      // The restart: every connection reset, new ones refused for 5 s, while all 100 jobs are mid-run.
      proxy.cut();
      // Someone asking while Redis is away is told so (nothing queued that could be lost), once.
      const late = chat.command('sentiment', { text: 'hello?' }, where(100), 'late');
      await sleep(5000);
      await proxy.restore();
      runtime.letGo();
      const outcomes = await Promise.all([...events, late]);
      expect(outcomes.every((o) => o === 'handled')).toBe(true);
      const told = chat.recorded.filter((r) => r.eventId === 'late');
      expect(told.map((r) => (r.op === 'defer' ? 'defer' : r.reply.text))).toEqual([
        expect.stringMatching(
          /^Sorry, I couldn't do that: the inference queue cannot be reached right now; please try again shortly\. \(error id: [\w-]+\)$/,
        ),
      ]);

      for (let i = 0; i < 100; i++) {
        const sent = sends(`r${i}`);
        expect(sent, `r${i}`).toHaveLength(1);
        expect(sent[0]?.reply.text).toContain(i % 2 ? '**Positive**' : '**Negative**');
      }
      // Nothing is answered again later (a job that ran twice on the worker still completes once for the gateway).
      await sleep(1000);
      expect(chat.recorded.filter((r) => r.op === 'send')).toHaveLength(101);

      // The operator's view: the lost connection logged, the refused run counted.
      expect(server.lines.some((l) => String(l.msg).startsWith('inference queue') && l.level === 40)).toBe(true);
      expect(server.lines.some((l) => l.msg === 'queue unreachable: skill run answered with a reason')).toBe(true);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toContain('dependency_unavailable_total{dependency="queue"} 1');

      // And the next question is answered as usual.
      await chat.command('sentiment', { text: 'I love this' }, where(101), 'after');
      expect(sends('after')[0]?.reply.text).toContain('**Positive**');
    }, 60_000);
  },
);
