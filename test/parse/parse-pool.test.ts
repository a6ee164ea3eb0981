import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import { ParsePool, type ParsePoolOptions } from '../../src/parse/pool.js';

const PROBE = new URL('./probe-worker.ts', import.meta.url);

/** The error a promise rejects with (the test fails when it resolves). */
async function failure(promise: Promise<unknown>): Promise<{ code?: string; name?: string; message: string }> {
  const error = await promise.then(
    (value) => new Error(`expected a failure, got ${JSON.stringify(value)}`),
    (e: unknown) => e as Error,
  );
  if (error.message.startsWith('expected a failure')) throw error;
  return { code: error instanceof AppError ? error.code : undefined, name: error.name, message: error.message };
}

describe('ParsePool: limits per job, a replaced worker, the queue', () => {
  let pool: ParsePool | undefined;
  const open = (options: Partial<ParsePoolOptions> = {}) => {
    pool = new ParsePool({
      entry: PROBE,
      workers: 1,
      memoryMb: 64,
      timeoutMs: 5_000,
      queueLimit: 8,
      log: createLogger('silent'),
      ...options,
    });
    return pool;
  };
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it('answers jobs in order on one worker', async () => {
    const p = open();
    const answers = await Promise.all(['a', 'b', 'c'].map((value) => p.run({ do: 'echo', value })));
    expect(answers).toEqual(['echo a', 'echo b', 'echo c']);
    expect(p.replaced).toBe(0);
  });

  it('stops a job past its time limit with unprocessable, replaces the worker, and runs the next job', async () => {
    const p = open({ timeoutMs: 800 });
    const stuck = p.run({ do: 'spin' });
    const next = p.run({ do: 'echo', value: 'after' });
    expect(await failure(stuck)).toMatchObject({
      code: 'unprocessable',
      message: expect.stringMatching(/longer than 0.8 s/),
    });
    expect(await next).toBe('echo after');
    expect(p.replaced).toBe(1);
  });

  it('stops a job past its heap limit with unprocessable, and the pool goes on', async () => {
    const p = open({ memoryMb: 48 });
    expect(await failure(p.run({ do: 'hoard' }))).toMatchObject({
      code: 'unprocessable',
      message: expect.stringMatching(/more than 48 MB of memory/),
    });
    expect(await p.run({ do: 'echo', value: 'still here' })).toBe('echo still here');
    expect(p.replaced).toBe(1);
  });

  it('reports a parser’s blown stack as unprocessable without losing the worker', async () => {
    const p = open();
    expect(await failure(p.run({ do: 'recurse' }))).toMatchObject({
      code: 'unprocessable',
      message: expect.stringMatching(/too complex.*call stack/),
    });
    expect(await p.run({ do: 'echo', value: 'x' })).toBe('echo x');
    expect(p.replaced).toBe(0);
  });

  it('cancels: a queued job is dropped, a running one stops its worker, the rest still run', async () => {
    const p = open();
    await p.run({ do: 'echo', value: 'warm' }); // the worker is up: the next job starts at once
    const running = new AbortController();
    const queued = new AbortController();
    const stuck = p.run({ do: 'spin' }, { signal: running.signal });
    const dropped = p.run({ do: 'echo', value: 'never' }, { signal: queued.signal });
    const kept = p.run({ do: 'echo', value: 'kept' });
    queued.abort();
    expect(await failure(dropped)).toMatchObject({ name: 'AbortError' });
    expect(p.waiting).toBe(1);
    running.abort();
    expect(await failure(stuck)).toMatchObject({ name: 'AbortError' });
    expect(await kept).toBe('echo kept');
    expect(await failure(p.run({ do: 'echo', value: 'late' }, { signal: AbortSignal.abort() }))).toMatchObject({
      name: 'AbortError',
    });
  });

  it('says busy when its queue is full, and shutting down when closed', async () => {
    const p = open({ queueLimit: 2, timeoutMs: 1_000 });
    await p.run({ do: 'echo', value: 'warm' });
    // The first runs at once, two wait, and a third waiting one is refused.
    const jobs = [p.run({ do: 'spin' }), p.run({ do: 'echo', value: '1' }), p.run({ do: 'echo', value: '2' })];
    const refused = await failure(p.run({ do: 'echo', value: '3' }));
    expect(refused).toMatchObject({ code: 'busy' });
    expect(await Promise.allSettled(jobs)).toMatchObject([
      { status: 'rejected', reason: { code: 'unprocessable' } },
      { status: 'fulfilled', value: 'echo 1' },
      { status: 'fulfilled', value: 'echo 2' },
    ]);
    await p.close();
    expect(await failure(p.run({ do: 'echo', value: '4' }))).toMatchObject({ code: 'unavailable' });
  });
});
