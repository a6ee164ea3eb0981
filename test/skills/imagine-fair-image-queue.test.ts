import { describe, expect, it } from 'vitest';
import {
  type DailyCounter,
  FairImageQueue,
  type FairImageQueueOptions,
  humanSeconds,
  type JobStatus,
  MemoryDailyCounter,
} from '../../src/skills/imagine/fair-image-queue.js';

const NOON = Date.UTC(2025, 0, 31, 12, 0, 0);
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A queue whose jobs run until the test finishes them, on a clock the test moves. Jobs honour their signal. */
function harness(opts: Partial<FairImageQueueOptions<string, string>> = {}) {
  const clock = { t: NOON };
  const started: string[] = [];
  const live = new Map<string, { resolve: (png: string) => void; signal: AbortSignal; onStart: () => void }>();
  const queue = new FairImageQueue<string, string>({
    now: () => clock.t,
    run: (job, signal, onStart) =>
      new Promise<string>((resolve, reject) => {
        started.push(job);
        live.set(job, { resolve, signal, onStart });
        signal.addEventListener('abort', () => reject(signal.reason));
      }),
    ...opts,
  });
  const running = (job: string) => {
    const r = live.get(job);
    if (!r) throw new Error(`${job} is not running`);
    return r;
  };
  const finish = async (job: string, seconds = 10) => {
    clock.t += seconds * 1000;
    running(job).resolve(`png:${job}`);
    await tick();
  };
  const submit = async (user: string, job: string, onChange?: (s: JobStatus) => void) => {
    const r = await queue.submit(user, job, onChange ? { onChange } : {});
    if (!r.ok) throw new Error(r.message);
    return r.job;
  };
  /** Finishes whatever runs, one at a time, until the line is empty. */
  const drain = async () => {
    for (let done = 0; done < started.length; done++) await finish(started[done] ?? '');
  };
  return { queue, clock, started, running, finish, submit, drain };
}

describe('FairImageQueue fairness', () => {
  it('alternates two users who each queue three jobs, FIFO per user', async () => {
    const h = harness({ perUser: 3 });
    const jobs = [];
    for (const job of ['a1', 'a2', 'a3']) jobs.push(await h.submit('A', job));
    for (const job of ['b1', 'b2', 'b3']) jobs.push(await h.submit('B', job));
    // Running first, then the line as it will run: b1 a2 b2 a3 b3.
    expect(jobs.map((j) => j.position())).toEqual([0, 2, 4, 1, 3, 5]);
    await h.drain();
    expect(h.started).toEqual(['a1', 'b1', 'a2', 'b2', 'a3', 'b3']);
    expect(await jobs[0]?.done).toEqual({ status: 'done', result: 'png:a1', seconds: 10 });
    expect(jobs.map((j) => j.position())).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
    // Who was served when is only kept while there is a line: an idle queue holds no per-user memory.
    expect((h.queue as unknown as { lastServed: Map<string, number> }).lastServed.size).toBe(0);
  });

  it('gives a user who arrives later the next turn, not the end of the line', async () => {
    const h = harness({ perUser: 3 });
    for (const job of ['a1', 'a2', 'a3']) await h.submit('A', job);
    for (const job of ['b1', 'b2', 'b3']) await h.submit('B', job);
    await h.finish('a1');
    const c1 = await h.submit('C', 'c1');
    expect(c1.position()).toBe(1);
    await h.drain();
    expect(h.started).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3', 'b3']);
  });
});

describe('FairImageQueue positions and ETA', () => {
  it('tells each job its position once, then again only when it moves', async () => {
    const h = harness();
    const seen = new Map<string, string[]>();
    const listen = (user: string) => (s: JobStatus) =>
      seen.set(user, [
        ...(seen.get(user) ?? []),
        s.state === 'running' ? 'running' : `#${s.position} ${s.etaSeconds}s`,
      ]);
    await h.submit('u1', 'j1', listen('u1'));
    await h.submit('u2', 'j2', listen('u2'));
    await h.submit('u3', 'j3', async () => {
      throw new Error('a failed edit must not break the queue');
    });
    const j4 = await h.submit('u4', 'j4', listen('u4'));
    await tick();
    // Later arrivals do not move u2, so u2 heard once; each position carries its ETA (20 s default per image).
    expect(seen.get('u2')).toEqual(['#1 40s']);
    expect(seen.get('u4')).toEqual(['#3 80s']);
    expect(`You are #${j4.position()} in the queue (about ${humanSeconds(j4.eta() ?? 0)})`).toBe(
      'You are #3 in the queue (about 1 min)',
    );
    await h.finish('j1');
    expect(seen.get('u4')).toEqual(['#3 80s', '#2 30s']); // the average is now the one 10 s image
    await h.finish('j2');
    await h.finish('j3');
    expect(seen.get('u4')).toEqual(['#3 80s', '#2 30s', '#1 20s', 'running']);
    expect(seen.get('u1')).toEqual(['running']);
  });

  it('estimates from recent durations, counting from onStart so a model load does not skew it', async () => {
    const h = harness({ concurrency: 2, perUser: 5, defaultSeconds: 30 });
    const a = await h.submit('A', 'a1');
    await h.submit('B', 'b1');
    const c = await h.submit('C', 'c1');
    expect([a.eta(), c.eta()]).toEqual([30, 60]); // two slots: c1 waits for the first to free
    h.clock.t += 60_000; // a1 spends a minute loading its model...
    h.running('a1').onStart();
    await h.finish('a1', 4);
    expect(await a.done).toMatchObject({ status: 'done', seconds: 4 });
    expect(h.queue.averageSeconds()).toBe(4);
    // c1 has just taken a1's slot: one average image from now, less as it runs.
    expect(c.eta()).toBe(4);
    h.clock.t += 3_000;
    expect(c.eta()).toBe(1);
  });
});

