import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whenFinished } from '../../src/runtime/remote/when-finished.js';
import { requiredEnv } from '../helpers/requires.js';
import { startTcpProxy, type TcpProxy, targetOf } from '../helpers/tcp-proxy.js';

const redisUrl = requiredEnv('REDIS_URL');

/**
 * Waiting for a job on real Redis. The gateway's queue connection goes through a proxy the test cuts: BullMQ's own
 * waitUntilFinished let a Redis error escape as an unhandled rejection there (which ends a Node process, and which
 * vitest counts as an error of this file); ours reads again once the connection is back.
 */
describe.skipIf(!redisUrl)('whenFinished', () => {
  const queueName = `omb-test-${randomBytes(4).toString('hex')}`;
  let proxy: TcpProxy;
  let connection: Redis;
  let queue: Queue;
  let events: QueueEvents;
  let worker: Worker;
  let release: () => void = () => {};

  beforeAll(async () => {
    proxy = await startTcpProxy(targetOf(redisUrl ?? '', 6379));
    // As the gateway's RemoteRuntime connects: no offline queue, one retry.
    connection = new Redis(proxy.via(redisUrl ?? ''), { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    connection.on('error', () => {});
    queue = new Queue(queueName, { connection });
    queue.on('error', () => {});
    events = new QueueEvents(queueName, { connection: { url: redisUrl, maxRetriesPerRequest: null } });
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    worker = new Worker(
      queueName,
      async (job) => {
        if (job.name === 'held') await held;
        if (job.name === 'fails') throw new Error('no such model');
        return { echoed: job.data };
      },
      { connection: { url: redisUrl, maxRetriesPerRequest: null } },
    );
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady(), worker.waitUntilReady()]);
  });
  afterAll(async () => {
    release();
    await worker?.close();
    await events?.close();
    await queue?.obliterate({ force: true }).catch(() => {});
    await queue?.close();
    connection?.disconnect();
    await proxy?.close();
  });

  it('gives the result of a job that finished before the wait began, and of one that finishes during it', async () => {
    const early = await queue.add('quick', { n: 1 });
    while (!(await early.isCompleted())) await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(whenFinished(queue, early, events, 5000)).resolves.toEqual({ echoed: { n: 1 } });
    const later = await queue.add('quick', { n: 2 });
    await expect(whenFinished(queue, later, events, 5000)).resolves.toEqual({ echoed: { n: 2 } });
  });

  it('rejects with the failure reason, and with a timeout when nothing is heard', async () => {
    const failing = await queue.add('fails', {});
    await expect(whenFinished(queue, failing, events, 5000)).rejects.toThrow('no such model');
    const held = await queue.add('held', {});
    await expect(whenFinished(queue, held, events, 300)).rejects.toThrow(/timed out/);
  });

  it('outlives Redis going away while the job is looked at: the result once it is back, no stray rejection', async () => {
    const held = await queue.add('held', { n: 3 });
    proxy.cut();
    const waiting = whenFinished(queue, held, events, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await proxy.restore();
    release();
    await expect(waiting).resolves.toEqual({ echoed: { n: 3 } });
  });

  it('reads the state again after a reconnect: a job that finished while the read failed is not waited on till the timeout', async () => {
    while (connection.status !== 'ready') await new Promise((resolve) => setTimeout(resolve, 20));
    // Its completion is heard before the wait begins (the events stream can lag the job's state), so only a read
    // of the state can tell the wait.
    const jobId = `n4-${randomBytes(4).toString('hex')}`;
    const heard = new Promise((resolve) => (events as unknown as EventEmitter).once(`completed:${jobId}`, resolve));
    const done = await queue.add('quick', { n: 4 }, { jobId });
    await heard;
    proxy.cut();
    while (connection.status === 'ready') await new Promise((resolve) => setTimeout(resolve, 5));
    const waiting = whenFinished(queue, done, events, 20_000);
    let settled = false;
    void waiting.finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(settled).toBe(false); // the first read failed; its finish event was before the wait
    await proxy.restore();
    await expect(waiting).resolves.toEqual({ echoed: { n: 4 } });
  });
});
