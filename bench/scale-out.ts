import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFixtures } from '../test/fixtures/models/generate.js';

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
const REQUESTS = 2000;
const CONCURRENCY = 64;
const WARMUP = 200;

/**
 * Throughput of skill jobs through one gateway (ROLE=gateway) and one, then two, worker processes (ROLE=worker, one
 * inference thread each) on this machine's Redis and Postgres, on the fixture sentiment model: POST
 * /v1/skills/sentiment from 64 concurrent clients. The fixture model is small, so this measures the path (HTTP,
 * skill, queue, worker, back) more than inference; on a 2-core machine the gateway and workers share the cores.
 */
export async function scaleOut(): Promise<Record<string, unknown>> {
  const redisUrl = process.env.REDIS_URL;
  const databaseUrl = process.env.DATABASE_URL;
  if (!redisUrl || !databaseUrl) throw new Error('set REDIS_URL and DATABASE_URL (this machine: see README)');
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const dir = mkdtempSync(path.join(tmpdir(), 'omb-bench-scale-'));
  const modelsDir = path.join(dir, 'models');
  writeFixtures(modelsDir, { only: ['sentiment'] });
  const queueName = `omb-bench-${randomBytes(4).toString('hex')}`;
  const children: ChildProcess[] = [];
  const common = { HOST: '127.0.0.1', LOG_LEVEL: 'warn', REDIS_URL: redisUrl, RUNTIME_QUEUE_NAME: queueName };
  const start = async (env: Record<string, string>, port: number) => {
    const child = spawn(process.execPath, [cli, 'start'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', ...common, PORT: String(port), DATA_DIR: dir, ...env },
      stdio: 'ignore',
    });
    children.push(child);
    await waitReady(`http://127.0.0.1:${port}`);
  };
  const worker = (port: number) =>
    start(
      { ROLE: 'worker', MODELS_DIR: modelsDir, MODELS_OFFLINE: '1', RUNTIME_WORKERS: '1', RUNTIME_THREADS: '1' },
      port,
    );
  try {
    await start(
      {
        ROLE: 'gateway',
        DATABASE_URL: databaseUrl,
        MODELS_DIR: modelsDir,
        MODELS_OFFLINE: '1',
        API_KEYS: 'k',
        QUOTA_USER_PER_MINUTE: '1000000',
        QUOTA_CHANNEL_PER_MINUTE: '1000000',
      },
      4301,
    );
    await worker(4302);
    await load('http://127.0.0.1:4301', WARMUP);
    const one = await load('http://127.0.0.1:4301', REQUESTS);
    await worker(4303);
    await load('http://127.0.0.1:4301', WARMUP);
    const two = await load('http://127.0.0.1:4301', REQUESTS);
    return {
      one_worker_per_s: Math.round(one),
      two_workers_per_s: Math.round(two),
      ratio: Number((two / one).toFixed(2)),
      requests: REQUESTS,
      concurrency: CONCURRENCY,
      cores: (await import('node:os')).cpus().length,
    };
  } finally {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Jobs per second for `count` requests from CONCURRENCY clients; every answer must be a 200. */
async function load(url: string, count: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  const client = async () => {
    while (next < count) {
      next += 1;
      const res = await fetch(`${url}/v1/skills/sentiment`, {
        method: 'POST',
        headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
        body: JSON.stringify({ text: `request ${next}: what a lovely day` }),
      });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  return count / ((performance.now() - started) / 1000);
}

async function waitReady(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${url}/readyz`).catch(() => undefined);
    if (res?.status === 200) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} was not ready in 60 s`);
}