describe('FairImageQueue cancel', () => {
  it('lets the requester and moderators cancel, refuses others, and aborts a running job', async () => {
    const h = harness({ perUser: 3 });
    const a1 = await h.submit('A', 'a1');
    const a2 = await h.submit('A', 'a2');
    const b1 = await h.submit('B', 'b1');
    const a3 = await h.submit('A', 'a3');
    expect([a2.position(), b1.position(), a3.position()]).toEqual([2, 1, 3]);

    const refused = a2.cancel('B', false);
    expect(refused).toMatchObject({ ok: false, reason: 'not_owner' });
    expect(refused.ok || refused.message).toMatch(/person who asked.*or a moderator/);
    expect(a2.position()).toBe(2);

    expect(a2.cancel('A', false)).toEqual({ ok: true, was: 'waiting' });
    expect(await a2.done).toEqual({ status: 'cancelled', byUserId: 'A', byModerator: false });
    expect(a3.position()).toBe(2); // those behind move up
    expect(h.queue.cancel(a3.id, 'M', true)).toEqual({ ok: true, was: 'waiting' });
    expect(await a3.done).toEqual({ status: 'cancelled', byUserId: 'M', byModerator: true });

    expect(a1.cancel('A', false)).toEqual({ ok: true, was: 'running' });
    expect(h.running('a1').signal.aborted).toBe(true);
    expect(await a1.done).toEqual({ status: 'cancelled', byUserId: 'A', byModerator: false });
    await tick();
    expect(h.started).toEqual(['a1', 'b1']);
    expect(a1.cancel('A', false)).toMatchObject({ ok: false, reason: 'not_found' });
  });
});

describe('FairImageQueue limits', () => {
  it('refuses a second job per user with where the first one is and when to try again', async () => {
    const h = harness();
    const a = await h.submit('A', 'a1');
    const b = await h.submit('B', 'b1');
    expect(await h.queue.submit('A', 'a2')).toEqual({
      ok: false,
      reason: 'user_limit',
      limit: 1,
      jobIds: [a.id],
      position: 0,
      retryAfterSeconds: 20,
      message: 'You already have an image on the way (running); try again when it is done (in about 20 s).',
    });
    const again = await h.queue.submit('B', 'b2');
    expect(again).toMatchObject({
      ok: false,
      reason: 'user_limit',
      jobIds: [b.id],
      position: 1,
      retryAfterSeconds: 40,
    });
    expect(again.ok || again.message).toContain('#1 in the queue');
    await h.finish('a1');
    expect((await h.queue.submit('A', 'a2')).ok).toBe(true);
  });

  it('refuses over the daily quota until 00:00 UTC, counting cancelled jobs, per user', async () => {
    const counter = new MemoryDailyCounter();
    const h = harness({ perUser: 5, dailyQuota: 2, counter });
    await h.submit('A', 'a1');
    (await h.submit('A', 'a2')).cancel('A', false);
    const refused = await h.queue.submit('A', 'a3');
    expect(refused).toMatchObject({
      ok: false,
      reason: 'daily_quota',
      limit: 2,
      resetsAt: Date.UTC(2025, 1, 1),
      retryAfterSeconds: 12 * 3600,
    });
    expect(refused.ok || refused.message).toBe(
      'You have made your 2 images for today; the quota resets at 00:00 UTC (in 12 h).',
    );
    expect(await counter.used('A', '2025-01-31')).toBe(2);
    expect((await h.queue.submit('B', 'b1')).ok).toBe(true);
    h.clock.t = Date.UTC(2025, 1, 1, 0, 0, 1);
    expect((await h.queue.submit('A', 'a3')).ok).toBe(true);
  });

  it('admits one at a time, so concurrent submits cannot both slip under the quota', async () => {
    const inner = new MemoryDailyCounter();
    // A slow store (like a database) widens the gap between reading the count and adding to it.
    const slow: DailyCounter = {
      async used(u, d) {
        await tick();
        return inner.used(u, d);
      },
      async add(u, d) {
        await tick();
        return inner.add(u, d);
      },
    };
    const h = harness({ perUser: 5, dailyQuota: 1, counter: slow });
    const results = await Promise.all([h.queue.submit('A', 'a1'), h.queue.submit('A', 'a2')]);
    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['ok', 'daily_quota']);
  });
});

describe('FairImageQueue failures', () => {
  it('reports a failed run as an outcome and goes on with the next job', async () => {
    const queue = new FairImageQueue<string, string>({
      run: (job) => {
        if (job === 'sync') throw new Error('thrown at once'); // not even a promise
        return tick().then(() => {
          if (job === 'async') throw new Error('rejected later');
          return `png:${job}`;
        });
      },
    });
    const submit = async (user: string, job: string) => {
      const r = await queue.submit(user, job);
      if (!r.ok) throw new Error(r.message);
      return r.job.done;
    };
    const outcomes = await Promise.all([submit('A', 'sync'), submit('B', 'async'), submit('C', 'fine')]);
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'failed', 'done']);
    expect(outcomes[0]).toMatchObject({ error: new Error('thrown at once') });
  });
});
